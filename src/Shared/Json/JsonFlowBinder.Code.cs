using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Automations.Compiled.Cel;
using Automations.Compiled.Model;
using Automations.Compiled.Validation;

namespace Automations.Compiled.Json
{
    /// <summary>
    /// Code steps (docs/json-flows.md, "Code steps"): a C# snippet written in the flow file becomes the body of a private
    /// method of the generated class, called by the state machine like an action. The snippet sees the flow's inputs
    /// (<c>inputs</c>), earlier steps' outputs by step id, <c>item</c>/<c>index</c> inside a foreach and
    /// <c>cancellationToken</c>; <c>#line</c> directives map each of its lines back to the JSON string, so the C# compiler
    /// reports an error in it at its line and column in the flow file.
    /// </summary>
    internal sealed partial class JsonFlowBinder
    {
        /// <summary>C# types a code step's <c>output</c> may name besides the JSON (CEL) type names, with the CEL type the flow sees.</summary>
        private static readonly Dictionary<string, CelType> CodeOutputTypes = new(StringComparer.Ordinal)
        {
            ["long"] = CelType.Int,
            ["int"] = CelType.Int,
            ["short"] = CelType.Int,
            ["byte"] = CelType.Int,
            ["ulong"] = CelType.Uint,
            ["decimal"] = CelType.Double,
            ["float"] = CelType.Double,
            ["object"] = CelType.Dyn,
        };

        private const string CodeTypeNames = JsonTypeNames.Names + ", or the C# types decimal, float, long, short, byte, ulong, object; leave 'output' out (or write \"void\") for none";

        /// <summary>The C# and CEL type of a code step's <c>output</c>; nothing when it has none or names no type (reported when bound).</summary>
        private static (string Clr, CelType Cel)? CodeOutputType(JsonStep step)
        {
            if (step.Property("output") is not JsonString { Value: var text } || text is "void" or "")
            {
                return null;
            }

            // A JSON (CEL) type name first, so "int" is CEL's int (a C# long) as everywhere else in the flow file.
            if (JsonTypeNames.Parse(text) is { } cel)
            {
                return (CelCSharp.TypeName(cel), cel);
            }

            return CodeOutputTypes.TryGetValue(text.Trim(), out var type) ? (text.Trim() == "int" ? "long" : text.Trim(), type) : null;
        }

        private void DeclareCodeOutput(JsonStep step)
        {
            if (CodeOutputType(step) is { } type)
            {
                Output(step, type.Clr, type.Cel);
            }
        }

        private StepModel BindCode(JsonStep step, StepModel model)
        {
            if (step.Node.Find("language")?.Value is { } languageNode)
            {
                if (languageNode is not JsonString language)
                {
                    Report(DiagnosticCatalog.JsonWrongType, languageNode.Span, "language", "\"csharp\"", JsonFlowReader.Describe(languageNode));
                    return model;
                }

                if (language.Value != "csharp")
                {
                    Report(DiagnosticCatalog.CodeStepLanguage, language.Span, step.Id, language.Value);
                    return model;
                }
            }

            var outputNode = step.Node.Find("output")?.Value;
            if (outputNode is not null and not JsonString)
            {
                Report(DiagnosticCatalog.JsonWrongType, outputNode.Span, "output", "a type name such as \"decimal\" or \"list(string)\"", JsonFlowReader.Describe(outputNode));
                return model;
            }

            if (outputNode is JsonString written && written.Value is not ("void" or "") && CodeOutputType(step) is null)
            {
                Report(DiagnosticCatalog.JsonInvalidValue, written.Span, "output", "not a type; use one of " + CodeTypeNames);
                return model;
            }

            var codeNode = step.Node.Find("code")?.Value;
            if (codeNode is not null and not JsonString)
            {
                Report(DiagnosticCatalog.JsonWrongType, codeNode.Span, "code", "a string of C# statements", JsonFlowReader.Describe(codeNode));
                return model;
            }

            if (codeNode is not JsonString code || code.Value.Trim().Length == 0)
            {
                Report(DiagnosticCatalog.CodeStepWithoutCode, codeNode?.Span ?? step.IdSpan, step.Id);
                return model;
            }

            return model with { Call = CodeMethod(step, code) };
        }

        /// <summary>Writes the snippet's method into the class's members and returns the call the state machine makes.</summary>
        private CallModel CodeMethod(JsonStep step, JsonString code)
        {
            var uses = CodeSnippet.Identifiers(code.Value);
            var parameters = new List<(string Declaration, ArgumentModel Argument)>();
            SourceSpan Where(string name) => _text.Span(code.SourceOffset(uses[name]), code.SourceOffset(uses[name] + name.Length - 1) + 1);

            foreach (var alias in new[] { "inputs", "input" })
            {
                if (_inputType is not null && uses.ContainsKey(alias))
                {
                    parameters.Add(($"{_inputType} {alias}", new ArgumentModel(ArgumentKind.Input, _inputType, null, Where(alias))));
                }
            }

            foreach (var other in _steps.OrderBy(s => s.Id, StringComparer.Ordinal))
            {
                if (other == step || other.OutputType is null || _byId[other.Id] != other || !uses.ContainsKey(other.Id) || !JsonFlowReader.IsIdentifier(other.Id) || other.Id is "inputs" or "input" or "item" or "index" or "cancellationToken")
                {
                    continue;
                }

                parameters.Add(($"{other.OutputType} @{other.Id}", new ArgumentModel(ArgumentKind.StepOutput, other.OutputType, other.Id, Where(other.Id))));
            }

            if (step.EnclosingForEach is { ItemCelType: { } itemType })
            {
                var clr = CelCSharp.TypeName(itemType);
                if (uses.ContainsKey("item"))
                {
                    parameters.Add(($"{clr} item", new ArgumentModel(ArgumentKind.Item, clr, null, Where("item"))));
                }

                if (uses.ContainsKey("index"))
                {
                    parameters.Add(("int index", new ArgumentModel(ArgumentKind.Index, "int", null, Where("index"))));
                }
            }

            parameters.Add(("global::System.Threading.CancellationToken cancellationToken", new ArgumentModel(ArgumentKind.CancellationToken, "global::System.Threading.CancellationToken", null, null)));

            var output = step.OutputType;
            var awaits = uses.ContainsKey("await");
            var kind = (awaits, output is null) switch
            {
                (false, true) => ReturnKind.Void,
                (false, false) => ReturnKind.Value,
                (true, true) => ReturnKind.ValueTask,
                _ => ReturnKind.ValueTaskOfT,
            };
            var returnType = kind switch
            {
                ReturnKind.Void => "void",
                ReturnKind.Value => output!,
                ReturnKind.ValueTask => "async global::System.Threading.Tasks.ValueTask",
                _ => $"async global::System.Threading.Tasks.ValueTask<{output}>",
            };

            var name = $"__code{step.Ordinal}_{Text.Naming.Identifier(step.Id)}";
            var method = new StringBuilder();
            method.Append("/// <summary>Step '").Append(Xml(step.Id)).Append("': its C# code, from the flow file.</summary>\n");
            method.Append("private ").Append(returnType).Append(' ').Append(name).Append('(').Append(string.Join(", ", parameters.Select(p => p.Declaration))).Append(")\n{\n");
            AppendMapped(method, code);
            method.Append('}');
            _members.Add(method.ToString());
            return new CallModel(name, false, kind, output, parameters.Select(p => p.Argument).ToEquatableArray(), false);
        }

        /// <summary>
        /// The snippet, line by line, each line preceded by an enhanced <c>#line</c> directive giving where its first
        /// non-blank character is in the flow file (so escapes such as <c>\n</c> and <c>\"</c> before it cannot shift it).
        /// The line is written from column 1 (the emitter's SourceWriter does not indent it), which the directive maps.
        /// </summary>
        private void AppendMapped(StringBuilder method, JsonString code)
        {
            var value = code.Value;
            var start = 0;
            while (start <= value.Length)
            {
                var end = value.IndexOf('\n', start);
                if (end < 0)
                {
                    end = value.Length;
                }

                var last = end > start && value[end - 1] == '\r' ? end - 1 : end;
                var first = start;
                while (first < last && char.IsWhiteSpace(value[first]))
                {
                    first++;
                }

                if (first < last)
                {
                    var from = _text.Span(code.SourceOffset(first), code.SourceOffset(last - 1) + 1);
                    method.Append(string.Format(
                        CultureInfo.InvariantCulture,
                        "#line ({0}, {1}) - ({2}, {3}) \"{4}\"\n",
                        from.StartLine + 1,
                        from.StartColumn + 1,
                        from.EndLine + 1,
                        from.EndColumn + 1,
                        _text.Path.Replace("\"", "")));
                    method.Append(value, first, last - first).Append('\n');
                }

                start = end + 1;
            }

            method.Append("#line default\n");
        }
    }
}
