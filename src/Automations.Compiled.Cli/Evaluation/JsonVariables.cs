using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Automations.Compiled.Cel;

namespace Automations.Compiled.Cli.Evaluation
{
    /// <summary>One variable of <c>flow eval --vars</c>: its CEL type (inferred from the JSON value) and its value as generated code holds it.</summary>
    internal sealed record EvalVariable(string Name, CelType Type, object? Value);

    /// <summary>
    /// Types JSON values for CEL: whole numbers are <c>int</c>, other numbers <c>double</c>; a list or map whose items
    /// share a type gets it (<c>list(int)</c>), otherwise <c>dyn</c>; object keys are strings.
    /// </summary>
    internal static class JsonVariables
    {
        public static IReadOnlyList<EvalVariable> Parse(string? json)
        {
            if (string.IsNullOrWhiteSpace(json))
            {
                return Array.Empty<EvalVariable>();
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json);
            }
            catch (JsonException error)
            {
                throw new UsageException($"--vars is not valid JSON: {error.Message}");
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new UsageException("--vars must be a JSON object mapping variable names to values, such as {\"x\": 1}.");
                }

                return document.RootElement.EnumerateObject()
                    .Select(p => { var type = TypeOf(p.Value); return new EvalVariable(p.Name, type, ValueOf(p.Value, type)); })
                    .ToList();
            }
        }

        private static CelType TypeOf(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.String => CelType.String,
            JsonValueKind.True or JsonValueKind.False => CelType.Bool,
            JsonValueKind.Number => element.TryGetInt64(out _) ? CelType.Int : CelType.Double,
            JsonValueKind.Array => CelType.List(Common(element.EnumerateArray().Select(TypeOf))),
            JsonValueKind.Object => CelType.Map(CelType.String, Common(element.EnumerateObject().Select(p => TypeOf(p.Value)))),
            _ => CelType.Null,
        };

        /// <summary>The type all items share; <c>dyn</c> when they differ, when there are none, or when one is null.</summary>
        private static CelType Common(IEnumerable<CelType> types)
        {
            var distinct = types.Distinct().ToList();
            return distinct.Count == 1 && distinct[0].Kind != CelTypeKind.Null ? distinct[0] : CelType.Dyn;
        }

        private static object? ValueOf(JsonElement element, CelType type)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    return element.GetString();
                case JsonValueKind.True or JsonValueKind.False:
                    return element.GetBoolean();
                case JsonValueKind.Number:
                    if (element.TryGetInt64(out var whole))
                    {
                        return whole;
                    }

                    return element.GetDouble();
                case JsonValueKind.Array:
                    var itemType = type.Kind == CelTypeKind.List ? type.Element : CelType.Dyn;
                    var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(ClrType(itemType)))!;
                    foreach (var item in element.EnumerateArray())
                    {
                        list.Add(ValueOf(item, itemType.Kind == CelTypeKind.Dyn ? TypeOf(item) : itemType));
                    }

                    return list;
                case JsonValueKind.Object:
                    var valueType = type.Kind == CelTypeKind.Map ? type.Value : CelType.Dyn;
                    var map = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), ClrType(valueType)))!;
                    foreach (var property in element.EnumerateObject())
                    {
                        map[property.Name] = ValueOf(property.Value, valueType.Kind == CelTypeKind.Dyn ? TypeOf(property.Value) : valueType);
                    }

                    return map;
                default:
                    return null;
            }
        }

        /// <summary>The .NET type of <see cref="CelCSharp.TypeName"/> for the types JSON values can have.</summary>
        private static Type ClrType(CelType type) => type.Kind switch
        {
            CelTypeKind.Int => typeof(long),
            CelTypeKind.Double => typeof(double),
            CelTypeKind.Bool => typeof(bool),
            CelTypeKind.String => typeof(string),
            CelTypeKind.List => typeof(IReadOnlyList<>).MakeGenericType(ClrType(type.Element)),
            CelTypeKind.Map => typeof(IReadOnlyDictionary<,>).MakeGenericType(typeof(string), ClrType(type.Value)),
            _ => typeof(object),
        };
    }
}
