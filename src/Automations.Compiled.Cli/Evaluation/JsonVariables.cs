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
        /// <summary>The variables of <c>--vars</c> (a JSON object, inline or <c>@file</c>); a mistake is a <see cref="UsageException"/>.</summary>
        public static IReadOnlyList<EvalVariable> Parse(string? json)
        {
            if (string.IsNullOrWhiteSpace(json))
            {
                return Array.Empty<EvalVariable>();
            }

            var root = JsonArgument.Parse(json, "--vars")!.Value;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new UsageException("--vars must be a JSON object mapping variable names to values, such as {\"x\": 1}.");
            }

            var variables = new List<EvalVariable>();
            foreach (var property in root.EnumerateObject())
            {
                if (!IsIdentifier(property.Name))
                {
                    throw new UsageException($"--vars: '{property.Name}' is not a variable name: use letters, digits and '_', not starting with a digit, and not a CEL keyword.");
                }

                if (variables.Exists(v => v.Name == property.Name))
                {
                    throw new UsageException($"--vars: the variable '{property.Name}' is given twice.");
                }

                var type = TypeOf(property.Value);
                variables.Add(new EvalVariable(property.Name, type, ValueOf(property.Value, type)));
            }

            return variables;
        }

        /// <summary>A name an expression can refer to: exactly one identifier token of the CEL lexer (so not a reserved word).</summary>
        private static bool IsIdentifier(string name)
            => CelLexer.Tokenize(name) is [{ Kind: CelTokenKind.Identifier } token, { Kind: CelTokenKind.End }] && (string?)token.Value == name;

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
