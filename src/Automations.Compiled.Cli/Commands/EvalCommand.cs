using System;
using System.CommandLine;
using System.Linq;
using Automations.Compiled.Cel;
using Automations.Compiled.Cli.Evaluation;
using Automations.Compiled.Cli.Values;

namespace Automations.Compiled.Cli.Commands
{
    /// <summary><c>flow eval '&lt;CEL&gt;' [--vars JSON]</c>: compiles and evaluates one expression as a flow would.</summary>
    internal static class EvalCommand
    {
        public static Command Create()
        {
            var expression = new Argument<string>("expression") { Description = "A CEL expression, such as 'items.size() > 2'." };
            var vars = new Option<string?>("--vars") { Description = "Variables as a JSON object, such as '{\"items\": [1, 2, 3]}'; each is typed from its value." };
            var command = new Command("eval", "Evaluate a CEL expression and print its value and type.") { expression, vars };
            command.SetAction(result =>
            {
                var text = result.GetValue(expression)!;
                var variables = JsonVariables.Parse(result.GetValue(vars));
                var outcome = CelEvaluator.Evaluate(text, variables);
                if (outcome.ErrorKind is { } kind)
                {
                    var stage = kind.ToString().ToLowerInvariant();
                    Output.Result(
                        result,
                        $"{Output.Red(stage + " error")}: {outcome.Error}\n{Caret(text, outcome.Span)}",
                        new { expression = text, error = new { kind = stage, message = outcome.Error, start = outcome.Span.Start, end = outcome.Span.End } });
                    return FlowCli.FlowErrors;
                }

                var value = CelValueText.Write(outcome.Value);
                Output.Result(result, $"{value} ({outcome.Type})", new { expression = text, value, type = outcome.Type });
                return FlowCli.Ok;
            });
            return command;
        }

        /// <summary>The line of the expression the span starts on, and carets under the span.</summary>
        internal static string Caret(string expression, CelSpan span)
        {
            var start = Math.Clamp(span.Start, 0, expression.Length);
            var lineStart = expression.LastIndexOf('\n', Math.Max(start - 1, 0)) is var newline and >= 0 && newline < start ? newline + 1 : 0;
            var lineEnd = expression.IndexOf('\n', start) is var end and >= 0 ? end : expression.Length;
            var line = expression.Substring(lineStart, lineEnd - lineStart);
            var width = Math.Max(1, Math.Min(span.End, lineEnd) - start);
            var padding = new string(line.Take(start - lineStart).Select(c => c == '\t' ? '\t' : ' ').ToArray());
            return "  " + line + "\n  " + padding + new string('^', width);
        }
    }
}
