using System.Threading.Tasks;
using Xunit;

namespace Automations.Compiled.Cli.Tests
{
    /// <summary>The CLI compiles a JSON flow's code steps with the same emitter as the build, and the snippet runs.</summary>
    public sealed class CodeStepRunTests
    {
        private const string Doubling = """
            {
              "id": "doubling",
              "inputs": { "price": "double" },
              "steps": [
                { "id": "twice", "type": "code", "code": "return inputs.Price * 2;", "output": "double" },
                { "id": "say", "type": "action", "action": "log", "inputs": { "message": { "$expr": "'twice: ' + string(steps.twice.output)" } } }
              ]
            }
            """;

        [Fact]
        public async Task Run_compiles_a_code_step_and_a_later_expression_reads_its_typed_output()
        {
            using var work = new Workspace();
            work.Write("doubling.flow.json", Doubling);

            var result = await FlowTool.RunAsync(work.Path, "run", "doubling.flow.json", "--input", "{\"price\": 21.5}");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.StartsWith("twice: 43", result.Out.ReplaceLineEndings("\n"), System.StringComparison.Ordinal);
        }
    }
}
