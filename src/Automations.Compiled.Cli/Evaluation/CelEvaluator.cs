using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Automations.Compiled.Cel;
using Automations.Compiled.Cli.Values;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Automations.Compiled.Cli.Evaluation
{
    /// <summary>Which stage refused an expression.</summary>
    internal enum EvalErrorKind
    {
        Syntax,
        Type,
        Runtime,
    }

    /// <summary>What an expression gave: a value and its CEL type, or an error with the span it is about.</summary>
    internal sealed record EvalOutcome(object? Value, string Type, EvalErrorKind? ErrorKind, string? Error, CelSpan Span);

    /// <summary>
    /// Evaluates CEL the way flows do: the shared compiler turns it into C#, which Roslyn compiles in memory against
    /// the runtime library, and the method is called with the variables' values.
    /// </summary>
    internal static class CelEvaluator
    {
        public static EvalOutcome Evaluate(string expression, IReadOnlyList<EvalVariable> variables)
        {
            var (_, syntaxError) = CelParser.Parse(expression);
            var environment = new CelEnvironment(
                variables.Select((v, i) => new CelVariable(v.Name, v.Type, CelCSharp.TypeName(v.Type), "p" + i)),
                Array.Empty<CelObjectShape>());
            var compiled = CelCompiler.Compile(expression, environment);
            if (!compiled.Succeeded)
            {
                var error = compiled.Errors[0];
                return new EvalOutcome(null, "", syntaxError is null ? EvalErrorKind.Type : EvalErrorKind.Syntax, error.Message, error.Span);
            }

            var method = Load(compiled, variables);
            try
            {
                var value = method.Invoke(null, variables.Select(v => v.Value).ToArray());
                return new EvalOutcome(value, compiled.Type.Kind == CelTypeKind.Dyn ? CelValueText.TypeOf(value) : CelTypeNames.Of(compiled.Type), null, null, default);
            }
            catch (TargetInvocationException error) when (error.InnerException is { } inner)
            {
                // A run-time error has no span of its own: it is about the whole expression.
                return new EvalOutcome(null, "", EvalErrorKind.Runtime, inner.Message, new CelSpan(0, expression.Length));
            }
        }

        private static MethodInfo Load(CelCompilation compiled, IReadOnlyList<EvalVariable> variables)
        {
            var parameters = string.Join(", ", variables.Select((v, i) => $"{CelCSharp.TypeName(v.Type)} p{i}"));
            var source = new StringBuilder("#nullable enable\npublic static class FlowEval\n{\n")
                .Append("    public static object? Evaluate(").Append(parameters).Append(")\n    {\n")
                .Append(compiled.Prelude).Append('\n')
                .Append("        return (object?)(").Append(compiled.Expression).Append(");\n    }\n}\n")
                .ToString();
            var platform = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
            var references = platform
                .Append(typeof(CelException).Assembly.Location)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
            var compilation = CSharpCompilation.Create(
                "FlowEval",
                new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) },
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            using var stream = new MemoryStream();
            var emitted = compilation.Emit(stream);
            if (!emitted.Success)
            {
                // The shared compiler accepted the expression, so this is our bug, not the user's.
                throw new InvalidOperationException("The compiled expression does not build: " + string.Join("; ", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
            }

            return Assembly.Load(stream.ToArray()).GetType("FlowEval")!.GetMethod("Evaluate")!;
        }
    }
}
