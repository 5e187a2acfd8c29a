using System;
using System.Collections.Generic;
using System.Linq;
using Automations.Compiled.Model;

namespace Automations.Compiled.Cel
{
    /// <summary>
    /// Compiles CEL (cel-spec) to C#: parse, type-check against a <see cref="CelEnvironment"/>, emit. Never throws; problems
    /// come back as <see cref="CelCompilation.Errors"/> with spans into the text.
    /// </summary>
    internal static class CelCompiler
    {
        public static CelCompilation Compile(string text, CelEnvironment environment, CelTarget? target = null)
        {
            var (expression, syntaxError) = CelParser.Parse(text ?? "");
            if (expression is null)
            {
                return Failed(syntaxError ?? new CelError(new CelSpan(0, 0), "empty expression"));
            }

            var emitter = new CelEmitter(environment);
            var value = emitter.Emit(expression, offset: 0);
            if (target is not null && !value.IsError)
            {
                value = CelTargetConversion.Convert(value, target) is { } converted
                    ? converted
                    : emitter.Error(expression.Span, $"cannot convert {CelTypeNames.Of(value.Type)} to {CelTypeNames.Of(target)}; convert the value in the expression (int(), string(), ...) or change the target type");
            }

            return Result(emitter, value, target?.ClrType);
        }

        /// <summary>
        /// A string with <c>{!path}</c> parts: each path is a CEL expression, converted to text with CEL's <c>string()</c>,
        /// and the pieces are concatenated.
        /// </summary>
        public static CelCompilation CompileInterpolation(string text, CelEnvironment environment)
        {
            text ??= "";
            var emitter = new CelEmitter(environment);
            var parts = new List<string>();
            var index = 0;
            while (index < text.Length)
            {
                var open = text.IndexOf("{!", index, StringComparison.Ordinal);
                if (open < 0)
                {
                    parts.Add(CelCSharp.String(text.Substring(index)));
                    break;
                }

                if (open > index)
                {
                    parts.Add(CelCSharp.String(text.Substring(index, open - index)));
                }

                var close = text.IndexOf('}', open + 2);
                if (close < 0)
                {
                    emitter.Error(new CelSpan(open, text.Length), "'{!' starts an expression that is never closed; add '}' after the path");
                    break;
                }

                parts.Add(InterpolatedPart(emitter, text.Substring(open + 2, close - open - 2), open + 2));
                index = close + 1;
            }

            var code = parts.Count switch
            {
                0 => "\"\"",
                1 => parts[0],
                _ => $"string.Concat({string.Join(", ", parts)})",
            };
            return Result(emitter, new CelEmitted(CelType.String, code, true), "string");
        }

        private static string InterpolatedPart(CelEmitter emitter, string path, int offset)
        {
            var (expression, syntaxError) = CelParser.Parse(path);
            if (expression is null)
            {
                var span = syntaxError?.Span ?? new CelSpan(0, path.Length);
                emitter.Error(span, syntaxError?.Message ?? "empty expression", offset);
                return "\"\"";
            }

            var value = emitter.Emit(expression, offset);
            switch (value.Type.Kind)
            {
                case CelTypeKind.String:
                    return value.Code;
                case CelTypeKind.Int or CelTypeKind.Uint or CelTypeKind.Double or CelTypeKind.Bool or CelTypeKind.Bytes
                    or CelTypeKind.Timestamp or CelTypeKind.Duration or CelTypeKind.Dyn:
                    return $"{CelCSharp.Runtime}.String({value.Code})";
                default:
                    emitter.Error(expression.Span, $"cannot interpolate a value of type {CelTypeNames.Of(value.Type)}; select a field or convert it with string()");
                    return "\"\"";
            }
        }

        private static CelCompilation Result(CelEmitter emitter, CelEmitted value, string? clrType)
        {
            var errors = new EquatableArray<CelError>(emitter.Errors);
            if (!errors.IsEmpty)
            {
                return new CelCompilation("", "default!", CelType.Dyn, clrType ?? "object?", new EquatableArray<string>(emitter.UsedVariables), errors)
                {
                    Uses = new EquatableArray<CelVariableUse>(emitter.Uses.ToArray()),
                };
            }

            return new CelCompilation(
                emitter.Prelude,
                value.Code,
                value.Type,
                clrType ?? CelCSharp.TypeName(value.Type),
                new EquatableArray<string>(emitter.UsedVariables),
                EquatableArray<CelError>.Empty)
            {
                Uses = new EquatableArray<CelVariableUse>(emitter.Uses.ToArray()),
            };
        }

        private static CelCompilation Failed(CelError error)
            => new("", "default!", CelType.Dyn, "object?", EquatableArray<string>.Empty, new EquatableArray<CelError>(new[] { error }));
    }
}
