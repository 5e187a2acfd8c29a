using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Automations.Compiled.Cel;
using Automations.Compiled.Model;
using Automations.Compiled.Text;
using Automations.Compiled.Validation;

namespace Automations.Compiled.Json
{
    /// <summary>
    /// LLM steps (docs/ai-steps.md): the inline output schema becomes a nested output class with a CEL shape, so later
    /// expressions read <c>steps.&lt;id&gt;.output.&lt;member&gt;</c> typed; the prompt is a <c>{!path}</c> template; the
    /// call goes to <c>LlmStep.InvokeAsync</c> with the flow's <c>IChatClient</c>.
    /// </summary>
    internal sealed partial class JsonFlowBinder
    {
        private const string ChatClientType = "global::Microsoft.Extensions.AI.IChatClient";

        private readonly List<string?> _llmOutputs = new();

        /// <summary>The schema of each LLM step whose output was declared, as compact JSON, by step.</summary>
        private readonly Dictionary<JsonStep, string> _llmSchemas = new();

        private void DeclareLlmOutput(JsonStep step)
        {
            var output = step.Property("output");
            if (output is null)
            {
                Report(DiagnosticCatalog.JsonMissingProperty, step.IdSpan, $"llm step '{step.Id}'", "output", ": a JSON schema of the answer, such as {\"type\": \"object\", \"properties\": {\"category\": {\"type\": \"string\"}}}");
                return;
            }

            if (output is not JsonObject schema)
            {
                Report(DiagnosticCatalog.JsonWrongType, output.Span, "output", "a JSON schema object with \"type\": \"object\" and \"properties\"", JsonFlowReader.Describe(output));
                return;
            }

            if (schema.Find("type")?.Value is not JsonString { Value: "object" })
            {
                Report(DiagnosticCatalog.JsonInvalidValue, (schema.Find("type")?.Value ?? schema).Span, "output", "the answer's schema needs \"type\": \"object\"");
                return;
            }

            if (schema.Find("properties")?.Value is not JsonObject properties || properties.Properties.Count == 0)
            {
                Report(DiagnosticCatalog.JsonInvalidValue, (schema.Find("properties")?.Value ?? schema).Span, "output", "the answer's schema needs \"properties\": one member at least, such as {\"category\": {\"type\": \"string\"}}");
                return;
            }

            var className = Naming.Capitalize(Naming.Identifier(step.Id)) + "Output";
            var clrType = _flowType + "." + className;
            var fields = new List<CelField>();
            var members = new HashSet<string>(StringComparer.Ordinal) { className, "Llm" };
            var code = new StringBuilder();
            code.Append("/// <summary>The answer of LLM step '").Append(Xml(step.Id)).Append("' (<c>steps.").Append(Xml(step.Id)).Append(".output</c>), validated against its schema.</summary>\n");
            code.Append("public sealed class ").Append(className).Append(" : ").Append(Rt).Append(".LlmOutput\n{\n");
            var ok = true;
            foreach (var property in properties.Properties)
            {
                var member = Naming.Capitalize(property.Name);
                if (!JsonFlowReader.IsIdentifier(property.Name) || !members.Add(member))
                {
                    Report(DiagnosticCatalog.JsonInvalidValue, property.NameSpan, property.Name, $"an answer member is a CEL identifier whose C# property ('{member}') no other member uses");
                    ok = false;
                    continue;
                }

                if (LlmMemberType(property.Value) is not { } type)
                {
                    Report(DiagnosticCatalog.JsonInvalidValue, property.Value.Span, property.Name, "an answer member is {\"type\": \"string\" | \"integer\" | \"number\" | \"boolean\"} (an \"enum\" of strings allowed) or an \"array\" of those");
                    ok = false;
                    continue;
                }

                var clr = CelCSharp.TypeName(type);
                fields.Add(new CelField(property.Name, member, type, clr));
                code.Append("    /// <summary><c>").Append(Xml(property.Name)).Append("</c> (").Append(Xml(type.ToString())).Append(").</summary>\n");
                code.Append("    [global::System.Text.Json.Serialization.JsonPropertyName(").Append(Literal(property.Name)).Append(")]\n");
                code.Append("    public ").Append(clr).Append(' ').Append(member).Append(" { get; init; }").Append(IsValueType(type) ? "" : " = default!;").Append('\n');
            }

            code.Append('}');
            if (!ok)
            {
                return;
            }

            if (step.Property("minConfidence") is { } minimum
                && (properties.Find("confidence")?.Value is not { } confidence || LlmMemberType(confidence) is not { Kind: CelTypeKind.Double or CelTypeKind.Int }))
            {
                Report(DiagnosticCatalog.JsonInvalidValue, minimum.Span, "minConfidence", "the output schema needs a \"confidence\" member of type \"number\" for the step to check it");
                return;
            }

            _llmOutputs.Add(code.ToString());
            _shapes.Add(new CelObjectShape(clrType, fields.ToEquatableArray()));
            _llmSchemas[step] = WriteJson(schema);
            Output(step, clrType, CelType.Object(clrType));
        }

        private StepModel BindLlm(JsonStep step, StepModel model, GlueMethod method)
        {
            var prompt = Required<JsonString>(step, "prompt", "the text sent to the model; {!path} parts are interpolated");
            double? minConfidence = null;
            if (step.Property("minConfidence") is { } minimumNode)
            {
                if (minimumNode is JsonNumber number && double.TryParse(number.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1)
                {
                    minConfidence = value;
                }
                else
                {
                    Report(DiagnosticCatalog.JsonInvalidValue, minimumNode.Span, "minConfidence", "a number from 0 to 1, such as 0.8");
                    return model;
                }
            }

            if (prompt is null || !_llmSchemas.TryGetValue(step, out var schema))
            {
                return model;
            }

            var text = prompt.Value.IndexOf("{!", StringComparison.Ordinal) < 0
                ? Literal(prompt.Value)
                : method.AddInterpolation(prompt, Environment(step, compensation: false));
            if (text is null)
            {
                return model;
            }

            var outputType = step.OutputType!;
            var minimum = minConfidence is { } m ? m.ToString("R", CultureInfo.InvariantCulture) : "null";
            var invocation = $"{Rt}.LlmStep.InvokeAsync<{outputType}>(this.{Host(ChatClientType)}, {method.Context()}, {text}, {Literal(schema)}, {minimum}, {method.CancellationToken()})";
            var call = method.Finish($"Step '{Xml(step.Id)}': asks the chat model for an answer of its schema.", $"global::System.Threading.Tasks.Task<{outputType}>", "return " + invocation + ";", ReturnKind.TaskOfT, outputType);
            return model with { Call = call };
        }

        /// <summary>The CEL type of one member of an answer schema, or null for a shape the step does not support.</summary>
        private static CelType? LlmMemberType(JsonNode node)
        {
            if (node is not JsonObject member || member.Find("type")?.Value is not JsonString type)
            {
                return null;
            }

            switch (type.Value)
            {
                case "string":
                    return CelType.String;
                case "integer":
                    return CelType.Int;
                case "number":
                    return CelType.Double;
                case "boolean":
                    return CelType.Bool;
                case "array":
                    return member.Find("items")?.Value is { } items && LlmMemberType(items) is { Kind: not CelTypeKind.List } element ? CelType.List(element) : null;
                default:
                    return null;
            }
        }

        /// <summary>A JSON node written back as compact JSON (the schema the runtime sends and validates against).</summary>
        private static string WriteJson(JsonNode node)
        {
            var builder = new StringBuilder();
            Write(node);
            return builder.ToString();

            void Write(JsonNode value)
            {
                switch (value)
                {
                    case JsonObject obj:
                        builder.Append('{');
                        for (var i = 0; i < obj.Properties.Count; i++)
                        {
                            builder.Append(i == 0 ? "" : ",");
                            WriteString(obj.Properties[i].Name);
                            builder.Append(':');
                            Write(obj.Properties[i].Value);
                        }

                        builder.Append('}');
                        break;
                    case JsonArray array:
                        builder.Append('[');
                        for (var i = 0; i < array.Items.Count; i++)
                        {
                            builder.Append(i == 0 ? "" : ",");
                            Write(array.Items[i]);
                        }

                        builder.Append(']');
                        break;
                    case JsonString text:
                        WriteString(text.Value);
                        break;
                    case JsonNumber number:
                        builder.Append(number.Text);
                        break;
                    case JsonBool flag:
                        builder.Append(flag.Value ? "true" : "false");
                        break;
                    default:
                        builder.Append("null");
                        break;
                }
            }

            // A C# literal of ours escapes only what JSON escapes too (\" \\ \n \r \t \uXXXX), so it is a JSON string as well.
            void WriteString(string text) => builder.Append(CSharpLiteral.String(text));
        }
    }
}
