using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Automations.Compiled.Cel;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Automations.Compiled.Generators.Tests.Cel
{
    internal enum CelOutcomeKind
    {
        Value,
        CompileError,
        RuntimeError,
        Crash,
    }

    /// <summary>What evaluating one expression gave: a value, a CEL compile error, a CEL run-time error, or a bug.</summary>
    internal sealed record CelOutcome(CelOutcomeKind Kind, object? Value, string? Message)
    {
        public override string ToString() => Kind switch
        {
            CelOutcomeKind.Value => $"{Describe(Value)}",
            _ => $"{Kind}: {Message}",
        };

        public static string Describe(object? value) => value switch
        {
            null => "null",
            string s => "\"" + s + "\"",
            byte[] b => "b\"" + Convert.ToBase64String(b) + "\"",
            System.Collections.IDictionary map => "{" + string.Join(", ", map.Keys.Cast<object>().Select(k => Describe(k) + ": " + Describe(map[k]))) + "}",
            System.Collections.IList list => "[" + string.Join(", ", list.Cast<object?>().Select(Describe)) + "]",
            _ => $"{value} ({value.GetType().Name})",
        };
    }

    /// <summary>One expression to evaluate, with its environment and the values of the variables (method parameters).</summary>
    internal sealed record CelCase(string Expression, CelEnvironment Environment, IReadOnlyList<(string ClrType, object? Value)> Arguments);

    /// <summary>
    /// Compiles many CEL expressions, wraps each in a static method (<c>Prelude</c> + <c>return Expression;</c>, boxed), puts
    /// them all in one Roslyn compilation, loads it and invokes each method.
    /// </summary>
    internal static class CelHarness
    {
        public static IReadOnlyList<CelOutcome> Evaluate(IReadOnlyList<CelCase> cases, params Assembly[] extraReferences)
        {
            var outcomes = new CelOutcome?[cases.Count];
            var compilations = new CelCompilation?[cases.Count];
            for (var i = 0; i < cases.Count; i++)
            {
                var compilation = CelCompiler.Compile(cases[i].Expression, cases[i].Environment);
                if (compilation.Succeeded)
                {
                    compilations[i] = compilation;
                }
                else
                {
                    outcomes[i] = new CelOutcome(CelOutcomeKind.CompileError, null, string.Join("; ", compilation.Errors.Select(e => $"{e.Message} at {e.Span.Start}..{e.Span.End}")));
                }
            }

            // A case whose C# does not compile is a bug: report it and build the rest without it.
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var (source, lines) = Source(cases, compilations);
                var tree = CSharpSyntaxTree.ParseText(source, TestCompilation.ParseOptions);
                var references = TestCompilation.References.AddRange(extraReferences.Select(a => (MetadataReference)MetadataReference.CreateFromFile(a.Location)));
                var csharp = CSharpCompilation.Create("CelCases" + Guid.NewGuid().ToString("N"), new[] { tree }, references,
                    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release));
                using var stream = new MemoryStream();
                var emit = csharp.Emit(stream);
                if (!emit.Success)
                {
                    foreach (var error in emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
                    {
                        var line = error.Location.GetLineSpan().StartLinePosition.Line;
                        var index = lines.LastOrDefault(l => l.Line <= line).Index;
                        outcomes[index] = new CelOutcome(CelOutcomeKind.Crash, null, $"generated C# does not compile: {error}\n{Method(index, cases[index], compilations[index]!)}");
                        compilations[index] = null;
                    }

                    continue;
                }

                var type = Assembly.Load(stream.ToArray()).GetType("CelCases")!;
                for (var i = 0; i < cases.Count; i++)
                {
                    if (compilations[i] is not null)
                    {
                        outcomes[i] = Invoke(type.GetMethod("Case" + i)!, cases[i]);
                    }
                }

                break;
            }

            return outcomes.Select(o => o ?? new CelOutcome(CelOutcomeKind.Crash, null, "not evaluated")).ToArray();
        }

        /// <summary>Compiles one expression into a loaded static method that returns the expression's own C# type (no boxing).</summary>
        public static MethodInfo Load(CelCase celCase, params Assembly[] extraReferences)
        {
            var compilation = CelCompiler.Compile(celCase.Expression, celCase.Environment);
            if (!compilation.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", compilation.Errors));
            }

            return LoadCompiled(compilation, celCase, extraReferences);
        }

        /// <summary>Loads an already compiled expression (e.g. an interpolation) as a static method with <paramref name="celCase"/>'s parameters.</summary>
        public static MethodInfo LoadCompiled(CelCompilation compilation, CelCase celCase, params Assembly[] extraReferences)
        {
            var source = "#nullable enable\npublic static class CelCases\n{\n" + Method(0, celCase, compilation, compilation.ClrType) + "}\n";
            var references = TestCompilation.References.AddRange(extraReferences.Select(a => (MetadataReference)MetadataReference.CreateFromFile(a.Location)));
            var csharp = CSharpCompilation.Create("CelCase" + Guid.NewGuid().ToString("N"), new[] { CSharpSyntaxTree.ParseText(source, TestCompilation.ParseOptions) }, references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release));
            using var stream = new MemoryStream();
            var emit = csharp.Emit(stream);
            if (!emit.Success)
            {
                throw new InvalidOperationException(string.Join("\n", emit.Diagnostics) + "\n" + source);
            }

            return Assembly.Load(stream.ToArray()).GetType("CelCases")!.GetMethod("Case0")!;
        }

        private static CelOutcome Invoke(MethodInfo method, CelCase celCase)
        {
            try
            {
                return new CelOutcome(CelOutcomeKind.Value, method.Invoke(null, celCase.Arguments.Select(a => a.Value).ToArray()), null);
            }
            catch (TargetInvocationException e) when (e.InnerException is CelException cel)
            {
                return new CelOutcome(CelOutcomeKind.RuntimeError, null, cel.Message);
            }
            catch (TargetInvocationException e)
            {
                return new CelOutcome(CelOutcomeKind.Crash, null, e.InnerException?.ToString());
            }
            catch (ArgumentException e)
            {
                return new CelOutcome(CelOutcomeKind.Crash, null, e.Message);
            }
        }

        private static (string Source, List<(int Line, int Index)> Lines) Source(IReadOnlyList<CelCase> cases, CelCompilation?[] compilations)
        {
            var builder = new StringBuilder("#nullable enable\npublic static class CelCases\n{\n");
            var lines = new List<(int Line, int Index)>();
            for (var i = 0; i < cases.Count; i++)
            {
                if (compilations[i] is { } compilation)
                {
                    lines.Add((builder.ToString().Count(c => c == '\n'), i));
                    builder.Append(Method(i, cases[i], compilation));
                }
            }

            return (builder.Append("}\n").ToString(), lines);
        }

        private static string Method(int index, CelCase celCase, CelCompilation compilation, string returnType = "object?")
        {
            var parameters = string.Join(", ", celCase.Arguments.Select((a, i) => $"{a.ClrType} p{i}"));
            return $"public static {returnType} Case{index}({parameters})\n{{\n{compilation.Prelude}\nreturn ({returnType})({compilation.Expression});\n}}\n";
        }
    }
}
