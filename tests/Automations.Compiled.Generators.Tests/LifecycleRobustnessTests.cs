using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>
    /// Garbage in lifecycle templates never makes the generator or the analyzer throw: a throwing generator shows up as
    /// CS8785 (AUTO9001 when emitting fails), a throwing analyzer as AD0001, a throwing front end as AUTO9002.
    /// </summary>
    public sealed class LifecycleRobustnessTests
    {
        public static TheoryData<string> OddTemplates => new()
        {
            "null-names",
            "missing-types",
            "access-out-of-range",
            "extreme-priorities",
            "odd-strings",
            "entity-of-every-kind",
            "flow-of-every-kind",
            "no-states-no-actions",
            "struct-and-interface",
            "two-lifecycle-attributes",
            "global-namespace",
            "nested",
        };

        [Theory]
        [MemberData(nameof(OddTemplates))]
        public async Task Odd_attribute_arguments_never_make_the_generator_or_analyzer_throw(string name)
        {
            var compilation = TestCompilation.Create(LifecycleSources.Entities, Source(name));

            var failures = await FailuresAsync(compilation, ImmutableArray<AdditionalText>.Empty);

            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        [Theory]
        [MemberData(nameof(OddTemplates))]
        public void Odd_attribute_arguments_that_compile_get_generated_code_that_compiles(string name)
        {
            var compilation = TestCompilation.Create(LifecycleSources.Entities, Source(name));
            var inputErrors = TestCompilation.Errors(compilation).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);

            var run = GeneratorRun.Start(compilation);

            // Only the compiler's own complaints about the user's code, none about ours.
            var added = TestCompilation.Errors(run.Output).Where(d => !inputErrors.Contains(d.Id) || d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true).ToList();
            Assert.True(added.Count == 0, "The generated code adds errors:\n" + string.Join("\n", added));
        }

        [Fact]
        public async Task An_action_level_out_of_range_is_kept_as_written_not_lowered_to_User()
        {
            var run = GeneratorRun.Start(TestCompilation.Create(LifecycleSources.Entities, Source("access-out-of-range")));

            Assert.Empty(await FlowAnalysis.AnalyzeAsync(run.Output));
            Assert.Empty(TestCompilation.Errors(run.Output));
            var source = run.Source("Odd.RangeLifecycle.Lifecycle.g.cs");
            Assert.Contains("(global::Automations.Compiled.AccessLevel)(42)", source, StringComparison.Ordinal);
            Assert.Contains("(global::Automations.Compiled.AccessLevel)(-1)", source, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Every_truncation_of_a_lifecycle_file_is_survived()
        {
            var json = LifecycleSources.Json;
            var texts = Enumerable.Range(0, json.Length / 7).Select(i => json.Substring(0, i * 7)).ToList();

            var failures = await FailuresAsync(texts);

            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        [Fact]
        public async Task Random_edits_of_a_lifecycle_file_are_survived()
        {
            // Deterministic: the same edits on every run, so a failure can be replayed.
            var random = new Random(6012);
            string[] pieces = { "{", "}", "[", "]", ",", ":", "\"", "null", "true", "1e999", "-0", "\"\"", "\"Stopped\"", "{\"name\": null}", "[[", "\\u00", "//", "/*" };
            var texts = new List<string>();
            for (var i = 0; i < 120; i++)
            {
                var text = new StringBuilder(LifecycleSources.Json);
                for (var edit = random.Next(1, 4); edit > 0; edit--)
                {
                    var at = random.Next(text.Length);
                    var length = Math.Min(random.Next(0, 12), text.Length - at);
                    text.Remove(at, length).Insert(at, pieces[random.Next(pieces.Length)]);
                }

                texts.Add(text.ToString());
            }

            var failures = await FailuresAsync(texts);

            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        [Theory]
        [InlineData("""{ "lifecycle": "", "entity": "", "states": [], "actions": [] }""")]
        [InlineData("""{ "lifecycle": " x ", "entity": "1.2", "namespace": "1bad", "class": "bad name", "states": "Stopped", "actions": {} }""")]
        [InlineData("""{ "lifecycle": 7, "entity": null, "states": [null, 1, {}, { "name": null }, { "name": "", "final": "yes" }, "A", "A"], "actions": [null, [], {}] }""")]
        [InlineData("""{ "lifecycle": "x", "entity": "Demo.Server", "states": ["A"], "actions": [ { "name": "", "transit": "", "from": "", "to": "", "error": "", "reference": "", "flow": "", "priority": 1e99, "access": 5, "note": [] } ] }""")]
        [InlineData("""{ "lifecycle": "x", "entity": "Demo.Server", "states": ["A"], "actions": [ { "name": "Go", "transit": "A", "priority": -99999999999, "access": "root", "flow": "start-server", "extra": { "deep": [[[[1]]]] } } ] }""")]
        [InlineData("""{ "lifecycle": "x\u0000\"'{}", "entity": "Demo.Server", "states": ["\n", "*/", "\"quoted\""], "actions": [ { "name": "\\", "transit": "\n", "to": "*/" } ] }""")]
        [InlineData("null")]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("\"just a string\"")]
        public async Task Odd_lifecycle_files_are_survived(string json)
        {
            var failures = await FailuresAsync(new[] { json });

            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        [Fact]
        public async Task A_lifecycle_file_nested_far_too_deep_is_refused_not_a_crash()
        {
            var json = "{ \"lifecycle\": \"deep\", \"states\": " + new string('[', 5000) + new string(']', 5000) + " }";

            var failures = await FailuresAsync(new[] { json });

            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        /// <summary>What went wrong when <paramref name="texts"/> were compiled as lifecycle files, one at a time.</summary>
        private static async Task<List<string>> FailuresAsync(IEnumerable<string> texts)
        {
            var failures = new List<string>();
            var compilation = TestCompilation.Create(LifecycleSources.Entities);
            foreach (var text in texts)
            {
                var files = ImmutableArray.Create<AdditionalText>(new InMemoryText("lifecycles/odd.lifecycle.json", text));
                failures.AddRange((await FailuresAsync(compilation, files)).Select(f => f + "\n  in: " + text.Replace("\n", " ", StringComparison.Ordinal)));
            }

            return failures;
        }

        private static async Task<List<string>> FailuresAsync(Compilation compilation, ImmutableArray<AdditionalText> files)
        {
            var failures = new List<string>();
            var run = GeneratorRun.Start(compilation, files);
            if (run.Generator.Exception is { } exception)
            {
                failures.Add("generator threw: " + exception);
            }

            failures.AddRange(run.Diagnostics.Where(d => d.Id is "CS8785" or "AUTO9001").Select(d => "generator: " + d));
            failures.AddRange((await FlowAnalysis.AnalyzeAsync(run.Output, files)).Where(d => d.Id is "AD0001" or "AUTO9002").Select(d => "analyzer: " + d));
            return failures;
        }

        private static string Source(string name) => "using System;\nusing System.Collections.Generic;\nusing Automations.Compiled;\nusing Demo;\n\n" + name switch
        {
            "null-names" => """
                namespace Odd
                {
                    [Lifecycle(null!, null!, Description = null)]
                    [LifecycleState(null!, Description = null)]
                    [LifecycleState(null!)]
                    [LifecycleState("")]
                    [LifecycleAction(null!, From = null, Transit = null, To = null, Error = null, Reference = null, Flow = null, Note = null)]
                    [LifecycleAction("", Transit = "")]
                    public partial class NullLifecycle { }
                }
                """,
            "missing-types" => """
                namespace Odd
                {
                    [Lifecycle("missing", typeof(NoSuchEntity))]
                    [LifecycleState("On", Final = true)]
                    [LifecycleAction("Create", Transit = "On", Flow = typeof(NoSuchFlow))]
                    [LifecycleAction("Make", Transit = "On", Flow = typeof(Demo.Nowhere.Flow))]
                    [LifecycleAction("Build", Transit = "On", Flow = typeof(List<>))]
                    [LifecycleAction("Forge", Transit = "On", Flow = typeof(Dictionary<,>))]
                    public partial class MissingLifecycle { }
                }
                """,
            "access-out-of-range" => """
                namespace Odd
                {
                    [Lifecycle("range", typeof(Server))]
                    [LifecycleState("On")]
                    [LifecycleState("Off", Final = true)]
                    [LifecycleAction("Create", Transit = "On", To = "On", Access = (AccessLevel)42)]
                    [LifecycleAction("Stop", From = "On", Transit = "Off", To = "Off", Access = (AccessLevel)(-1))]
                    public partial class RangeLifecycle { }
                }
                """,
            "extreme-priorities" => """
                namespace Odd
                {
                    [Lifecycle("priorities", typeof(Server))]
                    [LifecycleState("On", Final = true)]
                    [LifecycleAction("Create", Transit = "On", Priority = int.MinValue)]
                    [LifecycleAction("Make", Transit = "On", Priority = int.MaxValue)]
                    [LifecycleAction("Build", Transit = "On", Priority = (int)'x')]
                    public partial class PriorityLifecycle { }
                }
                """,
            "odd-strings" => """
                namespace Odd
                {
                    [Lifecycle("odd \"id\" \\ {x} */", typeof(Server), Description = "line\nbreak <b>&amp;</b> \"quoted\" */")]
                    [LifecycleState("ünïcödé ståte")]
                    [LifecycleState("with \"quotes\" and \\ slash */ \n new line", Description = "</summary>")]
                    [LifecycleState("{0}", Final = true)]
                    [LifecycleAction("Go \"now\"", Transit = "ünïcödé ståte", To = "with \"quotes\" and \\ slash */ \n new line", Reference = "go \"now\"", Note = "#line 1 \"x\"\n#error no")]
                    [LifecycleAction("{0}", From = "with \"quotes\" and \\ slash */ \n new line", Transit = "ünïcödé ståte", To = "{0}")]
                    public partial class OddLifecycle { }
                }
                """,
            "entity-of-every-kind" => """
                namespace Odd
                {
                    [Lifecycle("int", typeof(int))] [LifecycleState("On", Final = true)] [LifecycleAction("Create", Transit = "On")] public partial class IntLifecycle { }
                    [Lifecycle("array", typeof(Server[]))] [LifecycleState("On", Final = true)] [LifecycleAction("Create", Transit = "On")] public partial class ArrayLifecycle { }
                    [Lifecycle("generic", typeof(List<Server>))] [LifecycleState("On", Final = true)] [LifecycleAction("Create", Transit = "On")] public partial class GenericLifecycle { }
                    [Lifecycle("open", typeof(List<>))] [LifecycleState("On", Final = true)] [LifecycleAction("Create", Transit = "On")] public partial class OpenLifecycle { }
                    [Lifecycle("interface", typeof(IMachine))] [LifecycleState("On", Final = true)] [LifecycleAction("Create", Transit = "On", Flow = typeof(StartServer))] public partial class InterfaceLifecycle { }
                    [Lifecycle("nullable", typeof(int?))] [LifecycleState("On", Final = true)] [LifecycleAction("Create", Transit = "On")] public partial class NullableLifecycle { }
                }
                """,
            "flow-of-every-kind" => """
                namespace Odd
                {
                    [Lifecycle("flows", typeof(Server))]
                    [LifecycleState("On", Final = true)]
                    [LifecycleAction("A", Transit = "On", Flow = typeof(int))]
                    [LifecycleAction("B", Transit = "On", Flow = typeof(Server))]
                    [LifecycleAction("C", Transit = "On", Flow = typeof(FlowsLifecycle))]
                    [LifecycleAction("D", Transit = "On", Flow = typeof(SendInvoice))]
                    [LifecycleAction("E", Transit = "On", Flow = typeof(IFlow<Server>))]
                    [LifecycleAction("F", Transit = "On", Flow = typeof(string[]))]
                    public partial class FlowsLifecycle { }
                }
                """,
            "no-states-no-actions" => """
                namespace Odd
                {
                    [Lifecycle("empty", typeof(Server))]
                    public partial class EmptyLifecycle { }

                    [Lifecycle("actions-only", typeof(Server))]
                    [LifecycleAction("Create", Transit = "Ghost", To = "Ghost", Error = "Ghost", From = "Ghost")]
                    public partial class ActionsOnlyLifecycle { }
                }
                """,
            "struct-and-interface" => """
                namespace Odd
                {
                    #pragma warning disable CS0592
                    [Lifecycle("struct", typeof(Server))] public partial struct StructLifecycle { }
                    [Lifecycle("interface", typeof(Server))] public partial interface IInterfaceLifecycle { }
                    [Lifecycle("record", typeof(Server))] public partial record RecordLifecycle { }
                    [Lifecycle("static", typeof(Server))] public static partial class StaticLifecycle { }
                    [Lifecycle("abstract", typeof(Server))] [LifecycleState("On", Final = true)] [LifecycleAction("Create", Transit = "On")] public abstract partial class AbstractLifecycle { }
                    [Lifecycle("sealed", typeof(Server))] [LifecycleState("On", Final = true)] [LifecycleAction("Create", Transit = "On")] public sealed partial class SealedLifecycle { }
                }
                """,
            "two-lifecycle-attributes" => """
                namespace Odd
                {
                    [Lifecycle("first", typeof(Server))]
                    [Lifecycle("second", typeof(Server))]
                    [LifecycleState("On", Final = true)]
                    [LifecycleAction("Create", Transit = "On")]
                    public partial class TwiceLifecycle { }

                    [Lifecycle("split", typeof(Server))]
                    [LifecycleState("On", Final = true)]
                    public partial class SplitLifecycle { }

                    [LifecycleAction("Create", Transit = "On")]
                    public partial class SplitLifecycle { }
                }
                """,
            "global-namespace" => """
                [Lifecycle("global", typeof(Server))]
                [LifecycleState("On", Final = true)]
                [LifecycleAction("Create", Transit = "On", Flow = typeof(StartServer))]
                public partial class GlobalLifecycle { }
                """,
            "nested" => """
                namespace Odd
                {
                    public partial class Outer
                    {
                        public partial class Middle
                        {
                            [Lifecycle("nested", typeof(Server))]
                            [LifecycleState("On", Final = true)]
                            [LifecycleAction("Create", Transit = "On", Flow = typeof(StartServer))]
                            internal partial class NestedLifecycle { }
                        }
                    }

                    public partial struct Holder
                    {
                        [Lifecycle("in-struct", typeof(Server))]
                        [LifecycleState("On", Final = true)]
                        [LifecycleAction("Create", Transit = "On")]
                        private partial class InStructLifecycle { }
                    }
                }
                """,
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }
}
