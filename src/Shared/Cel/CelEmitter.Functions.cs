using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Automations.Compiled.Cel
{
    internal sealed partial class CelEmitter
    {
        private CelEmitted Function(CelCall call, CelEmitted? target, List<CelEmitted> args)
        {
            // Global and receiver forms of the same function: size(x) and x.size(), matches(s, re) and s.matches(re).
            var all = new List<CelEmitted>();
            if (target is { } t)
            {
                all.Add(t);
            }

            all.AddRange(args);
            switch (call.Function)
            {
                case "size" when all.Count == 1:
                    return Size(call, all[0]);
                case "contains" or "startsWith" or "endsWith" or "matches" when all.Count == 2:
                    return StringFunction(call, all[0], all[1]);
                case "int" or "uint" or "double" or "string" or "bytes" or "bool" or "timestamp" or "duration" or "dyn" or "type"
                    when target is null && args.Count == 1:
                    return Conversion(call, args[0]);
                case "getFullYear" or "getMonth" or "getDayOfYear" or "getDayOfMonth" or "getDate" or "getDayOfWeek"
                    or "getHours" or "getMinutes" or "getSeconds" or "getMilliseconds" when target is { } receiver && args.Count <= 1:
                    return TimeAccessor(call, receiver, args.Count == 1 ? args[0] : null);
            }

            if (!Checked)
            {
                return new CelEmitted(CelType.Dyn, $"{R}.Fail<object?>({CelCSharp.String($"unbound function '{call.Function}'")})", true);
            }

            var known = new[]
            {
                "size", "contains", "startsWith", "endsWith", "matches", "int", "uint", "double", "string", "bytes", "bool", "timestamp",
                "duration", "dyn", "type", "getFullYear", "getMonth", "getDayOfYear", "getDayOfMonth", "getDate", "getDayOfWeek", "getHours",
                "getMinutes", "getSeconds", "getMilliseconds",
            };
            return Array.IndexOf(known, call.Function) >= 0
                ? Error(call.Span, $"'{call.Function}' does not take {all.Count} argument(s) in this form")
                : Error(call.Span, $"undeclared function '{call.Function}'{Suggest(call.Function, known)}");
        }

        private CelEmitted Size(CelCall call, CelEmitted value) => value.Type.Kind switch
        {
            CelTypeKind.String => new CelEmitted(CelType.Int, $"{R}.Size({value.Code})", value.MayFail),
            CelTypeKind.Bytes => new CelEmitted(CelType.Int, $"((long){value.Code}.Length)", value.MayFail),
            CelTypeKind.List or CelTypeKind.Map => new CelEmitted(CelType.Int, $"{R}.Count({value.Code})", value.MayFail),
            CelTypeKind.Dyn => new CelEmitted(CelType.Int, $"{R}.Size({value.Code})", true),
            _ => NoOverload(call, $"{R}.Size({Box(value).Code})", value),
        };

        private CelEmitted StringFunction(CelCall call, CelEmitted s, CelEmitted argument)
        {
            var name = call.Function;
            if (s.Type.Kind == CelTypeKind.String && argument.Type.Kind == CelTypeKind.String)
            {
                if (name != "matches")
                {
                    var method = char.ToUpperInvariant(name[0]) + name.Substring(1);
                    return new CelEmitted(CelType.Bool, $"{R}.{method}({s.Code}, {argument.Code})", s.MayFail || argument.MayFail);
                }

                var pattern = call.Args[call.Args.Count - 1];
                if (pattern is CelLiteral { Kind: CelLiteralKind.String, Value: string literal })
                {
                    // A literal pattern is checked now and compiled once at run time.
                    var problem = RegexProblem(literal);
                    return problem is not null
                        ? Error(pattern.Span, $"invalid regular expression: {problem}")
                        : new CelEmitted(CelType.Bool, $"{R}.Matches({s.Code}, {argument.Code})", s.MayFail);
                }

                return new CelEmitted(CelType.Bool, $"{R}.MatchesDynamic({s.Code}, {argument.Code})", true);
            }

            var dynamic = $"{R}.StringFunction({CelCSharp.String(name)}, {Box(s).Code}, {Box(argument).Code})";
            return s.Type.Kind is CelTypeKind.Dyn or CelTypeKind.String && argument.Type.Kind is CelTypeKind.Dyn or CelTypeKind.String
                ? new CelEmitted(CelType.Bool, dynamic, true)
                : NoOverload(call, dynamic, s, argument);
        }

        private static string? RegexProblem(string pattern)
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.CultureInvariant);
                return null;
            }
            catch (ArgumentException e)
            {
                return e.Message;
            }
        }

        private CelEmitted Conversion(CelCall call, CelEmitted value)
        {
            var kind = value.Type.Kind;
            var f = call.Function;
            var same = f switch
            {
                "int" => kind == CelTypeKind.Int,
                "uint" => kind == CelTypeKind.Uint,
                "double" => kind == CelTypeKind.Double,
                "string" => kind == CelTypeKind.String,
                "bytes" => kind == CelTypeKind.Bytes,
                "bool" => kind == CelTypeKind.Bool,
                "timestamp" => kind == CelTypeKind.Timestamp,
                "duration" => kind == CelTypeKind.Duration,
                _ => false,
            };
            if (same)
            {
                return value;
            }

            switch (f)
            {
                case "dyn":
                    return Box(value);
                case "type":
                    return new CelEmitted(CelType.TypeType, $"{R}.TypeOf({Box(value).Code})", value.MayFail);
            }

            var (type, method, accepts) = f switch
            {
                "int" => (CelType.Int, "Int", kind is CelTypeKind.Uint or CelTypeKind.Double or CelTypeKind.String or CelTypeKind.Timestamp),
                "uint" => (CelType.Uint, "Uint", kind is CelTypeKind.Int or CelTypeKind.Double or CelTypeKind.String),
                "double" => (CelType.Double, "Double", kind is CelTypeKind.String),
                "string" => (CelType.String, "String", kind is CelTypeKind.Int or CelTypeKind.Uint or CelTypeKind.Double or CelTypeKind.Bool
                    or CelTypeKind.Bytes or CelTypeKind.Timestamp or CelTypeKind.Duration),
                "bytes" => (CelType.Bytes, "Bytes", kind is CelTypeKind.String),
                "bool" => (CelType.Bool, "Bool", kind is CelTypeKind.String),
                "timestamp" => (CelType.Timestamp, "Timestamp", kind is CelTypeKind.String or CelTypeKind.Int),
                _ => (CelType.Duration, "Duration", kind is CelTypeKind.String),
            };

            if (f == "double" && kind is CelTypeKind.Int or CelTypeKind.Uint)
            {
                return new CelEmitted(CelType.Double, $"((double){value.Code})", value.MayFail);
            }

            if (f == "string" && kind == CelTypeKind.Type)
            {
                return new CelEmitted(CelType.String, $"{value.Code}.Name", value.MayFail);
            }

            if (accepts)
            {
                return new CelEmitted(type, $"{R}.{method}({value.Code})", true);
            }

            var dynamicMethod = f == "bool" ? "ToBool" : method;
            var dynamic = $"{R}.{dynamicMethod}({Box(value).Code})";
            return kind == CelTypeKind.Dyn ? new CelEmitted(type, dynamic, true) : NoOverload(call, dynamic, value);
        }

        private CelEmitted TimeAccessor(CelCall call, CelEmitted receiver, CelEmitted? zone)
        {
            var name = CelCSharp.String(call.Function);
            if (zone is { } z && z.Type.Kind is not (CelTypeKind.String or CelTypeKind.Dyn))
            {
                return NoOverload(call, Fails(call.Function), receiver, z);
            }

            var zoneCode = zone is { } tz ? ", " + (tz.Type.Kind == CelTypeKind.Dyn ? $"{R}.String({tz.Code})" : tz.Code) : "";
            switch (receiver.Type.Kind)
            {
                case CelTypeKind.Timestamp:
                case CelTypeKind.Duration when zone is null:
                    return new CelEmitted(CelType.Int, $"{R}.Get({receiver.Code}, {name}{zoneCode})", true);
                case CelTypeKind.Dyn:
                    return new CelEmitted(CelType.Int, $"{R}.Get({receiver.Code}, {name}{zoneCode})", true);
                default:
                    return zone is { } zz
                        ? NoOverload(call, $"{R}.Get({Box(receiver).Code}, {name}{zoneCode})", receiver, zz)
                        : NoOverload(call, $"{R}.Get({Box(receiver).Code}, {name})", receiver);
            }
        }
    }
}
