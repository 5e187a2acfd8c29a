using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Automations.Compiled.Cel
{
    /// <summary>
    /// Type-checks a parsed expression and writes it as C# in one pass. Statically typed operations become direct C#
    /// or typed <c>CelRuntime</c> calls; <c>dyn</c> operands go through the runtime's dynamic dispatch. Errors are
    /// collected with their spans; after an error the sub-expression is "poison" so the enclosing ones stay quiet.
    /// Local functions (error-absorbing <c>&amp;&amp;</c>/<c>||</c>, macros) are written to the current prelude,
    /// which is the method body at the top level and the loop body inside a macro (so they can read its variable).
    /// </summary>
    internal sealed partial class CelEmitter
    {
        private const string R = CelCSharp.Runtime;

        private readonly CelEnvironment _environment;
        private readonly List<CelError> _errors = new();
        private readonly SortedSet<string> _used = new(StringComparer.Ordinal);
        private readonly Dictionary<string, CelSpan> _firstUse = new(StringComparer.Ordinal);
        private readonly List<(string Name, string Code, CelType Type)> _locals = new();
        private StringBuilder _prelude = new();
        private int _next;
        private int _offset;

        public CelEmitter(CelEnvironment environment) => _environment = environment;

        public IReadOnlyList<CelError> Errors => _errors;

        public IEnumerable<string> UsedVariables => _used;

        /// <summary>Where each used variable is first read (its whole dotted name, such as <c>steps.x.output</c>), for scope diagnostics.</summary>
        public IEnumerable<CelVariableUse> Uses => _used.Select(name => new CelVariableUse(name, _firstUse[name]));

        public string Prelude => _prelude.ToString();

        private bool Checked => _environment.TypeChecked;

        /// <summary>Emits <paramref name="expression"/>; spans in errors are shifted by <paramref name="offset"/> (interpolation parts).</summary>
        public CelEmitted Emit(CelExpr expression, int offset)
        {
            _offset = offset;
            return Emit(expression);
        }

        public CelEmitted Error(CelSpan span, string message) => Error(span, message, _offset);

        public CelEmitted Error(CelSpan span, string message, int offset)
        {
            _errors.Add(new CelError(new CelSpan(span.Start + offset, span.End + offset), message));
            return CelEmitted.Poison;
        }

        private CelEmitted Emit(CelExpr expression) => expression switch
        {
            CelLiteral literal => Literal(literal),
            CelIdent or CelSelect { TestOnly: false } when QualifiedName(expression) is { } parts => Qualified(expression, parts),
            CelSelect select => Select(select),
            CelCall call => Call(call),
            CelList list => List(list),
            CelMap map => Map(map),
            CelComprehension comprehension => Comprehension(comprehension),
            _ => Error(expression.Span, "unsupported expression"),
        };

        private int Next() => ++_next;

        private static CelEmitted Box(CelEmitted e) => e.Type.Kind == CelTypeKind.Dyn ? e : new CelEmitted(CelType.Dyn, $"((object?){e.Code})", e.MayFail);

        private static CelEmitted Literal(CelLiteral literal) => literal.Kind switch
        {
            CelLiteralKind.Int => new CelEmitted(CelType.Int, CelCSharp.Long((long)literal.Value!), false),
            CelLiteralKind.Uint => new CelEmitted(CelType.Uint, CelCSharp.ULong((ulong)literal.Value!), false),
            CelLiteralKind.Double => new CelEmitted(CelType.Double, CelCSharp.Double((double)literal.Value!), false),
            CelLiteralKind.String => new CelEmitted(CelType.String, CelCSharp.String((string)literal.Value!), false),
            CelLiteralKind.Bytes => new CelEmitted(CelType.Bytes, $"{R}.BytesLiteral({CelCSharp.String((string)literal.Value!)})", false),
            CelLiteralKind.Bool => new CelEmitted(CelType.Bool, (bool)literal.Value! ? "true" : "false", false),
            _ => new CelEmitted(CelType.Null, "((object?)null)", false),
        };

        // ---- names -------------------------------------------------------------------------------------------------

        /// <summary>The dotted parts of <c>a.b.c</c> when it is a plain name chain.</summary>
        private List<string>? QualifiedName(CelExpr expression)
        {
            var parts = new List<string>();
            while (expression is CelSelect { TestOnly: false } select)
            {
                parts.Insert(0, select.Field);
                expression = select.Operand;
            }

            if (expression is not CelIdent ident)
            {
                return null;
            }

            var name = ident.Name.StartsWith(".", StringComparison.Ordinal) ? ident.Name.Substring(1) : ident.Name;
            parts.Insert(0, name);
            return parts;
        }

        private (string Name, string Code, CelType Type)? FindLocal(string name)
        {
            for (var i = _locals.Count - 1; i >= 0; i--)
            {
                if (string.Equals(_locals[i].Name, name, StringComparison.Ordinal))
                {
                    return _locals[i];
                }
            }

            return null;
        }

        /// <summary>Resolves a name chain longest-first: a variable, then the remaining parts as field selections.</summary>
        private CelEmitted Qualified(CelExpr expression, List<string> parts)
        {
            if (RootIsLocal(expression) && FindLocal(parts[0]) is { } local)
            {
                return SelectRest(expression, new CelEmitted(local.Type, local.Code, false), parts.Count - 1);
            }

            for (var length = parts.Count; length > 0; length--)
            {
                var name = string.Join(".", parts.GetRange(0, length));
                var variable = _environment.FindVariable(name);
                CelEmitted? resolved = variable is not null ? Variable(variable, PrefixSpan(expression, parts.Count - length))
                    : TypeDenotation(name) is { } type ? new CelEmitted(CelType.TypeType, type, false)
                    : null;
                if (resolved is { } value)
                {
                    return SelectRest(expression, value, parts.Count - length);
                }
            }

            if (parts.Count > 1 && Checked && NamesUnder(parts[0]) is { Count: > 0 } known)
            {
                // A known root such as 'steps' or 'vars' with an unknown name under it: name the whole path, not the root.
                var dropped = Math.Max(0, parts.Count - (parts[0] == "steps" ? 3 : 2));
                var written = string.Join(".", parts.GetRange(0, parts.Count - dropped));
                var suggestion = Suggest(written, known);
                var span = PrefixSpan(expression, dropped);
                return Error(span, $"'{written}' is not defined here{(suggestion.Length > 0 ? suggestion : "; defined: " + string.Join(", ", known))}");
            }

            return Undeclared(RootSpan(expression), parts[0]);
        }

        /// <summary>Declared variable names under a root (<c>steps.a.output</c> under <c>steps</c>), in order.</summary>
        private List<string> NamesUnder(string root)
        {
            var names = new List<string>();
            foreach (var variable in _environment.Variables.Keys)
            {
                if (variable.Length > root.Length && variable.StartsWith(root, StringComparison.Ordinal) && variable[root.Length] == '.')
                {
                    names.Add(variable);
                }
            }

            names.Sort(StringComparer.Ordinal);
            return names;
        }

        private CelEmitted Variable(CelVariable variable, CelSpan span)
        {
            _used.Add(variable.Name);
            if (!_firstUse.ContainsKey(variable.Name))
            {
                _firstUse.Add(variable.Name, new CelSpan(span.Start + _offset, span.End + _offset));
            }

            var widened = CelCSharp.Widen(variable.Access, variable.ClrType, variable.Type, $"'{variable.Name}'");
            return widened;
        }

        /// <summary>Applies the last <paramref name="count"/> selections of the chain <paramref name="expression"/> to <paramref name="value"/>.</summary>
        private CelEmitted SelectRest(CelExpr expression, CelEmitted value, int count)
        {
            var selects = new List<CelSelect>();
            while (selects.Count < count && expression is CelSelect select)
            {
                selects.Insert(0, select);
                expression = select.Operand;
            }

            foreach (var select in selects)
            {
                value = SelectField(select, value);
            }

            return value;
        }

        private static bool RootIsLocal(CelExpr expression)
        {
            while (expression is CelSelect select)
            {
                expression = select.Operand;
            }

            // A leading dot (".x") names the root scope: never a macro variable.
            return expression is CelIdent ident && !ident.Name.StartsWith(".", StringComparison.Ordinal);
        }

        /// <summary>The span of <paramref name="expression"/> without its last <paramref name="dropped"/> selections.</summary>
        private static CelSpan PrefixSpan(CelExpr expression, int dropped)
        {
            for (var i = 0; i < dropped && expression is CelSelect select; i++)
            {
                expression = select.Operand;
            }

            return expression.Span;
        }

        private static CelSpan RootSpan(CelExpr expression)
        {
            while (expression is CelSelect select)
            {
                expression = select.Operand;
            }

            return expression.Span;
        }

        private CelEmitted Undeclared(CelSpan span, string name)
        {
            if (!Checked)
            {
                return new CelEmitted(CelType.Dyn, $"{R}.Fail<object?>({CelCSharp.String($"undeclared reference '{name}'")})", true);
            }

            var candidates = new List<string>();
            foreach (var variable in _environment.Variables.Keys)
            {
                var dot = variable.IndexOf('.');
                candidates.Add(dot < 0 ? variable : variable.Substring(0, dot));
            }

            foreach (var local in _locals)
            {
                candidates.Add(local.Name);
            }

            return Error(span, $"undeclared reference '{name}'{Suggest(name, candidates)}");
        }

        private static string? TypeDenotation(string name) => name switch
        {
            "int" => "Int",
            "uint" => "Uint",
            "double" => "Double",
            "bool" => "Bool",
            "string" => "String",
            "bytes" => "Bytes",
            "list" => "List",
            "map" => "Map",
            "null_type" => "Null",
            "type" => "Type",
            "google.protobuf.Timestamp" => "Timestamp",
            "google.protobuf.Duration" => "Duration",
            _ => null,
        } is { } field ? $"{CelCSharp.TypeValue}.{field}" : null;

        /// <summary>"; did you mean 'x'?" for the closest candidate within a small edit distance, or "".</summary>
        internal static string Suggest(string name, IEnumerable<string> candidates)
        {
            string? best = null;
            var bestDistance = Math.Max(1, name.Length / 3) + 1;
            foreach (var candidate in candidates)
            {
                var distance = Distance(name, candidate);
                if (distance < bestDistance && !string.Equals(candidate, name, StringComparison.Ordinal))
                {
                    best = candidate;
                    bestDistance = distance;
                }
            }

            return best is null ? "" : $"; did you mean '{best}'?";
        }

        private static int Distance(string a, string b)
        {
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (var j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (var i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                }

                (previous, current) = (current, previous);
            }

            return previous[b.Length];
        }

        // ---- selection -------------------------------------------------------------------------------------------------

        private CelEmitted Select(CelSelect select)
        {
            var operand = Emit(select.Operand);
            return operand.IsError ? operand : select.TestOnly ? Has(select, operand) : SelectField(select, operand);
        }

        private CelEmitted SelectField(CelSelect select, CelEmitted operand)
        {
            var name = CelCSharp.String(select.Field);
            switch (operand.Type.Kind)
            {
                case CelTypeKind.Object:
                    var field = FindField(select, operand.Type);
                    if (field is null)
                    {
                        return CelEmitted.Poison;
                    }

                    var read = CelCSharp.Widen($"{R}.NotNull({operand.Code}).{field.Member}", field.ClrType, field.Type, $"field '{field.Name}'");
                    return read with { MayFail = true };
                case CelTypeKind.Map when operand.Type.Key.Kind is CelTypeKind.String or CelTypeKind.Dyn:
                    return new CelEmitted(operand.Type.Value, $"{R}.Index({operand.Code}, {name})", true);
                case CelTypeKind.Dyn:
                    return new CelEmitted(CelType.Dyn, $"{R}.Select({operand.Code}, {name})", true);
                default:
                    return Checked
                        ? Error(select.Span, $"cannot select '{select.Field}' from a value of type {CelTypeNames.Of(operand.Type)}; only objects and maps have fields")
                        : new CelEmitted(CelType.Dyn, $"{R}.Select({Box(operand).Code}, {name})", true);
            }
        }

        private CelEmitted Has(CelSelect select, CelEmitted operand)
        {
            var name = CelCSharp.String(select.Field);
            switch (operand.Type.Kind)
            {
                case CelTypeKind.Object:
                    var field = FindField(select, operand.Type);
                    return field is null
                        ? CelEmitted.Poison
                        : new CelEmitted(CelType.Bool, $"{R}.HasValue({R}.NotNull({operand.Code}).{field.Member})", true);
                case CelTypeKind.Map when operand.Type.Key.Kind == CelTypeKind.String:
                    return new CelEmitted(CelType.Bool, $"{R}.Has({operand.Code}, {name})", false);
                case CelTypeKind.Map:
                case CelTypeKind.Dyn:
                    return new CelEmitted(CelType.Bool, $"{R}.Has({Box(operand).Code}, {name})", true);
                default:
                    return Checked
                        ? Error(select.Span, $"has() needs a field of an object or a map, not of {CelTypeNames.Of(operand.Type)}")
                        : new CelEmitted(CelType.Bool, $"{R}.Has({Box(operand).Code}, {name})", true);
            }
        }

        /// <summary>The field name of <c>a.b</c> (the select's span ends with it).</summary>
        private static CelSpan FieldSpan(CelSelect select) => new(select.Span.End - select.Field.Length, select.Span.End);

        private CelField? FindField(CelSelect select, CelType type)
        {
            var shape = _environment.FindShape(type.ClrType ?? "");
            var field = shape?.Find(select.Field);
            if (field is null)
            {
                var names = new List<string>();
                foreach (var f in shape?.Fields ?? default)
                {
                    names.Add(f.Name);
                }

                Error(FieldSpan(select), $"no field '{select.Field}' on {CelTypeNames.Of(type)}{Suggest(select.Field, names)}");
            }

            return field;
        }

        // ---- aggregates ------------------------------------------------------------------------------------------------

        private CelEmitted List(CelList list)
        {
            var elements = new List<CelEmitted>();
            foreach (var element in list.Elements)
            {
                elements.Add(Emit(element));
            }

            if (elements.Exists(e => e.IsError))
            {
                return CelEmitted.Poison;
            }

            if (elements.Count == 0)
            {
                return new CelEmitted(CelType.List(CelType.Dyn), "global::System.Array.Empty<object?>()", false);
            }

            var type = CommonType(elements);
            var codes = new List<string>();
            foreach (var element in elements)
            {
                codes.Add(Coerce(element, type).Code);
            }

            return new CelEmitted(CelType.List(type), $"new {CelCSharp.TypeName(type)}[] {{ {string.Join(", ", codes)} }}", elements.Exists(e => e.MayFail));
        }

        private CelEmitted Map(CelMap map)
        {
            var keys = new List<CelEmitted>();
            var values = new List<CelEmitted>();
            foreach (var entry in map.Entries)
            {
                var key = Emit(entry.Key);
                if (Checked && !key.IsError && key.Type.Kind is not (CelTypeKind.Int or CelTypeKind.Uint or CelTypeKind.String or CelTypeKind.Bool or CelTypeKind.Dyn))
                {
                    key = Error(entry.Key.Span, $"a map key must be int, uint, string or bool, not {CelTypeNames.Of(key.Type)}");
                }

                keys.Add(key);
                values.Add(Emit(entry.Value));
            }

            if (keys.Exists(e => e.IsError) || values.Exists(e => e.IsError))
            {
                return CelEmitted.Poison;
            }

            var keyType = keys.Count == 0 ? CelType.Dyn : CommonType(keys);
            var valueType = values.Count == 0 ? CelType.Dyn : CommonType(values);
            var entries = new List<string>();
            for (var i = 0; i < keys.Count; i++)
            {
                entries.Add($"({Coerce(keys[i], keyType).Code}, {Coerce(values[i], valueType).Code})");
            }

            var code = $"{R}.Map<{CelCSharp.KeyTypeName(keyType)}, {CelCSharp.TypeName(valueType)}>({string.Join(", ", entries)})";
            return new CelEmitted(CelType.Map(keyType, valueType), code, true);
        }

        /// <summary>The one type all values share, or dyn (cel-spec types a mixed literal as list(dyn) / map(dyn, dyn)).</summary>
        private static CelType CommonType(List<CelEmitted> values)
        {
            var type = values[0].Type;
            foreach (var value in values)
            {
                type = Unify(type, value.Type) ?? CelType.Dyn;
            }

            return type;
        }

        /// <summary>The common type of two types where dyn matches anything; null when they cannot meet.</summary>
        private static CelType? Unify(CelType a, CelType b)
        {
            if (a.Equals(b))
            {
                return a;
            }

            if (a.Kind == CelTypeKind.Dyn || b.Kind == CelTypeKind.Dyn)
            {
                return CelType.Dyn;
            }

            if (a.Kind == CelTypeKind.List && b.Kind == CelTypeKind.List)
            {
                // Only list(dyn) can hold both (the runtime copies a typed list into a list of objects).
                return Unify(a.Element, b.Element) is not null ? CelType.List(CelType.Dyn) : null;
            }

            if (a.Kind == CelTypeKind.Map && b.Kind == CelTypeKind.Map)
            {
                return Unify(a.Key, b.Key) is not null && Unify(a.Value, b.Value) is not null ? CelType.Map(CelType.Dyn, CelType.Dyn) : null;
            }

            return null;
        }

        /// <summary>Writes <paramref name="value"/> as a value of <paramref name="type"/> (boxing, or widening a list or map to dyn).</summary>
        private static CelEmitted Coerce(CelEmitted value, CelType type)
        {
            if (value.Type.Equals(type))
            {
                return value;
            }

            switch (type.Kind)
            {
                case CelTypeKind.Dyn:
                    return Box(value);
                case CelTypeKind.List when value.Type.Kind == CelTypeKind.List:
                    return new CelEmitted(type, $"{R}.DynList({value.Code})", value.MayFail);
                case CelTypeKind.Map when value.Type.Kind == CelTypeKind.Map:
                    return new CelEmitted(type, $"{R}.DynMap({value.Code})", value.MayFail);
                default:
                    return new CelEmitted(type, $"{R}.ConvertTo<{CelCSharp.TypeName(type)}>({Box(value).Code})", true);
            }
        }
    }
}
