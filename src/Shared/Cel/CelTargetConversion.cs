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
            var own = WithoutReferenceAnnotations(CelCSharp.Simplify(CelCSharp.TypeName(value.Type)));
            if (string.Equals(own, WithoutReferenceAnnotations(simple), System.StringComparison.Ordinal)
                || string.Equals(own.TrimEnd('?'), WithoutReferenceAnnotations(core), System.StringComparison.Ordinal))
            {
                return Typed(value, target, code);
            }

            if (core == "object")
            {
                return Typed(value, target, $"((object?){code})");
            }

            // CEL lets a list(T) or map(K, T) stand where list(dyn) or map(K, dyn) is wanted; C# generics need a copy.
            if (value.Type.Kind == CelTypeKind.List && target.Type.Kind == CelTypeKind.List && target.Type.Element.Kind == CelTypeKind.Dyn)
            {
                return Typed(value, target, $"{R}.DynList({code})");
            }

            if (value.Type.Kind == CelTypeKind.Map && target.Type.Kind == CelTypeKind.Map && target.Type.Value.Kind == CelTypeKind.Dyn
                && value.Type.Key.Equals(target.Type.Key))
            {
                return Typed(value, target, $"{R}.DynValues({code})");
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

        /// <summary>
        /// Drops nullable annotations on reference types inside a type name (<c>object?</c>, <c>string?</c>): they do not change
        /// the type, and a parameter read from metadata may carry them or not. <c>int?</c> is another type and stays.
        /// </summary>
        private static string WithoutReferenceAnnotations(string type)
            => type.Replace("object?", "object").Replace("string?", "string");

        private static CelEmitted Typed(CelEmitted value, CelTarget target, string code, bool mayFail = false)
            => new(target.Type, code, value.MayFail || mayFail);
    }
}
