using System.Collections.Generic;

namespace Automations.Compiled.Cel
{
    internal sealed partial class CelEmitter
    {
        private CelEmitted Call(CelCall call)
        {
            switch (call.Function)
            {
                case "_&&_":
                    return Logical(call, and: true);
                case "_||_":
                    return Logical(call, and: false);
                case "_?_:_":
                    return Conditional(call);
            }

            var target = call.Target is null ? (CelEmitted?)null : Emit(call.Target);
            var args = new List<CelEmitted>();
            foreach (var arg in call.Args)
            {
                args.Add(Emit(arg));
            }

            if (target is { IsError: true } || args.Exists(a => a.IsError))
            {
                return CelEmitted.Poison;
            }

            return call.Function switch
            {
                "!_" => Not(call, args[0]),
                "-_" => Negate(call, args[0]),
                "_+_" or "_-_" or "_*_" or "_/_" or "_%_" => Arithmetic(call, args[0], args[1]),
                "_==_" => Equality(call, args[0], args[1], negate: false),
                "_!=_" => Equality(call, args[0], args[1], negate: true),
                "_<_" or "_<=_" or "_>_" or "_>=_" => Ordering(call, args[0], args[1]),
                "@in" => In(call, args[0], args[1]),
                "_[_]" => Index(call, args[0], args[1]),
                _ => Function(call, target, args),
            };
        }

        private static string Symbol(string function) => function switch
        {
            "_&&_" => "&&",
            "_||_" => "||",
            "!_" => "!",
            "-_" => "-",
            "@in" => "in",
            "_[_]" => "[]",
            _ => function.Trim('_'),
        };

        /// <summary>"no matching overload" at compile time, or (unchecked) a dynamic call that fails at run time.</summary>
        private CelEmitted NoOverload(CelCall call, string dynamicCode, params CelEmitted[] args)
        {
            if (!Checked)
            {
                return new CelEmitted(CelType.Dyn, dynamicCode, true);
            }

            var types = new List<string>();
            foreach (var arg in args)
            {
                types.Add(CelTypeNames.Of(arg.Type));
            }

            return Error(call.Span, $"no matching overload for '{Symbol(call.Function)}' applied to ({string.Join(", ", types)})");
        }

        private string Fails(string function) => $"{R}.Fail<object?>({CelCSharp.String($"no such overload: {function}")})";

        // ---- logic -----------------------------------------------------------------------------------------------------

        /// <summary>A bool operand of a logical operator; a dyn is checked at run time.</summary>
        private CelEmitted Condition(CelExpr expression, string what)
        {
            var value = Emit(expression);
            switch (value.Type.Kind)
            {
                case CelTypeKind.Bool:
                    return value;
                case CelTypeKind.Dyn when !value.IsError:
                    return new CelEmitted(CelType.Bool, $"{R}.Bool({value.Code})", true);
                default:
                    return value.IsError ? value
                        : Checked ? Error(expression.Span, $"{what} needs bool operands, got {CelTypeNames.Of(value.Type)}")
                        : new CelEmitted(CelType.Bool, $"{R}.Bool({Box(value).Code})", true);
            }
        }

        /// <summary>
        /// <c>&amp;&amp;</c> and <c>||</c> with cel-spec's commutative error absorption (<c>error &amp;&amp; false</c> is false).
        /// When the left side cannot fail, C#'s own short circuit already has those semantics.
        /// </summary>
        private CelEmitted Logical(CelCall call, bool and)
        {
            var left = Condition(call.Args[0], and ? "'&&'" : "'||'");
            var right = Condition(call.Args[1], and ? "'&&'" : "'||'");
            if (left.IsError || right.IsError)
            {
                return CelEmitted.Poison;
            }

            if (!left.MayFail)
            {
                return new CelEmitted(CelType.Bool, $"({left.Code} {(and ? "&&" : "||")} {right.Code})", right.MayFail);
            }

            var n = Next();
            var name = $"__{(and ? "and" : "or")}{n}";
            var decide = and ? "!" : "";
            var result = and ? "false" : "true";
            _prelude.AppendLine($"bool {name}()")
                .AppendLine("{")
                .AppendLine($"    global::System.Exception? __e{n} = null;")
                .AppendLine($"    try {{ if ({decide}({left.Code})) return {result}; }} catch ({CelCSharp.Exception} __x{n}) {{ __e{n} = __x{n}; }}")
                .AppendLine($"    if ({decide}({right.Code})) return {result};")
                .AppendLine($"    if (__e{n} is not null) throw __e{n};")
                .AppendLine($"    return {(and ? "true" : "false")};")
                .AppendLine("}");
            return new CelEmitted(CelType.Bool, $"{name}()", true);
        }

        private CelEmitted Not(CelCall call, CelEmitted operand) => operand.Type.Kind switch
        {
            CelTypeKind.Bool => new CelEmitted(CelType.Bool, $"(!{operand.Code})", operand.MayFail),
            CelTypeKind.Dyn => new CelEmitted(CelType.Bool, $"{R}.Not({operand.Code})", true),
            _ => NoOverload(call, $"{R}.Not({Box(operand).Code})", operand),
        };

        private CelEmitted Conditional(CelCall call)
        {
            var condition = Condition(call.Args[0], "the condition of '?:'");
            var then = Emit(call.Args[1]);
            var otherwise = Emit(call.Args[2]);
            if (condition.IsError || then.IsError || otherwise.IsError)
            {
                return CelEmitted.Poison;
            }

            var type = Unify(then.Type, otherwise.Type);
            if (type is null && then.Type.Kind == CelTypeKind.Null != (otherwise.Type.Kind == CelTypeKind.Null))
            {
                type = CelType.Dyn;
            }

            if (type is null)
            {
                if (Checked)
                {
                    return Error(call.Span, $"the branches of '?:' have different types, {CelTypeNames.Of(then.Type)} and {CelTypeNames.Of(otherwise.Type)}; convert one, or wrap both in dyn()");
                }

                type = CelType.Dyn;
            }

            var code = $"({condition.Code} ? {Coerce(then, type).Code} : {Coerce(otherwise, type).Code})";
            return new CelEmitted(type, code, condition.MayFail || then.MayFail || otherwise.MayFail);
        }

        // ---- arithmetic ------------------------------------------------------------------------------------------------

        private CelEmitted Negate(CelCall call, CelEmitted operand) => operand.Type.Kind switch
        {
            CelTypeKind.Int or CelTypeKind.Duration => new CelEmitted(operand.Type, $"{R}.Negate({operand.Code})", true),
            CelTypeKind.Double => new CelEmitted(CelType.Double, $"(-({operand.Code}))", operand.MayFail),
            CelTypeKind.Dyn => new CelEmitted(CelType.Dyn, $"{R}.Negate({operand.Code})", true),
            _ => NoOverload(call, $"{R}.Negate({Box(operand).Code})", operand),
        };

        private static string RuntimeName(string function) => function switch
        {
            "_+_" => "Add",
            "_-_" => "Subtract",
            "_*_" => "Multiply",
            "_/_" => "Divide",
            _ => "Modulo",
        };

        private CelEmitted Arithmetic(CelCall call, CelEmitted a, CelEmitted b)
        {
            var op = call.Function;
            var method = $"{R}.{RuntimeName(op)}";
            var failing = true;
            CelType? type = (a.Type.Kind, b.Type.Kind, op) switch
            {
                (CelTypeKind.Int, CelTypeKind.Int, _) => CelType.Int,
                (CelTypeKind.Uint, CelTypeKind.Uint, _) => CelType.Uint,
                (CelTypeKind.Double, CelTypeKind.Double, not "_%_") => CelType.Double,
                (CelTypeKind.String, CelTypeKind.String, "_+_") => CelType.String,
                (CelTypeKind.Bytes, CelTypeKind.Bytes, "_+_") => CelType.Bytes,
                (CelTypeKind.Timestamp, CelTypeKind.Duration, "_+_" or "_-_") => CelType.Timestamp,
                (CelTypeKind.Duration, CelTypeKind.Timestamp, "_+_") => CelType.Timestamp,
                (CelTypeKind.Duration, CelTypeKind.Duration, "_+_" or "_-_") => CelType.Duration,
                (CelTypeKind.Timestamp, CelTypeKind.Timestamp, "_-_") => CelType.Duration,
                (CelTypeKind.List, CelTypeKind.List, "_+_") => Unify(a.Type, b.Type),
                _ => null,
            };

            if (type is null)
            {
                var dynamic = $"{method}({Box(a).Code}, {Box(b).Code})";
                return a.Type.Kind == CelTypeKind.Dyn || b.Type.Kind == CelTypeKind.Dyn
                    ? new CelEmitted(CelType.Dyn, dynamic, true)
                    : NoOverload(call, dynamic, a, b);
            }

            string code;
            switch (type.Kind)
            {
                case CelTypeKind.Double:
                    code = $"({a.Code} {Symbol(op)} {b.Code})";
                    failing = a.MayFail || b.MayFail;
                    break;
                case CelTypeKind.String:
                    code = $"string.Concat({a.Code}, {b.Code})";
                    failing = a.MayFail || b.MayFail;
                    break;
                case CelTypeKind.Bytes:
                    code = $"{R}.Concat({a.Code}, {b.Code})";
                    break;
                case CelTypeKind.List:
                    code = $"{R}.Concat({Coerce(a, type).Code}, {Coerce(b, type).Code})";
                    break;
                case CelTypeKind.Timestamp when a.Type.Kind == CelTypeKind.Duration:
                    code = $"{method}({b.Code}, {a.Code})";
                    break;
                default:
                    code = $"{method}({a.Code}, {b.Code})";
                    break;
            }

            return new CelEmitted(type, code, failing);
        }

        // ---- comparison --------------------------------------------------------------------------------------------------

        private static bool IsNumber(CelTypeKind kind) => kind is CelTypeKind.Int or CelTypeKind.Uint or CelTypeKind.Double;

        private CelEmitted Equality(CelCall call, CelEmitted a, CelEmitted b, bool negate)
        {
            var mayFail = a.MayFail || b.MayFail;
            var kind = a.Type.Kind;
            if (a.Type.Equals(b.Type) && kind is CelTypeKind.Int or CelTypeKind.Uint or CelTypeKind.Double or CelTypeKind.Bool
                or CelTypeKind.Timestamp or CelTypeKind.Duration or CelTypeKind.Type)
            {
                return new CelEmitted(CelType.Bool, $"({a.Code} {(negate ? "!=" : "==")} {b.Code})", mayFail);
            }

            if (a.Type.Equals(b.Type) && kind == CelTypeKind.String)
            {
                return new CelEmitted(CelType.Bool, $"{(negate ? "!" : "")}string.Equals({a.Code}, {b.Code})", mayFail);
            }

            var comparable = Unify(a.Type, b.Type) is not null || a.Type.Kind == CelTypeKind.Null || b.Type.Kind == CelTypeKind.Null;
            var code = $"{(negate ? "!" : "")}{R}.Equal({Box(a).Code}, {Box(b).Code})";
            if (!comparable && Checked)
            {
                return Error(call.Span, $"'{Symbol(call.Function)}' compares values of one type, got {CelTypeNames.Of(a.Type)} and {CelTypeNames.Of(b.Type)}");
            }

            return new CelEmitted(CelType.Bool, code, mayFail);
        }

        private CelEmitted Ordering(CelCall call, CelEmitted a, CelEmitted b)
        {
            var op = Symbol(call.Function);
            var mayFail = a.MayFail || b.MayFail;
            var kind = a.Type.Kind;
            if (a.Type.Equals(b.Type))
            {
                switch (kind)
                {
                    case CelTypeKind.Int or CelTypeKind.Uint or CelTypeKind.Double or CelTypeKind.Timestamp or CelTypeKind.Duration:
                        return new CelEmitted(CelType.Bool, $"({a.Code} {op} {b.Code})", mayFail);
                    case CelTypeKind.String or CelTypeKind.Bytes or CelTypeKind.Bool:
                        return new CelEmitted(CelType.Bool, $"({R}.Compare({a.Code}, {b.Code}) {op} 0)", mayFail);
                }
            }

            var name = call.Function switch { "_<_" => "Less", "_<=_" => "LessOrEqual", "_>_" => "Greater", _ => "GreaterOrEqual" };
            var dynamic = $"{R}.{name}({Box(a).Code}, {Box(b).Code})";

            // cel-spec orders int, uint and double against each other exactly.
            return (IsNumber(a.Type.Kind) && IsNumber(b.Type.Kind)) || a.Type.Kind == CelTypeKind.Dyn || b.Type.Kind == CelTypeKind.Dyn
                ? new CelEmitted(CelType.Bool, dynamic, true)
                : NoOverload(call, dynamic, a, b);
        }

        // ---- collections -----------------------------------------------------------------------------------------------

        private CelEmitted In(CelCall call, CelEmitted value, CelEmitted container)
        {
            var dynamic = new CelEmitted(CelType.Bool, $"{R}.In({Box(value).Code}, {Box(container).Code})", true);
            switch (container.Type.Kind)
            {
                case CelTypeKind.List when container.Type.Element.Equals(value.Type) && value.Type.Kind != CelTypeKind.Dyn:
                    return new CelEmitted(CelType.Bool, $"{R}.In({value.Code}, {container.Code})", value.MayFail || container.MayFail);
                case CelTypeKind.Map when container.Type.Key.Equals(value.Type) && value.Type.Kind != CelTypeKind.Dyn:
                    return new CelEmitted(CelType.Bool, $"{container.Code}.ContainsKey({value.Code})", value.MayFail || container.MayFail);
                case CelTypeKind.List when Unify(container.Type.Element, value.Type) is not null || (IsNumber(value.Type.Kind) && IsNumber(container.Type.Element.Kind)):
                case CelTypeKind.Map when Unify(container.Type.Key, value.Type) is not null || (IsNumber(value.Type.Kind) && IsNumber(container.Type.Key.Kind)):
                case CelTypeKind.Dyn:
                    return dynamic;
                default:
                    return NoOverload(call, dynamic.Code, value, container);
            }
        }

        private CelEmitted Index(CelCall call, CelEmitted container, CelEmitted index)
        {
            switch (container.Type.Kind)
            {
                case CelTypeKind.List when index.Type.Kind == CelTypeKind.Int:
                    return new CelEmitted(container.Type.Element, $"{R}.Index({container.Code}, {index.Code})", true);
                case CelTypeKind.List when index.Type.Kind is CelTypeKind.Dyn || (!Checked && index.Type.Kind is CelTypeKind.Uint or CelTypeKind.Double):
                    return new CelEmitted(container.Type.Element, $"{R}.Index({container.Code}, {Box(index).Code})", true);
                case CelTypeKind.Map when container.Type.Key.Equals(index.Type):
                    return new CelEmitted(container.Type.Value, $"{R}.Index({container.Code}, {index.Code})", true);
                case CelTypeKind.Map when container.Type.Key.Kind == CelTypeKind.Dyn:
                    return new CelEmitted(container.Type.Value, $"{R}.Index({container.Code}, (object){index.Code})", true);
                case CelTypeKind.Map when index.Type.Kind == CelTypeKind.Dyn || IsNumber(index.Type.Kind):
                case CelTypeKind.Dyn:
                    return new CelEmitted(CelType.Dyn, $"{R}.Index({Box(container).Code}, {Box(index).Code})", true);
                default:
                    return NoOverload(call, $"{R}.Index({Box(container).Code}, {Box(index).Code})", container, index);
            }
        }
    }
}
