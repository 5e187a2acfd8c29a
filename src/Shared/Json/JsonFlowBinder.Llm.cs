using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
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

            if (output is JsonString typeName)
            {
                DeclareLlmOutputType(step, typeName);
                return;
            }

            if (output is not JsonObject schema)
            {
                Report(DiagnosticCatalog.JsonWrongType, output.Span, "output", "a JSON schema object with \"type\": \"object\" and \"properties\", or the full name of an [LlmSchema] class", JsonFlowReader.Describe(output));
                return;
            }

            var className = Naming.Capitalize(Naming.Identifier(step.Id)) + "Output";
            var clrType = _flowType + "." + className;
            var code = new StringBuilder();
            code.Append("/// <summary>The answer of LLM step '").Append(Xml(step.Id)).Append("' (<c>steps.").Append(Xml(step.Id)).Append(".output</c>), validated against its schema.</summary>\n");
            if (LlmClass(schema, "output", className, clrType, 0, code, "") is not { } fields)
            {
                return;
            }

            if (ChecksConfidence(step, fields))
            {
                _llmOutputs.Add(code.ToString());
                _llmSchemas[step] = WriteJson(schema);
                Output(step, clrType, CelType.Object(clrType));
            }
        }

        /// <summary>
        /// <c>"output": "MyApp.TicketClass"</c>: an <c>[LlmSchema]</c> class of the project, whose schema and shapes the
        /// generator read at build time (<see cref="ActionCatalog.LlmOutputs"/>). Named in full, as C# code outside its
        /// namespace would: a flow file has no usings.
        /// </summary>
        private void DeclareLlmOutputType(JsonStep step, JsonString name)
        {
            var type = LlmOutputType.Find(_catalog.LlmOutputs, name.Value);
            if (type is null)
            {
                var names = _catalog.LlmOutputs.Select(t => t.Name).ToList();
                var sameName = names.FirstOrDefault(n => n.EndsWith("." + name.Value, StringComparison.Ordinal));
                var hint = sameName is not null ? $"; did you mean '{sameName}'?" : Suggestions.DidYouMean(name.Value, names);
                Report(DiagnosticCatalog.LlmOutputTypeNotUsable, name.Span, step.Id, name.Value,
                    "is not an [LlmSchema] class of this project; mark the class with [Automations.Compiled.LlmSchema], derive it from LlmOutput, and write its full name with its namespace (\"MyApp.TicketClass\")" + hint);
                return;
            }

            if (type.Problem is not null)
            {
                Report(DiagnosticCatalog.LlmOutputTypeNotUsable, name.Span, step.Id, name.Value, "cannot be an answer: " + type.Problem);
                return;
            }

            var answer = type.Shapes.FirstOrDefault(s => s.ClrType == type.ClrType);
            if (answer is null || !ChecksConfidence(step, answer.Fields))
            {
                return;
            }

            _shapes.AddRange(type.Shapes);
            _llmSchemas[step] = type.Schema;
            Output(step, type.ClrType, CelType.Object(type.ClrType));
        }

        /// <summary>A <c>minConfidence</c> needs a numeric <c>confidence</c> member to compare; false once reported.</summary>
        private bool ChecksConfidence(JsonStep step, IEnumerable<CelField> fields)
        {
            if (step.Property("minConfidence") is { } minimum
                && !fields.Any(f => f.Name == "confidence" && f.Type.Kind is CelTypeKind.Double or CelTypeKind.Int))
            {
                Report(DiagnosticCatalog.JsonInvalidValue, minimum.Span, "minConfidence", "the output schema needs a \"confidence\" member of type \"number\" for the step to check it");
                return false;
            }

            return true;
        }

        /// <summary>
        /// Writes the class of one object schema (the answer at <paramref name="depth"/> 0, a nested object member below
        /// it) into <paramref name="code"/>, its nested classes inside it, and adds the CEL shape of each. Returns the
        /// class's fields, or null when a problem was reported.
        /// </summary>
        private List<CelField>? LlmClass(JsonObject schema, string name, string className, string clrType, int depth, StringBuilder code, string indent)
        {
            var what = depth == 0 ? "the answer's schema" : "an object member";
            if (schema.Find("type")?.Value is not JsonString { Value: "object" })
            {
                Report(DiagnosticCatalog.JsonInvalidValue, (schema.Find("type")?.Value ?? schema).Span, name, what + " needs \"type\": \"object\"");
                return null;
            }

            if (schema.Find("properties")?.Value is not JsonObject properties || properties.Properties.Count == 0)
            {
                Report(DiagnosticCatalog.JsonInvalidValue, (schema.Find("properties")?.Value ?? schema).Span, name, what + " needs \"properties\": one member at least, such as {\"category\": {\"type\": \"string\"}}");
                return null;
            }

            var ok = LlmRequired(schema, properties);
            var fields = new List<CelField>();
            // C# names in use in the class: its own, the answer's Llm (from LlmOutput), its properties and its nested classes.
            var members = new HashSet<string>(StringComparer.Ordinal) { className };
            if (depth == 0)
            {
                members.Add("Llm");
            }

            var nested = new StringBuilder();
            code.Append(indent).Append("public sealed class ").Append(className).Append(depth == 0 ? " : " + Rt + ".LlmOutput" : "").Append('\n');
            code.Append(indent).Append("{\n");
            foreach (var property in properties.Properties)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var member = Naming.Capitalize(property.Name);
                if (!JsonFlowReader.IsIdentifier(property.Name) || !members.Add(member))
                {
                    Report(DiagnosticCatalog.JsonInvalidValue, property.NameSpan, property.Name, $"an answer member is a CEL identifier whose C# property ('{member}') no other member uses");
                    ok = false;
                    continue;
                }

                if (LlmMemberType(property, clrType, depth, members, nested, indent + "    ") is not { } type)
                {
                    ok = false;
                    continue;
                }

                var clr = CelCSharp.TypeName(type);
                fields.Add(new CelField(property.Name, member, type, clr));
                code.Append(indent).Append("    /// <summary><c>").Append(Xml(property.Name)).Append("</c> (").Append(Xml(type.ToString())).Append(").</summary>\n");
                code.Append(indent).Append("    [global::System.Text.Json.Serialization.JsonPropertyName(").Append(Literal(property.Name)).Append(")]\n");
                code.Append(indent).Append("    public ").Append(clr).Append(' ').Append(member).Append(" { get; init; }").Append(IsValueType(type) ? "" : " = default!;").Append('\n');
            }

            code.Append(nested).Append(indent).Append('}');
            if (!ok)
            {
                return null;
            }

            _shapes.Add(new CelObjectShape(clrType, fields.ToEquatableArray()));
            return fields;
        }

        /// <summary>Every name in an object schema's <c>required</c> must be one of its <c>properties</c>: the model could never give another.</summary>
        private bool LlmRequired(JsonObject schema, JsonObject properties)
        {
            if (schema.Find("required")?.Value is not { } required)
            {
                return true;
            }

            if (required is not JsonArray names)
            {
                Report(DiagnosticCatalog.JsonWrongType, required.Span, "required", "an array of member names", JsonFlowReader.Describe(required));
                return false;
            }

            var ok = true;
            foreach (var name in names.Items)
            {
                if (name is not JsonString { Value: var member } || properties.Find(member) is null)
                {
                    var known = properties.Properties.Select(p => p.Name).ToList();
                    var problem = name is JsonString text
                        ? $"'{text.Value}' is not one of the members in \"properties\" ({string.Join(", ", known)}){Suggestions.DidYouMean(text.Value, known)}"
                        : "each entry is the name of a member in \"properties\"";
                    Report(DiagnosticCatalog.JsonInvalidValue, name.Span, "required", problem);
                    ok = false;
                }
            }

            return ok;
        }

        /// <summary>
        /// The CEL type of one member of an answer schema; an object member (or an array of objects) becomes a nested
        /// class written into <paramref name="nested"/>. Null once the problem was reported.
        /// </summary>
        private CelType? LlmMemberType(JsonProperty property, string ownerClr, int depth, HashSet<string> members, StringBuilder nested, string indent)
        {
            var node = property.Value;
            var isArray = node is JsonObject { } array && array.Find("type")?.Value is JsonString { Value: "array" };
            var element = isArray ? ((JsonObject)node).Find("items")?.Value : node;
            if (element is JsonObject item && item.Find("type")?.Value is JsonString { Value: var type })
            {
                CelType? scalar = type switch
                {
                    "string" => CelType.String,
                    "integer" => CelType.Int,
                    "number" => CelType.Double,
                    "boolean" => CelType.Bool,
                    _ => null,
                };
                if (scalar is not null)
                {
                    return isArray ? CelType.List(scalar) : scalar;
                }

                if (type == "object")
                {
                    if (depth + 1 > LlmOutputType.MaxDepth)
                    {
                        Report(DiagnosticCatalog.JsonInvalidValue, node.Span, property.Name, $"answer objects nest at most {LlmOutputType.MaxDepth} levels below the answer; flatten this member or make it a string");
                        return null;
                    }

                    // CustomerOutput for an object member, LinesItem for an array's items: a nested class of its owner.
                    var className = Naming.Capitalize(property.Name) + (isArray ? "Item" : "Output");
                    if (!members.Add(className))
                    {
                        Report(DiagnosticCatalog.JsonInvalidValue, property.NameSpan, property.Name, $"its nested class would be '{className}', which another member of the same object uses; rename one");
                        return null;
                    }

                    var clrType = ownerClr + "." + className;
                    nested.Append('\n').Append(indent).Append("/// <summary>").Append(isArray ? "An item of " : "").Append("<c>").Append(Xml(property.Name)).Append("</c> of the answer.</summary>\n");
                    if (LlmClass(item, property.Name, className, clrType, depth + 1, nested, indent) is null)
                    {
                        return null;
                    }

                    nested.Append('\n');
                    return isArray ? CelType.List(CelType.Object(clrType)) : CelType.Object(clrType);
                }
            }

            Report(DiagnosticCatalog.JsonInvalidValue, node.Span, property.Name, "an answer member is {\"type\": \"string\" | \"integer\" | \"number\" | \"boolean\" | \"object\"} (an \"enum\" of strings allowed) or an \"array\" of those");
            return null;
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
