using System;
using System.Collections.Generic;

namespace Automations.Compiled.Cel
{
    /// <summary>
    /// The one way a message about an expression names a type: as CEL writes it, never as the C# type that holds the
    /// value. <c>int</c> (C# <c>long</c>, <c>int</c> and the other signed integers), <c>uint</c>, <c>double</c>,
    /// <c>bool</c>, <c>string</c>, <c>bytes</c>, <c>list(T)</c>, <c>map(K, V)</c>, <c>null_type</c>, <c>timestamp</c>,
    /// <c>duration</c>, <c>dyn</c>, <c>type</c>, and an object (a record or class) by its declared type name. Used by the
    /// type checker's diagnostics, the run-time CEL errors and <c>flow eval</c>.
    /// </summary>
    internal static class CelTypeNames
    {
        /// <summary>A checked CEL type: <c>int</c>, <c>list(string)</c>, <c>map(string, dyn)</c>, <c>Shop.Order</c>.</summary>
        public static string Of(CelType type) => type.Kind switch
        {
            CelTypeKind.List => $"list({Of(type.Element)})",
            CelTypeKind.Map => $"map({Of(type.Key)}, {Of(type.Value)})",
            CelTypeKind.Object => Declared(type.ClrType ?? "object"),
            CelTypeKind.Null => "null_type",
            CelTypeKind.Dyn => "dyn",
            CelTypeKind.Bool => "bool",
            CelTypeKind.Int => "int",
            CelTypeKind.Uint => "uint",
            CelTypeKind.Double => "double",
            CelTypeKind.String => "string",
            CelTypeKind.Bytes => "bytes",
            CelTypeKind.Timestamp => "timestamp",
            CelTypeKind.Duration => "duration",
            CelTypeKind.Type => "type",
            _ => type.Kind.ToString().ToLowerInvariant(),
        };

        /// <summary>
        /// Where a value goes (an action parameter, a variable): its CEL type; a <c>dyn</c> target held in a narrower C#
        /// type (<c>int?</c>, an enum-less struct) by that C# type, named the CEL way.
        /// </summary>
        public static string Of(CelTarget target) => target.Type.Kind == CelTypeKind.Dyn ? OfClr(target.ClrType) : Of(target.Type);

        /// <summary>
        /// A C# type as generated code or a symbol writes it (<c>long</c>, <c>global::System.Int64</c>, <c>int?</c>,
        /// <c>global::System.Collections.Generic.IReadOnlyList&lt;long&gt;</c>), named the CEL way. A nullable value type
        /// is named by its value type; a type CEL has no name for is an object, named as declared.
        /// </summary>
        public static string OfClr(string clrType)
        {
            var name = CelCSharp.Simplify(clrType);
            if (name.EndsWith("?", StringComparison.Ordinal))
            {
                name = name.Substring(0, name.Length - 1);
            }

            if (name.EndsWith("[]", StringComparison.Ordinal))
            {
                var element = name.Substring(0, name.Length - 2);
                return element == "byte" ? "bytes" : $"list({OfClr(element)})";
            }

            var open = name.IndexOf('<');
            if (open > 0 && name.EndsWith(">", StringComparison.Ordinal))
            {
                var arguments = Arguments(name.Substring(open + 1, name.Length - open - 2));
                var generic = name.Substring(0, open);
                var simple = generic.Substring(generic.LastIndexOf('.') + 1);
                switch (simple)
                {
                    case "IReadOnlyList" or "IList" or "List" or "IReadOnlyCollection" or "ICollection" or "IEnumerable" when arguments.Count == 1:
                        return $"list({OfClr(arguments[0])})";
                    case "IReadOnlyDictionary" or "IDictionary" or "Dictionary" when arguments.Count == 2:
                        return $"map({OfClr(arguments[0])}, {OfClr(arguments[1])})";
                    case "Nullable" when arguments.Count == 1:
                        return OfClr(arguments[0]);
                }
            }

            return Primitive(name) ?? name;
        }

        /// <summary>The type of a run-time value named the CEL way: <c>null_type</c> for null, otherwise its C# type's CEL name.</summary>
        public static string OfValue(object? value) => value is null ? "null_type" : Of(value.GetType());

        /// <summary>A run-time C# type named the CEL way (what a <c>dyn</c> value turned out to be, what it had to become).</summary>
        public static string Of(Type type)
        {
            if (Nullable.GetUnderlyingType(type) is { } underlying)
            {
                return Of(underlying);
            }

            if (type.IsEnum)
            {
                return "int";
            }

            if (type.IsArray)
            {
                var element = type.GetElementType()!;
                return element == typeof(byte) ? "bytes" : $"list({Of(element)})";
            }

            if (!type.IsGenericType && Primitive(CelCSharp.Simplify(type.FullName ?? type.Name)) is { } primitive)
            {
                return primitive;
            }

            if ((Find(type, typeof(IDictionary<,>)) ?? Find(type, typeof(IReadOnlyDictionary<,>))) is { } map)
            {
                var entry = map.GetGenericArguments();
                return $"map({Of(entry[0])}, {Of(entry[1])})";
            }

            if (Find(type, typeof(IEnumerable<>)) is { } list)
            {
                return $"list({Of(list.GetGenericArguments()[0])})";
            }

            if (typeof(System.Collections.IDictionary).IsAssignableFrom(type))
            {
                return "map(dyn, dyn)";
            }

            if (typeof(System.Collections.IEnumerable).IsAssignableFrom(type))
            {
                return "list(dyn)";
            }

            // Nested types read as C# writes them (Shop.Flow.Input, not Shop.Flow+Input); a generic without its arity.
            var declared = (type.FullName ?? type.Name).Replace('+', '.');
            var tick = declared.IndexOf('`');
            return tick < 0 ? declared : declared.Substring(0, tick);
        }

        /// <summary>The CEL name of a C# type CEL has a name for (<see cref="CelCSharp.Simplify"/>'s form), or null.</summary>
        private static string? Primitive(string simplified) => simplified switch
        {
            "long" or "int" or "short" or "sbyte" or "byte" or "char" => "int",
            "ulong" or "uint" or "ushort" => "uint",
            "double" or "float" or "decimal" => "double",
            "bool" => "bool",
            "string" => "string",
            "byte[]" => "bytes",
            "object" => "dyn",
            "DateTimeOffset" or "DateTime" => "timestamp",
            "TimeSpan" => "duration",
            "Automations.Compiled.Cel.CelTypeValue" => "type",
            _ => null,
        };

        /// <summary>An object type as its declaration names it, without <c>global::</c>.</summary>
        private static string Declared(string clrType)
            => clrType.StartsWith("global::", StringComparison.Ordinal) ? clrType.Substring(8) : clrType;

        /// <summary>The constructed <paramref name="generic"/> interface <paramref name="type"/> is or implements, if any.</summary>
        private static Type? Find(Type type, Type generic)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == generic)
            {
                return type;
            }

            foreach (var contract in type.GetInterfaces())
            {
                if (contract.IsGenericType && contract.GetGenericTypeDefinition() == generic)
                {
                    return contract;
                }
            }

            return null;
        }

        /// <summary>The top-level type arguments of a generic's argument list (<c>string, List&lt;long&gt;</c>).</summary>
        private static List<string> Arguments(string list)
        {
            var arguments = new List<string>();
            var depth = 0;
            var start = 0;
            for (var i = 0; i < list.Length; i++)
            {
                switch (list[i])
                {
                    case '<':
                        depth++;
                        break;
                    case '>':
                        depth--;
                        break;
                    case ',' when depth == 0:
                        arguments.Add(list.Substring(start, i - start).Trim());
                        start = i + 1;
                        break;
                }
            }

            arguments.Add(list.Substring(start).Trim());
            return arguments;
        }
    }
}
