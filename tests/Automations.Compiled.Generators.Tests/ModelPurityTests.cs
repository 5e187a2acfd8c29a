using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>
    /// The models cached between pipeline steps hold no Roslyn object (symbol, syntax node, semantic model,
    /// compilation, location): those would pin old compilations in memory and defeat caching.
    /// </summary>
    public sealed class ModelPurityTests
    {
        [Theory]
        [InlineData("FlowModel")]
        [InlineData("FlowCodeModel")]
        [InlineData("FlowSource")]
        public void Step_outputs_hold_no_Roslyn_objects(string step)
        {
            var run = GeneratorRun.Start(TestCompilation.Create(FlowSources.Order, FlowSources.Branching, FlowSources.Suspending, FlowSources.Lifecycle));
            var outputs = run.Outputs(step);
            Assert.Equal(4, outputs.Count);

            var walker = new Walker();
            foreach (var (value, _) in outputs)
            {
                walker.Visit(value, step);
            }

            Assert.True(walker.Problems.Count == 0, string.Join("\n", walker.Problems));
        }

        [Theory]
        [InlineData("LifecycleModel")]
        [InlineData("LifecycleCodeModel")]
        [InlineData("LifecycleSource")]
        [InlineData("JsonLifecycleFile")]
        [InlineData("JsonLifecycleModel")]
        [InlineData("JsonLifecycleCodeModel")]
        [InlineData("JsonLifecycleSource")]
        public void Lifecycle_step_outputs_hold_no_Roslyn_objects(string step)
        {
            var run = GeneratorRun.Start(
                TestCompilation.Create(LifecycleSources.Entities, LifecycleSources.Template),
                new[] { new InMemoryText(LifecycleSources.JsonPath, LifecycleSources.Json) });
            var outputs = run.Outputs(step);
            Assert.Single(outputs);

            var walker = new Walker();
            walker.Visit(outputs[0].Value, step);

            Assert.True(walker.Problems.Count == 0, string.Join("\n", walker.Problems));
        }

        [Theory]
        [InlineData("LifecycleModel")]
        [InlineData("JsonLifecycleModel")]
        public void Walk_reaches_states_actions_flows_and_locations(string step)
        {
            var run = GeneratorRun.Start(
                TestCompilation.Create(LifecycleSources.Entities, LifecycleSources.Template),
                new[] { new InMemoryText(LifecycleSources.JsonPath, LifecycleSources.Json) });
            var walker = new Walker();

            walker.Visit(run.Outputs(step).Single().Value, step);

            var seen = walker.SeenTypes.Select(t => t.Name).ToList();
            Assert.Contains("LifecycleModel", seen);
            Assert.Contains("LifecycleStateModel", seen);
            Assert.Contains("LifecycleActionModel", seen);
            Assert.Contains("LifecycleFlowReference", seen);
            Assert.Contains("SourceSpan", seen);
        }

        [Fact]
        public void Walk_reaches_steps_arguments_and_locations()
        {
            var run = GeneratorRun.Start(TestCompilation.Create(FlowSources.Branching));
            var walker = new Walker();

            walker.Visit(run.Outputs("FlowModel").Single().Value, "FlowModel");

            // Proves the walk is not vacuous: it went through records, equatable arrays and nested scopes.
            var seen = walker.SeenTypes.Select(t => t.Name).ToList();
            Assert.Contains("StepModel", seen);
            Assert.Contains("ArgumentModel", seen);
            Assert.Contains("EndpointModel", seen);
            Assert.Contains("SourceSpan", seen);
        }

        [Fact]
        public void Read_keys_hold_the_declaration_and_its_compilation_only_weakly()
        {
            // A key equal to the previous run's stays in the driver's tables for good: a strong reference would pin the
            // compilation it was made from.
            // A JSON flow, so that the catalog (and the action keys) is pulled.
            var run = GeneratorRun.Start(TestCompilation.Create(FlowSources.Order, FlowCorpus.Shop), new[] { new InMemoryText(FlowCorpus.JsonPath(1), FlowCorpus.Json(1)) });
            var keys = run.Outputs(FlowGenerator.Steps.FlowKey).Concat(run.Outputs(FlowGenerator.Steps.ActionKey)).Select(o => o.Value).ToList();
            Assert.Equal(1 + 4, keys.Count);

            foreach (var key in keys)
            {
                var fields = key.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
                var roslyn = fields.Where(f => f.FieldType.IsGenericType && f.FieldType.GetGenericArguments().Any(a => a.Assembly.GetName().Name!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))).ToList();
                Assert.Equal(2, roslyn.Count);
                Assert.All(roslyn, f => Assert.Equal(typeof(WeakReference<>), f.FieldType.GetGenericTypeDefinition()));
                Assert.All(fields.Except(roslyn), f => Assert.False(f.FieldType.Assembly.GetName().Name!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal), f.Name));
            }
        }

        /// <summary>Walks every field of every object reachable from a value.</summary>
        private sealed class Walker
        {
            private readonly HashSet<object> _visited = new(ReferenceEqualityComparer.Instance);

            public List<string> Problems { get; } = new();

            public HashSet<Type> SeenTypes { get; } = new();

            public void Visit(object? value, string path)
            {
                if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || value is decimal)
                {
                    return;
                }

                var type = value.GetType();
                SeenTypes.Add(type);
                if (IsRoslyn(type))
                {
                    Problems.Add($"{path} holds a {type.FullName}");
                    return;
                }

                if (!type.IsValueType && !_visited.Add(value))
                {
                    return;
                }

                if (value is IEnumerable items and not string)
                {
                    var i = 0;
                    foreach (var item in items)
                    {
                        Visit(item, $"{path}[{i++}]");
                    }
                }

                for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
                {
                    foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    {
                        if (IsRoslyn(field.FieldType))
                        {
                            Problems.Add($"{path}.{field.Name} is declared as {field.FieldType.FullName}");
                            continue;
                        }

                        Visit(field.GetValue(value), $"{path}.{field.Name}");
                    }
                }
            }

            private static bool IsRoslyn(Type type)
            {
                var element = type.IsArray ? type.GetElementType()! : type;
                if (element.Assembly.GetName().Name?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true)
                {
                    return true;
                }

                return element.IsGenericType && element.GetGenericArguments().Any(IsRoslyn);
            }
        }
    }
}
