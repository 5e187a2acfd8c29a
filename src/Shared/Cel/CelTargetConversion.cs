namespace Automations.Compiled.Cel
{
    /// <summary>
    /// Converts a compiled value to the C# type a flow needs (an action parameter, a variable): narrowing is checked at
    /// run time (a CEL int that does not fit an <c>int</c> is a CEL error), <c>dyn</c> converts at run time, and
    /// impossible conversions are compile errors (null result).
    /// </summary>
    internal static class CelTargetConversion
    {
        private const string R = CelCSharp.Runtime;

        public static CelEmitted? Convert(CelEmitted value, CelTarget target)
        {
            var clr = target.ClrType;
            var simple = CelCSharp.Simplify(clr);
            var core = simple.EndsWith("?", System.StringComparison.Ordinal) ? simple.Substring(0, simple.Length - 1) : simple;
            var code = value.Code;
            if (string.Equals(CelCSharp.Simplify(CelCSharp.TypeName(value.Type)), simple, System.StringComparison.Ordinal)
                || string.Equals(CelCSharp.Simplify(CelCSharp.TypeName(value.Type)).TrimEnd('?'), core, System.StringComparison.Ordinal))
            {
                return Typed(value, target, code);
            }

            if (core == "object")
            {
                return Typed(value, target, $"((object?){code})");
            }

            if (value.Type.Kind == CelTypeKind.Dyn)
            {
                return Typed(value, target, $"{R}.ConvertTo<{clr}>({code})", mayFail: true);
            }

            var converted = (value.Type.Kind, core) switch
            {
                (CelTypeKind.Int, "int") => $"{R}.ToInt32({code})",
                (CelTypeKind.Int, "short") => $"{R}.ToInt16({code})",
                (CelTypeKind.Int, "byte") => $"{R}.ToByte({code})",
                (CelTypeKind.Int, "ulong") => $"{R}.Uint({code})",
                (CelTypeKind.Int, "uint") => $"{R}.ToUInt32({R}.Uint({code}))",
                (CelTypeKind.Int or CelTypeKind.Uint, "double") => $"((double){code})",
                (CelTypeKind.Int or CelTypeKind.Uint, "decimal") => $"((decimal){code})",
                (CelTypeKind.Uint, "long") => $"{R}.Int({code})",
                (CelTypeKind.Uint, "int") => $"{R}.ToInt32({R}.Int({code}))",
                (CelTypeKind.Uint, "uint") => $"{R}.ToUInt32({code})",
                (CelTypeKind.Double, "float") => $"((float){code})",
                (CelTypeKind.Double, "decimal") => $"{R}.ToDecimal({code})",
                (CelTypeKind.Timestamp, "DateTime") => $"({code}).UtcDateTime",
                (CelTypeKind.Null, _) when !CelCSharp.IsPrimitive(core) || simple.EndsWith("?", System.StringComparison.Ordinal) => $"default({clr})",
                _ => null,
            };
            return converted is null ? null : Typed(value, target, converted, mayFail: true);
        }

        private static CelEmitted Typed(CelEmitted value, CelTarget target, string code, bool mayFail = false)
            => new(target.Type, code, value.MayFail || mayFail);
    }
}
