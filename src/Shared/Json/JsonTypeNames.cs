using System;
using Automations.Compiled.Cel;

namespace Automations.Compiled.Json
{
    /// <summary>
    /// Types as JSON flows write them, in CEL's notation (<c>int</c>, <c>list(string)</c>, <c>map(string, dyn)</c>), and the
    /// C# types generated code stores them in.
    /// </summary>
    internal static class JsonTypeNames
    {
        public const string Names = "int, uint, double, bool, string, bytes, timestamp, duration, dyn, list(T), map(K, V)";

        /// <summary>The type written in <paramref name="text"/>, or null when it is not one.</summary>
        public static CelType? Parse(string text)
        {
            var position = 0;
            var type = ParseType(text, ref position);
            SkipSpaces(text, ref position);
            return position == text.Length ? type : null;
        }

        private static CelType? ParseType(string text, ref int position)
        {
            SkipSpaces(text, ref position);
            var start = position;
            while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_'))
            {
                position++;
            }

            var name = text.Substring(start, position - start);
            switch (name)
            {
                case "int":
                    return CelType.Int;
                case "uint":
                    return CelType.Uint;
                case "double":
                    return CelType.Double;
                case "bool":
                    return CelType.Bool;
                case "string":
                    return CelType.String;
                case "bytes":
                    return CelType.Bytes;
                case "timestamp":
                    return CelType.Timestamp;
                case "duration":
                    return CelType.Duration;
                case "dyn":
                    return CelType.Dyn;
                case "list":
                    if (!Expect(text, ref position, '(') || ParseType(text, ref position) is not { } element || !Expect(text, ref position, ')'))
                    {
                        return null;
                    }

                    return CelType.List(element);
                case "map":
                    if (!Expect(text, ref position, '(') || ParseType(text, ref position) is not { } key
                        || !Expect(text, ref position, ',') || ParseType(text, ref position) is not { } value || !Expect(text, ref position, ')'))
                    {
                        return null;
                    }

                    return key.Kind is CelTypeKind.String or CelTypeKind.Int or CelTypeKind.Uint or CelTypeKind.Bool ? CelType.Map(key, value) : null;
                default:
                    return null;
            }
        }

        private static bool Expect(string text, ref int position, char expected)
        {
            SkipSpaces(text, ref position);
            if (position < text.Length && text[position] == expected)
            {
                position++;
                return true;
            }

            return false;
        }

        private static void SkipSpaces(string text, ref int position)
        {
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }
        }

        /// <summary>Parses CEL's duration notation (<c>1h30m</c>, <c>45s</c>, <c>200ms</c>, <c>1.5s</c>) into milliseconds.</summary>
        public static bool TryParseDuration(string text, out long milliseconds)
        {
            milliseconds = 0;
            var position = 0;
            double total = 0;
            if (text.Length == 0)
            {
                return false;
            }

            if (text == "0")
            {
                return true;
            }

            while (position < text.Length)
            {
                var start = position;
                while (position < text.Length && (char.IsDigit(text[position]) || text[position] == '.'))
                {
                    position++;
                }

                if (position == start || !double.TryParse(text.Substring(start, position - start), System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var amount))
                {
                    return false;
                }

                var unitStart = position;
                while (position < text.Length && char.IsLetter(text[position]))
                {
                    position++;
                }

                switch (text.Substring(unitStart, position - unitStart))
                {
                    case "h":
                        total += amount * 3_600_000;
                        break;
                    case "m":
                        total += amount * 60_000;
                        break;
                    case "s":
                        total += amount * 1_000;
                        break;
                    case "ms":
                        total += amount;
                        break;
                    default:
                        return false;
                }
            }

            if (total > TimeSpan.MaxValue.TotalMilliseconds)
            {
                return false;
            }

            milliseconds = (long)Math.Round(total);
            return true;
        }
    }
}
