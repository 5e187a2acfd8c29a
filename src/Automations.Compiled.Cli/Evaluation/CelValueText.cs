using System;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Automations.Compiled.Cel;

namespace Automations.Compiled.Cli.Evaluation
{
    /// <summary>CEL values written as CEL literals (<c>3</c>, <c>2.5</c>, <c>"text"</c>, <c>[1, 2]</c>, <c>{"a": true}</c>).</summary>
    internal static class CelValueText
    {
        public static string Write(object? value) => value switch
        {
            null => "null",
            string text => JsonSerializer.Serialize(text),
            bool flag => flag ? "true" : "false",
            long number => number.ToString(CultureInfo.InvariantCulture),
            ulong number => number.ToString(CultureInfo.InvariantCulture) + "u",
            double number => Double(number),
            byte[] bytes => "b" + JsonSerializer.Serialize(CelRuntime.String(bytes)),
            DateTimeOffset time => $"timestamp(\"{CelRuntime.String(time)}\")",
            TimeSpan span => $"duration(\"{CelRuntime.String(span)}\")",
            IDictionary map => "{" + string.Join(", ", map.Keys.Cast<object>().Select(k => Write(k) + ": " + Write(map[k]))) + "}",
            IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Write)) + "]",
            _ => value.ToString() ?? "",
        };

        /// <summary>The CEL type of a value whose static type is <c>dyn</c>.</summary>
        public static string TypeOf(object? value) => value switch
        {
            null => "null_type",
            string => "string",
            bool => "bool",
            long => "int",
            ulong => "uint",
            double => "double",
            byte[] => "bytes",
            DateTimeOffset => "timestamp",
            TimeSpan => "duration",
            IDictionary => "map",
            IEnumerable => "list",
            _ => value.GetType().Name,
        };

        /// <summary>A double always reads as one: <c>2.0</c>, not <c>2</c>.</summary>
        private static string Double(double value)
        {
            var text = CelRuntime.String(value);
            return double.IsFinite(value) && text.All(c => char.IsDigit(c) || c == '-') ? text + ".0" : text;
        }
    }
}
