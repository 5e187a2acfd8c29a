using System.Text;

namespace Automations.Compiled.Cel
{
    internal sealed partial class CelEmitter
    {
        /// <summary>
        /// A macro as a local function that loops over the range. Its predicate's own local functions are declared
        /// inside the loop body, where they can read the iteration variable (a struct closure: no allocation).
        /// </summary>
        private CelEmitted Comprehension(CelComprehension comprehension)
        {
            var range = Emit(comprehension.Range);
            if (range.IsError)
            {
                return range;
            }

            var n = Next();
            var variable = $"__v{n}_{comprehension.Variable}";
            string parameterType;
            string loop;
            CelType element;
            switch (range.Type.Kind)
            {
                case CelTypeKind.List:
                    element = range.Type.Element;
                    parameterType = CelCSharp.TypeName(range.Type);
                    loop = $"for (var __i{n} = 0; __i{n} < __r{n}.Count; __i{n}++)\n{{\n    var {variable} = __r{n}[__i{n}];";
                    break;
                case CelTypeKind.Map:
                    element = range.Type.Key;
                    parameterType = CelCSharp.TypeName(range.Type);
                    loop = $"foreach (var __kv{n} in __r{n})\n{{\n    var {variable} = __kv{n}.Key;";
                    break;
                case CelTypeKind.Dyn:
                    element = CelType.Dyn;
                    parameterType = $"{CelCSharp.List}<object?>";
                    range = new CelEmitted(range.Type, $"{R}.Elements({range.Code})", true);
                    loop = $"for (var __i{n} = 0; __i{n} < __r{n}.Count; __i{n}++)\n{{\n    var {variable} = __r{n}[__i{n}];";
                    break;
                default:
                    return Checked
                        ? Error(comprehension.Range.Span, $"{MacroName(comprehension.Macro)}() needs a list or a map, got {CelTypeNames.Of(range.Type)}")
                        : new CelEmitted(CelType.Dyn, Fails(MacroName(comprehension.Macro)), true);
            }

            var outer = _prelude;
            _prelude = new StringBuilder();
            _locals.Add((comprehension.Variable, variable, element));
            var predicate = comprehension.Predicate is null ? (CelEmitted?)null : Condition(comprehension.Predicate, $"the predicate of {MacroName(comprehension.Macro)}()");
            var transform = comprehension.Transform is null ? (CelEmitted?)null : Emit(comprehension.Transform);
            _locals.RemoveAt(_locals.Count - 1);
            var inner = _prelude.ToString();
            _prelude = outer;
            if (predicate is { IsError: true } || transform is { IsError: true })
            {
                return CelEmitted.Poison;
            }

            var (resultType, body) = MacroBody(comprehension.Macro, n, element, variable, predicate, transform);
            var name = $"__{MacroName(comprehension.Macro)}{n}";
            var text = new StringBuilder()
                .AppendLine($"{CelCSharp.TypeName(resultType)} {name}({parameterType} __r{n})")
                .AppendLine("{")
                .AppendLine(Indent(body.Before))
                .AppendLine(Indent(loop))
                .AppendLine(Indent(Indent(inner.TrimEnd())))
                .AppendLine(Indent(Indent(body.Step)))
                .AppendLine("    }")
                .AppendLine(Indent(body.After))
                .AppendLine("}");
            _prelude.Append(text);
            return new CelEmitted(resultType, $"{name}({range.Code})", true);
        }

        private static string MacroName(CelMacro macro) => macro switch
        {
            CelMacro.All => "all",
            CelMacro.Exists => "exists",
            CelMacro.ExistsOne => "exists_one",
            CelMacro.Map => "map",
            _ => "filter",
        };

        private static string Indent(string text) => "    " + text.Replace("\n", "\n    ");

        /// <summary>The statements before the loop, in each iteration, and after it.</summary>
        private static (CelType Type, (string Before, string Step, string After) Body) MacroBody(
            CelMacro macro, int n, CelType element, string variable, CelEmitted? predicate, CelEmitted? transform)
        {
            var p = predicate?.Code ?? "true";
            var absorbs = predicate is { MayFail: true };
            switch (macro)
            {
                case CelMacro.All:
                case CelMacro.Exists:
                    // cel-spec: a decisive element wins over errors in the others; otherwise the first error is raised.
                    var all = macro == CelMacro.All;
                    var test = $"if ({(all ? "!" : "")}({p})) return {(all ? "false" : "true")};";
                    var step = absorbs ? $"try {{ {test} }} catch ({CelCSharp.Exception} __x{n}) {{ __e{n} ??= __x{n}; }}" : test;
                    var before = absorbs ? $"global::System.Exception? __e{n} = null;" : "";
                    var after = (absorbs ? $"if (__e{n} is not null) throw __e{n};\n" : "") + $"return {(all ? "true" : "false")};";
                    return (CelType.Bool, (before, step, after));
                case CelMacro.ExistsOne:
                    return (CelType.Bool, ($"var __n{n} = 0;", $"if ({p}) __n{n}++;", $"return __n{n} == 1;"));
                case CelMacro.Map:
                    var type = transform!.Value.Type;
                    var add = $"__o{n}.Add({transform.Value.Code});";
                    return (CelType.List(type), (
                        $"var __o{n} = new global::System.Collections.Generic.List<{CelCSharp.TypeName(type)}>();",
                        predicate is null ? add : $"if ({p}) {add}",
                        $"return __o{n};"));
                default:
                    return (CelType.List(element), (
                        $"var __o{n} = new global::System.Collections.Generic.List<{CelCSharp.TypeName(element)}>();",
                        $"if ({p}) __o{n}.Add({variable});",
                        $"return __o{n};"));
            }
        }
    }
}
