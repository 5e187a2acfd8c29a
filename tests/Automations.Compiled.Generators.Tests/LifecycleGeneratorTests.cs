extern alias Analyzers;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Automations.Compiled.Generators.Tests.Rules;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>
    /// What the generator makes of lifecycle templates: a valid one compiles into a <c>LifecycleTemplate&lt;TEntity&gt;</c>,
    /// an invalid one into a stub that compiles and throws, a class of the wrong shape into nothing; never a cascade of
    /// compiler errors, and never one of the analyzer's rules.
    /// </summary>
    public sealed class LifecycleGeneratorTests
    {
        [Fact]
        public void The_csharp_template_compiles()
        {
            var run = GeneratorRun.Start(TestCompilation.Create(LifecycleSources.Entities, LifecycleSources.Template));

            Assert.Empty(run.Diagnostics);
            AssertCompiles(run);
            var source = run.Source("Demo.ServerLifecycle.Lifecycle.g.cs");
            Assert.Contains("partial class ServerLifecycle : global::Automations.Compiled.LifecycleTemplate<global::Demo.Server>", source, StringComparison.Ordinal);
            Assert.Contains("public override string Id => \"server\";", source, StringComparison.Ordinal);
        }

        [Fact]
        public void The_json_template_compiles()
        {
            var run = GeneratorRun.Start(TestCompilation.Create(LifecycleSources.Entities), new[] { new InMemoryText(LifecycleSources.JsonPath, LifecycleSources.Json) });

            Assert.Empty(run.Diagnostics);
            AssertCompiles(run);
            var source = run.Source(".Lifecycle.g.cs");
            Assert.Contains("public sealed partial class ServerJsonLifecycle : global::Automations.Compiled.LifecycleTemplate<global::Demo.Server>", source, StringComparison.Ordinal);
            Assert.Contains("namespace Demo.Lifecycles", source, StringComparison.Ordinal);
        }

        [Fact]
        public void The_csharp_template_and_its_json_twin_build_the_same_tables()
        {
            var run = GeneratorRun.Start(
                TestCompilation.Create(LifecycleSources.Entities, LifecycleSources.Template),
                new[] { new InMemoryText(LifecycleSources.JsonPath, LifecycleSources.Json) });
            AssertCompiles(run);

            // The flows differ only in how they are named (typeof in C#, the id in JSON): the states and the look-ups agree.
            string Tables(string hint) => string.Join("\n", run.Source(hint).Split('\n')
                .SkipWhile(l => !l.Contains("__states =", StringComparison.Ordinal))
                .Where(l => !l.Contains("new(", StringComparison.Ordinal) || l.Contains("isFinal", StringComparison.Ordinal))
                .Where(l => !l.Contains("public override string Id", StringComparison.Ordinal)));
            Assert.Equal(Tables("Demo.ServerLifecycle.Lifecycle.g.cs"), Tables("ServerJsonLifecycle." + JsonKey + ".Lifecycle.g.cs"));
        }

        [Fact]
        public void A_csharp_template_keeps_the_flow_class_a_json_flow_generates()
        {
            // The generator does not see its own output: the JSON flow's class is unknown while it reads the template.
            // The action must still run that flow (the compiler resolves the typeof in the user's code), never silently none.
            var template = LifecycleSources.Template.Replace("Flow = typeof(ProvisionServer)", "Flow = typeof(TestFlows.BootServerFlow)", StringComparison.Ordinal);
            var files = new[] { new InMemoryText("flows/boot.flow.json", """{ "id": "boot-server", "steps": [ { "id": "wait", "type": "wait", "duration": "1s" } ] }""") };

            var run = GeneratorRun.Start(TestCompilation.Create(LifecycleSources.Entities, template), files);

            Assert.Empty(run.Diagnostics);
            AssertCompiles(run);
            var template0 = Load(run, "Demo.ServerLifecycle");
            var create = ActionNamed(template0, "Create");
            Assert.Equal("TestFlows.BootServerFlow", ((Type?)create.GetType().GetProperty("FlowType")!.GetValue(create))?.FullName);
        }

        public static TheoryData<string> LifecycleCases()
        {
            var data = new TheoryData<string>();
            foreach (var name in RuleCase.Names().Where(n => RuleCase.Load(n).IsLifecycle))
            {
                data.Add(name);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(LifecycleCases))]
        public void Every_broken_template_gets_code_that_compiles_or_none(string name)
        {
            var rule = RuleCase.Load(name);

            var run = rule.Generate(rule.Bad);

            Assert.Null(run.Generator.Exception);
            Assert.Empty(run.Diagnostics);
            var generated = run.Generator.GeneratedSources.Where(s => s.HintName.EndsWith(".Lifecycle.g.cs", StringComparison.Ordinal)).ToList();
            var errors = TestCompilation.Errors(run.Output).ToList();
            switch (rule.Id)
            {
                case "AUTO6001" or "AUTO1001":
                    // A class the generator cannot derive, or a file that is not JSON: no code at all, so no compiler error.
                    Assert.Empty(generated);
                    Assert.Empty(errors);
                    break;
                case "AUTO6011":
                    // The generated class names the entity type, which does not exist: the compiler says so there, once
                    // (CS0246, CS0234 or CS0400, depending on which part of the name it cannot find).
                    var error = Assert.Single(errors);
                    Assert.Contains(error.Id, new[] { "CS0246", "CS0234", "CS0400" });
                    Assert.EndsWith(".Lifecycle.g.cs", error.Location.SourceTree!.FilePath, StringComparison.Ordinal);
                    break;
                default:
                    Assert.True(errors.Count == 0, "The generated code does not compile:\n" + string.Join("\n", errors));
                    Assert.NotEmpty(generated);
                    break;
            }
        }

        [Theory]
        [InlineData("AUTO6003.unknown-state.cs")]
        [InlineData("AUTO6002.missing-transit.lifecycle.json")]
        [InlineData("AUTO6010.duplicate-state.cs")]
        public void An_invalid_template_gets_a_stub_that_throws_and_names_the_errors(string name)
        {
            var rule = RuleCase.Load(name);

            var run = rule.Generate(rule.Bad);

            AssertCompiles(run);
            var template = Load(run, rule.IsLifecycleFile ? "TestFlows.ServerLifecycle" : "RuleCases.ServerLifecycle");
            var failure = Assert.Throws<TargetInvocationException>(() => template.GetType().GetProperty("Id")!.GetValue(template));
            var thrown = Assert.IsType<InvalidOperationException>(failure.InnerException);
            Assert.Equal($"Lifecycle 'server' has build errors ({rule.Id}) and cannot be used; fix them and rebuild.", thrown.Message);
        }

        [Fact]
        public void Warnings_do_not_stop_the_template_from_being_compiled()
        {
            var rule = RuleCase.Load("AUTO6006.unreachable-state.cs");

            var run = rule.Generate(rule.Bad);

            AssertCompiles(run);
            var template = Load(run, "RuleCases.ServerLifecycle");
            Assert.Equal("server", template.GetType().GetProperty("Id")!.GetValue(template));
        }

        public static TheoryData<string> WrongShapes => new()
        {
            "public class ServerLifecycle { }",
            "public static partial class ServerLifecycle { }",
            "public partial class ServerLifecycle<T> { }",
            "public partial class ServerLifecycle : System.Exception { }",
            "public partial record ServerLifecycle { }",
            "public partial class Outer<T> { [Lifecycle(\"inner\", typeof(Server))] [LifecycleState(\"On\", Final = true)] [LifecycleAction(\"Create\", Transit = \"On\")] public partial class ServerLifecycle { } }",
        };

        [Theory]
        [MemberData(nameof(WrongShapes))]
        public void A_class_of_the_wrong_shape_gets_no_code_and_no_compiler_errors(string declaration)
        {
            var source = """
                using Automations.Compiled;

                namespace Demo
                {
                    [Lifecycle("server", typeof(Server))]
                    [LifecycleState("On", Final = true)]
                    [LifecycleAction("Create", Transit = "On")]
                    DECLARATION
                }
                """.Replace("DECLARATION", declaration, StringComparison.Ordinal);

            var run = GeneratorRun.Start(TestCompilation.Create(LifecycleSources.Entities, source));

            Assert.Empty(run.Diagnostics);
            Assert.DoesNotContain(run.Generator.GeneratedSources, s => s.HintName.EndsWith(".Lifecycle.g.cs", StringComparison.Ordinal));
            AssertCompiles(run);
        }

        /// <summary>The short key of <see cref="LifecycleSources.JsonPath"/> in generated file names.</summary>
        private static string JsonKey => Analyzers::Automations.Compiled.Json.JsonFlowCompiler.Key(LifecycleSources.JsonPath);

        private static void AssertCompiles(GeneratorRun run)
        {
            var errors = TestCompilation.Errors(run.Output).ToList();
            Assert.True(errors.Count == 0, "The generated code does not compile:\n" + string.Join("\n", errors));
        }

        /// <summary>Emits the compilation, loads it next to the runtime, and creates the template <paramref name="typeName"/>.</summary>
        private static object Load(GeneratorRun run, string typeName)
            => Activator.CreateInstance(run.Load("lifecycle").GetType(typeName, throwOnError: true)!)!;

        private static object ActionNamed(object template, string name)
        {
            var actions = (IEnumerable<object>)template.GetType().GetProperty("Actions")!.GetValue(template)!;
            return actions.Single(a => (string)a.GetType().GetProperty("Name")!.GetValue(a)! == name);
        }
    }
}
