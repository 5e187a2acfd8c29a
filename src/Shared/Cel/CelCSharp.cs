using System;
using System.Globalization;
using System.Text;

namespace Automations.Compiled.Cel
{
    /// <summary>How CEL types and literals are written in generated C#.</summary>
    internal static class CelCSharp
    {
        public const string Runtime = "global::Automations.Compiled.Cel.CelRuntime";
        public const string Exception = "global::Automations.Compiled.Cel.CelException";
        public const string TypeValue = "global::Automations.Compiled.Cel.CelTypeValue";
        public const string List = "global::System.Collections.Generic.IReadOnlyList";
        public const string Map = "global::System.Collections.Generic.IReadOnlyDictionary";

        /// <summary>The C# type that holds values of <paramref name="type"/>.</summary>
        public static string TypeName(CelType type) => type.Kind switch
        {
            CelTypeKind.Int => "long",
            CelTypeKind.Uint => "ulong",
            CelTypeKind.Double => "double",
            CelTypeKind.Bool => "bool",
            CelTypeKind.String => "string",
            CelTypeKind.Bytes => "byte[]",
            CelTypeKind.Null => "object?",
            CelTypeKind.Timestamp => "global::System.DateTimeOffset",
            CelTypeKind.Duration => "global::System.TimeSpan",
            CelTypeKind.List => $"{List}<{TypeName(type.Element)}>",
            CelTypeKind.Map => $"{Map}<{KeyTypeName(type.Key)}, {TypeName(type.Value)}>",
            CelTypeKind.Object => type.ClrType ?? "object",
            CelTypeKind.Type => TypeValue,
            _ => "object?",
        };

        /// <summary>Map keys are never null: a <c>dyn</c> key is <c>object</c>.</summary>
        public static string KeyTypeName(CelType type) => type.Kind == CelTypeKind.Dyn ? "object" : TypeName(type);

        /// <summary>A C# string literal for any text (see <see cref="Text.CSharpLiteral.String"/>).</summary>
        public static string String(string value) => Text.CSharpLiteral.String(value);

        public static string Long(long value) => value == long.MinValue ? "long.MinValue" : value.ToString(CultureInfo.InvariantCulture) + "L";

        public static string ULong(ulong value) => value.ToString(CultureInfo.InvariantCulture) + "UL";

        public static string Double(double value)
        {
            if (double.IsNaN(value))
            {
                return "double.NaN";
            }

            if (double.IsInfinity(value))
            {
                return value > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
            }

            var text = value.ToString("R", CultureInfo.InvariantCulture);
            return value == 0 && 1 / value < 0 ? "(-0.0d)" : text + "d";
        }

        /// <summary>A C# type name without <c>global::</c>, <c>System.</c> aliases resolved, for comparing names.</summary>
        public static string Simplify(string clrType)
        {
            var name = clrType.Trim();
            if (name.StartsWith("global::", StringComparison.Ordinal))
            {
                name = name.Substring(8);
            }

            var nullable = name.EndsWith("?", StringComparison.Ordinal);
            var core = nullable ? name.Substring(0, name.Length - 1) : name;
            core = core switch
            {
                "System.Int64" => "long",
                "System.Int32" => "int",
                "System.Int16" => "short",
                "System.SByte" => "sbyte",
                "System.Byte" => "byte",
                "System.UInt64" => "ulong",
                "System.UInt32" => "uint",
                "System.UInt16" => "ushort",
                "System.Double" => "double",
                "System.Single" => "float",
                "System.Decimal" => "decimal",
                "System.Boolean" => "bool",
                "System.String" => "string",
                "System.Object" => "object",
                "System.Char" => "char",
                "System.DateTimeOffset" => "DateTimeOffset",
                "System.DateTime" => "DateTime",
                "System.TimeSpan" => "TimeSpan",
                "System.Byte[]" => "byte[]",
                "System.DateTimeOffset?" => "DateTimeOffset",
                _ => core.StartsWith("System.", StringComparison.Ordinal) && core.IndexOf('.', 7) < 0 ? core.Substring(7) : core,
            };
            return nullable ? core + "?" : core;
        }

        /// <summary>
        /// Reads a C# value of type <paramref name="clrType"/> as the CEL <paramref name="type"/>: smaller integers widen to
        /// <c>long</c>/<c>ulong</c>, <c>float</c> and <c>decimal</c> to <c>double</c>, <c>DateTime</c> to a UTC timestamp,
        /// and a null <c>Nullable&lt;T&gt;</c> is a CEL error.
        /// </summary>
        public static CelEmitted Widen(string code, string clrType, CelType type, string what)
        {
            var simple = Simplify(clrType);
            var nullable = simple.EndsWith("?", StringComparison.Ordinal);
            var core = nullable ? simple.Substring(0, simple.Length - 1) : simple;
            var primitive = IsPrimitive(core);
            if (nullable && primitive && type.Kind != CelTypeKind.Dyn)
            {
                code = $"({code} ?? {Runtime}.Fail<{core}>({String(what + " is null")}))";
            }

            var widened = (type.Kind, core) switch
            {
                (CelTypeKind.Int, "int" or "short" or "sbyte" or "byte" or "ushort" or "uint" or "char") => $"((long){code})",
                (CelTypeKind.Uint, "uint" or "ushort" or "byte") => $"((ulong){code})",
                (CelTypeKind.Double, "float" or "decimal" or "int" or "long") => $"((double){code})",
                (CelTypeKind.Timestamp, "DateTime") => $"{Runtime}.Timestamp({code})",
                // An enum member of an LLM answer type is a string in its schema and in CEL: its member name.
                (CelTypeKind.String, not "string") => $"{code}.ToString()",
                (CelTypeKind.Dyn, _) => $"((object?){code})",
                _ => code,
            };
            return new CelEmitted(type, widened, nullable && primitive);
        }

        public static bool IsPrimitive(string simple) => simple switch
        {
            "long" or "int" or "short" or "sbyte" or "byte" or "ulong" or "uint" or "ushort" or "double" or "float" or "decimal"
                or "bool" or "char" or "DateTimeOffset" or "DateTime" or "TimeSpan" => true,
            _ => false,
        };
    }
}
