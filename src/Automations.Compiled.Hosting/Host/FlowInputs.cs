using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using Automations.Compiled.Runtime;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// Turns a JSON object (from an API call, a webhook, a CLI) into a flow's typed input, checking it against the
    /// declaration first: a missing input, an input the flow does not declare, or a value of the wrong type is an
    /// <see cref="ArgumentException"/> naming the input.
    /// </summary>
    public static class FlowInputs
    {
        /// <summary>Reads <paramref name="json"/> as an input of <paramref name="flow"/>.</summary>
        /// <exception cref="ArgumentException">The JSON does not fit the flow's inputs; the message names the input.</exception>
        public static object? FromJson(FlowInfo flow, JsonElement json)
        {
            ArgumentNullException.ThrowIfNull(flow);
            var problems = Check(flow, json);
            if (problems.Count > 0)
            {
                throw new ArgumentException(problems[0].Message, "input");
            }

            var type = flow.InputType;
            if (type is null)
            {
                return null;
            }

            if (type == typeof(JsonElement))
            {
                return json;
            }

            try
            {
                return json.Deserialize(type, Options());
            }
            catch (JsonException error)
            {
                throw new ArgumentException($"The inputs of flow '{flow.Id}' do not fit {type.Name}: {error.Message}", "input", error);
            }
        }

        /// <summary>
        /// Every way <paramref name="json"/> does not fit the inputs of <paramref name="flow"/>, in the order
        /// <see cref="FromJson"/> would name them: each with the input it is about (<c>input.amount</c>, or <c>input</c> for the
        /// whole object) and the message. Empty when it fits (the conversion itself may still refuse an odd value).
        /// </summary>
        internal static IReadOnlyList<(string Field, string Message)> Check(FlowInfo flow, JsonElement json)
        {
            var problems = new List<(string Field, string Message)>();
            var type = flow.InputType;
            if (type is null)
            {
                if (!(json.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null || (json.ValueKind == JsonValueKind.Object && !json.EnumerateObject().Any())))
                {
                    problems.Add(("input", $"Flow '{flow.Id}' takes no inputs."));
                }

                return problems;
            }

            if (type == typeof(JsonElement))
            {
                return problems;
            }

            if (json.ValueKind != JsonValueKind.Object)
            {
                problems.Add(("input", $"Flow '{flow.Id}' takes an object of inputs, not {Describe(json.ValueKind)}."));
                return problems;
            }

            var declared = Declared(type);
            var given = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in json.EnumerateObject())
            {
                if (!declared.TryGetValue(property.Name, out var input))
                {
                    problems.Add(("input." + property.Name, $"Flow '{flow.Id}' has no input '{property.Name}'; its inputs are {string.Join(", ", declared.Values.Select(d => d.Name).Distinct())}."));
                    continue;
                }

                given.Add(property.Name);
                try
                {
                    var value = property.Value.Deserialize(input.Type, Options());
                    if (value is null && input.Required)
                    {
                        problems.Add(("input." + property.Name, $"Input '{input.Name}' of flow '{flow.Id}' must not be null."));
                    }
                }
                catch (JsonException)
                {
                    problems.Add(("input." + property.Name, $"Input '{input.Name}' of flow '{flow.Id}' is a {TypeName(input.Type)}, not {Describe(property.Value.ValueKind)}."));
                }
            }

            foreach (var input in declared.Values.Where(d => d.Required).DistinctBy(d => d.Name))
            {
                if (!given.Contains(input.Name))
                {
                    problems.Add(("input." + JsonNamingPolicy.CamelCase.ConvertName(input.Name), $"Flow '{flow.Id}' needs input '{input.Name}' ({TypeName(input.Type)})."));
                }
            }

            return problems;
        }

        /// <summary>The declared inputs of a flow (name, JSON type name, required), as a form to start it would show them.</summary>
        internal static IReadOnlyList<(string Name, string Type, bool Required)> Describe(FlowInfo flow)
        {
            if (flow.InputType is not { } type || type == typeof(JsonElement))
            {
                return Array.Empty<(string, string, bool)>();
            }

            return Declared(type).Values.DistinctBy(d => d.Name).Select(d => (d.Name, TypeName(d.Type), d.Required)).ToArray();
        }

        private static (JsonSerializerOptions Source, JsonSerializerOptions Inputs)? s_options;

        /// <summary>The state serializer's options, with input names matched as JSON APIs do: in any case.</summary>
        private static JsonSerializerOptions Options()
        {
            var source = FlowStateSerializer.Options;
            if (s_options is { } cached && ReferenceEquals(cached.Source, source))
            {
                return cached.Inputs;
            }

            var inputs = new JsonSerializerOptions(source) { PropertyNameCaseInsensitive = true };
            s_options = (source, inputs);
            return inputs;
        }

        private sealed record Input(string Name, Type Type, bool Required);

        /// <summary>The settable properties (and constructor parameters) of an input type, by name, case-insensitive as JSON binding is.</summary>
        private static Dictionary<string, Input> Declared(Type type)
        {
            var nullability = new NullabilityInfoContext();
            var inputs = new Dictionary<string, Input>(StringComparer.OrdinalIgnoreCase);
            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
            foreach (var parameter in constructor?.GetParameters() ?? Array.Empty<ParameterInfo>())
            {
                var required = !parameter.HasDefaultValue && IsRequired(parameter.ParameterType, nullability.Create(parameter).WriteState);
                inputs[parameter.Name!] = new Input(parameter.Name!, parameter.ParameterType, required);
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite || inputs.ContainsKey(p.Name)))
            {
                if (!inputs.ContainsKey(property.Name))
                {
                    var required = property.GetCustomAttribute<System.Runtime.CompilerServices.RequiredMemberAttribute>() is not null
                        || property.GetCustomAttribute<System.Text.Json.Serialization.JsonRequiredAttribute>() is not null;
                    inputs[property.Name] = new Input(property.Name, property.PropertyType, required);
                }
            }

            return inputs;
        }

        private static bool IsRequired(Type type, NullabilityState state)
            => type.IsValueType ? Nullable.GetUnderlyingType(type) is null : state == NullabilityState.NotNull;

        private static string TypeName(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
        {
            var t when t == typeof(string) => "string",
            var t when t == typeof(int) || t == typeof(long) => "integer",
            var t when t == typeof(double) || t == typeof(decimal) || t == typeof(float) => "number",
            var t when t == typeof(bool) => "boolean",
            var t => t.Name,
        };

        private static string Describe(JsonValueKind kind) => kind switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Array => "an array",
            JsonValueKind.Object => "an object",
            _ => "null",
        };
    }
}
