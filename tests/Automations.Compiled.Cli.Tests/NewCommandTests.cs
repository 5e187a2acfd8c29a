using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Automations.Compiled.Cli.Tests
{
    public sealed class NewCommandTests
    {
        [Fact]
        public async Task New_scaffolds_a_flow_with_its_schema_and_refuses_to_overwrite_it()
        {
            using var work = new Workspace();
            var created = await FlowTool.RunAsync(work.Path, "new", "greet-customer");

            Assert.True(created.ExitCode == 0, created.ToString());
            using (var document = JsonDocument.Parse(File.ReadAllText(work.File("greet-customer.flow.json"))))
            {
                Assert.Equal("greet-customer", document.RootElement.GetProperty("id").GetString());
                Assert.EndsWith("flow.schema.json", document.RootElement.GetProperty("$schema").GetString());
            }

            var again = await FlowTool.RunAsync(work.Path, "new", "greet-customer");
            Assert.Equal(2, again.ExitCode);
            Assert.Equal($"flow: {work.File("greet-customer.flow.json")} exists already; use --force to overwrite it.", again.Error.Trim());
        }

        [Theory]
        [InlineData(new[] { "new", "Bad Name" }, "is not a flow id")]
        [InlineData(new[] { "frobnicate" }, "Unrecognized command or argument 'frobnicate'")]
        [InlineData(new[] { "new" }, "Required argument missing")]
        public async Task Usage_mistakes_exit_2_with_a_short_message_and_write_nothing(string[] args, string message)
        {
            using var work = new Workspace();
            var result = await FlowTool.RunAsync(work.Path, args);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains(message, result.Error);
            Assert.DoesNotContain("   at ", result.Error); // no stack trace
            Assert.Empty(Directory.GetFiles(work.Path));
        }
    }
}
