using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>Without the runtime package, look-alike code gets neither diagnostics nor generated sources.</summary>
    public sealed class PackageNotReferencedTests
    {
        private const string LookAlike = """
            using System;

            namespace MyApp
            {
                [AttributeUsage(AttributeTargets.Class)]
                public sealed class FlowAttribute : Attribute
                {
                    public FlowAttribute(string id) => Id = id;

                    public string Id { get; }
                }

                [AttributeUsage(AttributeTargets.Method)]
                public sealed class ActionAttribute : Attribute
                {
                    public ActionAttribute(int order) => Order = order;

                    public int Order { get; }
                }

                [Flow("orders")]
                public class FlowRunner
                {
                    [Action(1)]
                    public void Step(string unbound)
                    {
                    }
                }

                public class FlowOfOrders
                {
                }
            }
            """;

        [Fact]
        public void Look_alike_code_compiles_on_its_own()
        {
            var compilation = TestCompilation.CreateWithoutRuntime(LookAlike);

            Assert.Empty(TestCompilation.Errors(compilation));
            Assert.DoesNotContain(compilation.References, r => r.Display?.EndsWith("Automations.Compiled.dll", System.StringComparison.Ordinal) == true);
        }

        [Fact]
        public async Task Analyzer_is_silent()
        {
            var compilation = TestCompilation.CreateWithoutRuntime(LookAlike);

            Assert.Empty(await FlowAnalysis.AnalyzeAsync(compilation));
        }

        [Fact]
        public void Generator_produces_nothing()
        {
            var run = GeneratorRun.Start(TestCompilation.CreateWithoutRuntime(LookAlike));

            Assert.Empty(run.Diagnostics);
            Assert.Empty(run.Generator.GeneratedSources);
            Assert.Equal(run.Input.SyntaxTrees.Count(), run.Output.SyntaxTrees.Count());
        }
    }
}
