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

        /// <summary>A template of an app's own making, and a file that reads like ours.</summary>
        private const string LifecycleLookAlike = """
            using System;

            namespace MyApp
            {
                [AttributeUsage(AttributeTargets.Class)]
                public sealed class LifecycleAttribute : Attribute
                {
                    public LifecycleAttribute(string id, Type entity) => Id = id;

                    public string Id { get; }
                }

                [AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
                public sealed class LifecycleActionAttribute : Attribute
                {
                    public LifecycleActionAttribute(string name) => Name = name;

                    public string Name { get; }

                    public string? To { get; set; }
                }

                [Lifecycle(" padded ", typeof(string))]
                [LifecycleAction("Start", To = "Nowhere")]
                public class ServerLifecycle : Exception
                {
                }
            }
            """;

        private const string LifecycleFile = """{ "lifecycle": " padded ", "entity": "No.Such.Type", "states": [], "actions": [ { "name": "Start", "to": "Nowhere", "flow": "missing" } ] }""";

        [Fact]
        public Task Analyzer_is_silent_on_lifecycle_look_alikes() => new FlowAnalyzerTest(withRuntime: false)
        {
            // The look-alike compiles, and nothing is reported for it nor for files that read like ours.
            TestState =
            {
                Sources = { LifecycleLookAlike },
                AdditionalFiles = { ("lifecycles/server.lifecycle.json", LifecycleFile), ("lifecycles/broken.lifecycle.json", "{") },
            },
        }.RunAsync();

        [Fact]
        public void Generator_produces_nothing_for_lifecycle_look_alikes()
        {
            // Only the C# look-alike: *.lifecycle.json files reach the compiler through the package's build props, so a
            // project without the package has none (as for *.flow.json files).
            var run = GeneratorRun.Start(TestCompilation.CreateWithoutRuntime(LifecycleLookAlike));

            Assert.Empty(run.Diagnostics);
            Assert.Empty(run.Generator.GeneratedSources);
        }

        [Fact]
        public void Look_alike_code_compiles_on_its_own()
        {
            var compilation = TestCompilation.CreateWithoutRuntime(LookAlike);

            Assert.Empty(TestCompilation.Errors(compilation));
            Assert.DoesNotContain(compilation.References, r => r.Display?.EndsWith("Automations.Compiled.dll", System.StringComparison.Ordinal) == true);
        }

        [Fact]
        public Task Analyzer_is_silent() => new FlowAnalyzerTest(withRuntime: false) { TestCode = LookAlike }.RunAsync();

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
