using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using Automations.Compiled.Cel;
using Automations.Compiled.Runtime;

namespace Automations.Compiled.Cli.Values
{
    /// <summary>
    /// The one printer of values for every command: <c>flow eval</c>'s result, a run's output, a journal's outputs. Text
    /// is a CEL literal (<c>3</c>, <c>2.0</c>, <c>"text"</c>, <c>b"\xffoo"</c>, <c>[1, 2]</c>, <c>{"a": true}</c>,
    /// <c>timestamp("...")</c>), written for any value whatever bytes or characters it holds; JSON is the value as a
    /// journal keeps it.
    /// </summary>
    internal static class CelValueText
    {
        /// <summary>The value as a CEL literal. A JSON value (a journal's output) is read as CEL reads JSON.</summary>
        public static string Write(object? value)
        {
            var text = new StringBuilder();
            Append(text, value);
            return text.ToString();
        }

        /// <summary>
        /// The value as JSON, serialized as the host writes outputs to the journal, so a run prints the same JSON with and
        /// without <c>--journal</c> (bytes are base64 strings). A value the serializer refuses is its CEL literal as a string.
        /// </summary>
        public static JsonElement Json(object? value)
            => value is JsonElement json ? json : Serialize(value) ?? JsonSerializer.SerializeToElement(Write(value));

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
            CelTypeValue => "type",
            IDictionary => "map",
            IEnumerable => "list",
            _ => CelTypeNames.Of(value.GetType()),
        };

        private static void Append(StringBuilder text, object? value)
        {
            object? normal;
            try
            {
                normal = CelRuntime.Normalize(value);
            }
            catch (InvalidOperationException) when (value is JsonElement json)
            {
                // JSON text with a lone surrogate escape ("\ud800") has no .NET string; its JSON text shows what is there.
                text.Append(json.GetRawText());
                return;
            }

            switch (normal)
            {
                case null:
                    text.Append("null");
                    break;
                case string s:
                    AppendString(text, s);
                    break;
                case bool flag:
                    text.Append(flag ? "true" : "false");
                    break;
                case long number:
                    text.Append(number.ToString(CultureInfo.InvariantCulture));
                    break;
                case ulong number:
                    text.Append(number.ToString(CultureInfo.InvariantCulture)).Append('u');
                    break;
                case double number:
                    AppendDouble(text, number);
                    break;
                case byte[] bytes:
                    AppendBytes(text, bytes);
                    break;
                case DateTimeOffset time:
                    text.Append("timestamp(\"").Append(CelRuntime.String(time)).Append("\")");
                    break;
                case TimeSpan span:
                    text.Append("duration(\"").Append(CelRuntime.String(span)).Append("\")");
                    break;
                case CelTypeValue type:
                    text.Append(type.Name);
                    break;
                case IDictionary map:
                    AppendAll(text, '{', Entries(map), static (t, entry) => { Append(t, entry.Key); t.Append(": "); Append(t, entry.Value); }, '}');
                    break;
                case IEnumerable list:
                    AppendAll(text, '[', list.Cast<object?>(), Append, ']');
                    break;
                case var other:
                    // Not a CEL value (an action's own class): its JSON, as the journal would keep it, read as CEL reads JSON.
                    if (Serialize(other) is { } json)
                    {
                        Append(text, json);
                    }
                    else
                    {
                        AppendString(text, other.ToString() ?? "");
                    }

                    break;
            }
        }

        /// <summary>A map's entries through its dictionary enumerator (a generic dictionary enumerates key-value pairs otherwise).</summary>
        private static IEnumerable<DictionaryEntry> Entries(IDictionary map)
        {
            var entries = map.GetEnumerator();
            while (entries.MoveNext())
            {
                yield return entries.Entry;
            }
        }

        private static void AppendAll<T>(StringBuilder text, char open, IEnumerable<T> items, Action<StringBuilder, T> item, char close)
        {
            text.Append(open);
            var first = true;
            foreach (var each in items)
            {
                text.Append(first ? "" : ", ");
                item(text, each);
                first = false;
            }

            text.Append(close);
        }

        private static JsonElement? Serialize(object? value)
        {
            try
            {
                return JsonSerializer.SerializeToElement(value, value?.GetType() ?? typeof(object), FlowStateSerializer.Options);
            }
            catch (Exception error) when (error is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
            {
                return null;
            }
        }

        /// <summary>
        /// A CEL string literal: <c>\"</c>, <c>\\</c>, <c>\n</c>, <c>\r</c>, <c>\t</c>; other control characters as
        /// <c>\xHH</c>; invisible format and separator characters as <c>\uHHHH</c>/<c>\UHHHHHHHH</c>; everything else as it is.
        /// </summary>
        private static void AppendString(StringBuilder text, string value)
        {
            text.Append('"');
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (AppendShortEscape(text, c))
                {
                    continue;
                }

                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    var codePoint = char.ConvertToUtf32(c, value[i + 1]);
                    if (Invisible(CharUnicodeInfo.GetUnicodeCategory(codePoint)))
                    {
                        text.Append("\\U").Append(codePoint.ToString("x8", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c).Append(value[i + 1]);
                    }

                    i++;
                }
                else if (char.IsSurrogate(c) || Invisible(CharUnicodeInfo.GetUnicodeCategory(c)))
                {
                    // A lone surrogate is not Unicode text and cannot be printed; its escape shows what is there.
                    text.Append(c <= 0xff ? "\\x" : "\\u").Append(((int)c).ToString(c <= 0xff ? "x2" : "x4", CultureInfo.InvariantCulture));
                }
                else
                {
                    text.Append(c);
                }
            }

            text.Append('"');
        }

        /// <summary>A CEL bytes literal: printable ASCII as it is (<c>\"</c> and <c>\\</c> escaped), <c>\n</c>, <c>\r</c>, <c>\t</c>, and every other byte as <c>\xHH</c>.</summary>
        private static void AppendBytes(StringBuilder text, byte[] bytes)
        {
            text.Append("b\"");
            foreach (var b in bytes)
            {
                if (AppendShortEscape(text, (char)b))
                {
                    continue;
                }

                if (b is >= 0x20 and < 0x7f)
                {
                    text.Append((char)b);
                }
                else
                {
                    text.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture));
                }
            }

            text.Append('"');
        }

        private static bool AppendShortEscape(StringBuilder text, char c)
        {
            var escape = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => null,
            };
            text.Append(escape);
            return escape is not null;
        }

        private static bool Invisible(UnicodeCategory category)
            => category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate;

        /// <summary>A double always reads as one (<c>2.0</c>, not <c>2</c>); NaN and the infinities, which have no literal, as the conversion that makes them.</summary>
        private static void AppendDouble(StringBuilder text, double value)
        {
            if (!double.IsFinite(value))
            {
                text.Append(double.IsNaN(value) ? "double(\"NaN\")" : value > 0 ? "double(\"Infinity\")" : "double(\"-Infinity\")");
                return;
            }

            var digits = CelRuntime.String(value);
            text.Append(digits);
            if (digits.AsSpan().TrimStart('-').IndexOfAnyExceptInRange('0', '9') < 0)
            {
                text.Append(".0");
            }
        }
    }
}
