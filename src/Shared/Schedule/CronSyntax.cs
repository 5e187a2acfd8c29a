using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using static System.FormattableString;

namespace Automations.Compiled.Schedule
{
    /// <summary>
    /// Checks a cron expression against the grammar of NCrontab.Signed 3.3.2, the parser that runs schedules, so
    /// the analyzers refuse at build time exactly the expressions the runtime could not parse.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Shape: 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first (NCrontab's
    /// <c>IncludingSeconds</c>), separated by one or more spaces. A field is a comma list of items; an item is
    /// <c>*</c>, <c>n</c> or <c>a-b</c>, optionally followed by <c>/step</c>. Months and days of the week also take
    /// English names.
    /// </para>
    /// <para>
    /// NCrontab's oddities are accepted on purpose, because refusing them would only make build time and run time
    /// disagree (the agreement test in the Generators tests compares the two on a few hundred expressions):
    /// a reversed range is swapped (<c>5-1</c> is <c>1-5</c>, <c>FRI-MON</c> is Monday to Friday, it does not wrap);
    /// a step below 1 means 1 (<c>*/0</c>, <c>*/-5</c>); <c>n/step</c> runs from n to the field's maximum;
    /// a name is any prefix of the English name in any case (<c>J</c> is January, <c>M</c> March, <c>W</c>
    /// Wednesday, <c>S</c> Sunday); numbers follow <c>int.Parse</c>, so a step may carry a sign and leading
    /// white space, and a number may end in tabs, line breaks or NUL characters (<c>"5\t"</c>).
    /// </para>
    /// <para>
    /// One difference, also on purpose: NCrontab compares names with the invariant culture, which under ICU ignores
    /// control and zero-width characters (a lone U+0000 reads as Sunday) but in invariant-globalization mode does
    /// not. A name with such a character is refused here, so a schedule means the same on every host.
    /// </para>
    /// <para>Never throws: null, empty and white-space input are reported like any other problem.</para>
    /// </remarks>
    internal static class CronSyntax
    {
        private const string ExpectedShape =
            "expected 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first";

        private static readonly CronField Second = new("second", 0, 59, null);
        private static readonly CronField Minute = new("minute", 0, 59, null);
        private static readonly CronField Hour = new("hour", 0, 23, null);
        private static readonly CronField DayOfMonth = new("day-of-month", 1, 31, null);

        private static readonly CronField Month = new("month", 1, 12, new[]
        {
            "January", "February", "March", "April", "May", "June",
            "July", "August", "September", "October", "November", "December",
        });

        private static readonly CronField DayOfWeek = new("day-of-week", 0, 6, new[]
        {
            "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
        });

        private static readonly CronField[] FiveFields = { Minute, Hour, DayOfMonth, Month, DayOfWeek };
        private static readonly CronField[] SixFields = { Second, Minute, Hour, DayOfMonth, Month, DayOfWeek };

        private enum NumberParse
        {
            Valid,
            NotANumber,
            TooLarge,
        }

        /// <summary>The macros a schedule may use instead of fields, and the fields they stand for.</summary>
        public static readonly (string Macro, string Cron)[] Macros =
        {
            ("@every_second", "* * * * * *"),
            ("@every_minute", "* * * * *"),
            ("@hourly", "0 * * * *"),
            ("@daily", "0 0 * * *"),
            ("@midnight", "0 0 * * *"),
            ("@weekly", "0 0 * * 0"),
            ("@monthly", "0 0 1 * *"),
            ("@yearly", "0 0 1 1 *"),
            ("@annually", "0 0 1 1 *"),
        };

        /// <summary>The fields a macro stands for (any case, spaces around ignored); null when the text is not a known macro.</summary>
        public static string? ExpandMacro(string expression)
        {
            var trimmed = (expression ?? string.Empty).Trim(' ');
            foreach (var (macro, cron) in Macros)
            {
                if (string.Equals(trimmed, macro, StringComparison.OrdinalIgnoreCase))
                {
                    return cron;
                }
            }

            return null;
        }

        /// <summary>Null when NCrontab would parse <paramref name="expression"/> (or it is a known macro); otherwise why not and where.</summary>
        public static CronProblem? Check(string expression)
        {
            var text = expression ?? string.Empty;
            if (text.Trim(' ').StartsWith("@", StringComparison.Ordinal))
            {
                return ExpandMacro(text) is null
                    ? new CronProblem($"unknown macro '{text.Trim(' ')}'; use @hourly, @daily (@midnight), @weekly, @monthly, @yearly (@annually), @every_minute or @every_second, or write the fields", 0, text.Length)
                    : null;
            }

            var fields = SplitFields(text);
            if (fields.Count != 5 && fields.Count != 6)
            {
                return FieldCountProblem(text, fields.Count);
            }

            var kinds = fields.Count == 6 ? SixFields : FiveFields;
            for (var i = 0; i < fields.Count; i++)
            {
                var problem = CheckField(new FieldContext(text, i + 1, kinds[i]), fields[i]);
                if (problem is not null)
                {
                    return problem;
                }
            }

            return null;
        }

        /// <summary>True when the expression has 6 fields, the first being seconds (NCrontab's IncludingSeconds).</summary>
        public static bool HasSeconds(string expression) => SplitFields(expression ?? string.Empty).Count == 6;

        // NCrontab splits on the space character only: a tab or a line break stays inside a field.
        private static List<Segment> SplitFields(string text)
        {
            var fields = new List<Segment>(6);
            var start = -1;
            for (var i = 0; i <= text.Length; i++)
            {
                var isSpace = i == text.Length || text[i] == ' ';
                if (isSpace && start >= 0)
                {
                    fields.Add(new Segment(start, i - start));
                    start = -1;
                }
                else if (!isSpace && start < 0)
                {
                    start = i;
                }
            }

            return fields;
        }

        private static CronProblem FieldCountProblem(string text, int count)
        {
            var message = Invariant($"{ExpectedShape}, found {count}");
            if (HasWhiteSpaceOtherThanSpace(text))
            {
                message += "; separate fields with spaces (tabs and line breaks do not separate fields)";
            }
            else if (count == 0)
            {
                message += "; for example \"0 9 * * 1-5\" runs at 09:00 on weekdays";
            }
            else if (count == 7)
            {
                message += "; a 7th (year) field is a Quartz extension and is not supported";
            }

            return new CronProblem(message, 0, text.Length);
        }

        private static bool HasWhiteSpaceOtherThanSpace(string text)
        {
            foreach (var c in text)
            {
                if (c != ' ' && char.IsWhiteSpace(c))
                {
                    return true;
                }
            }

            return false;
        }

        private static CronProblem? CheckField(FieldContext field, Segment segment)
        {
            var itemStart = segment.Start;
            for (var i = segment.Start; i <= segment.End; i++)
            {
                if (i < segment.End && field.Text[i] != ',')
                {
                    continue;
                }

                var item = new Segment(itemStart, i - itemStart);
                var problem = item.Length == 0 ? EmptyItem(field, segment, item) : CheckItem(field, item);
                if (problem is not null)
                {
                    // A Cronos or Quartz extension fails somewhere in the item; naming it helps more than the detail.
                    return ExtensionProblem(field, item) ?? problem;
                }

                itemStart = i + 1;
            }

            return null;
        }

        // Point at the comma that makes the empty item: the one after it, or before it at the end of the field.
        private static CronProblem EmptyItem(FieldContext field, Segment segment, Segment item)
        {
            var comma = item.Start < segment.End ? item.Start : item.Start - 1;
            return field.Problem(new Segment(comma, 1), $"the list '{field.Show(segment)}' has an empty item; remove the extra comma");
        }

        private static CronProblem? CheckItem(FieldContext field, Segment item)
        {
            var slash = field.Text.IndexOf('/', item.Start, item.Length);
            if (slash == item.Start)
            {
                return field.Problem(item, $"'{field.Show(item)}' has nothing before '/'; write */n for every n-th value or a-b/n within a range");
            }

            var values = slash < 0 ? item : new Segment(item.Start, slash - item.Start);
            int? step = null;
            if (slash > 0)
            {
                var problem = ReadStep(field, item, new Segment(slash + 1, item.End - slash - 1), out var parsed);
                if (problem is not null)
                {
                    return problem;
                }

                step = parsed;
            }

            if (values.Length == 1 && field.Text[values.Start] == '*')
            {
                // A wildcard's step starts at the field's minimum, where NCrontab cannot overflow.
                return null;
            }

            return ReadValues(field, values, out var lowest) ?? CheckStepFits(field, item, step, lowest);
        }

        // "n" or "a-b" (split at the first '-'); every value must lie in the field's range.
        private static CronProblem? ReadValues(FieldContext field, Segment values, out int lowest)
        {
            lowest = 0;
            var dash = field.Text.IndexOf('-', values.Start, values.Length);
            if (dash <= values.Start)
            {
                return ReadValue(field, values, out lowest);
            }

            var last = new Segment(dash + 1, values.End - dash - 1);
            if (last.Length == 0)
            {
                return field.Problem(values, $"the range '{field.Show(values)}' has no end; write it as start-end, e.g. {field.Field.Range}");
            }

            var problem = ReadValue(field, new Segment(values.Start, dash - values.Start), out var first);
            if (problem is not null)
            {
                return problem;
            }

            problem = ReadValue(field, last, out var end);
            if (problem is not null)
            {
                return problem;
            }

            // NCrontab swaps a reversed range (5-1 is 1-5); it does not wrap around.
            lowest = Math.Min(first, end);
            return null;
        }

        private static CronProblem? ReadStep(FieldContext field, Segment item, Segment text, out int step)
        {
            step = 0;
            if (text.Length == 0)
            {
                return field.Problem(item, $"'{field.Show(item)}' has no step after '/'; write a whole number, e.g. */5");
            }

            switch (ParseInteger(field.Text, text, out step))
            {
                case NumberParse.TooLarge:
                    return field.Problem(text, $"the step {field.Show(text)} is too large; {field.Field.StepAdvice}");
                case NumberParse.NotANumber:
                    var why = field.Text.IndexOf('/', text.Start, text.Length) >= 0 ? "only one '/' is allowed in an item" : "a step is a whole number, e.g. */5";
                    return field.Problem(text, $"the step '{field.Show(text)}' is not a number; {why}");
                default:
                    // NCrontab treats a step below 1 as 1 (*/0 and */-5 mean every value).
                    return null;
            }
        }

        // NCrontab fills its bit set with an int index from (lowest - minimum) by the step; when that sum passes
        // int.MaxValue the index wraps negative and parsing throws. A wildcard starts at 0 and never gets there.
        private static CronProblem? CheckStepFits(FieldContext field, Segment item, int? step, int lowest)
        {
            if (step is not { } value || value <= int.MaxValue - (lowest - field.Field.Min))
            {
                return null;
            }

            return field.Problem(item, Invariant($"the step {value} is too large for '{field.Show(item)}'; {field.Field.StepAdvice}"));
        }

        private static CronProblem? ReadValue(FieldContext field, Segment text, out int value)
        {
            value = 0;
            var first = field.Text[text.Start];
            if (first >= '0' && first <= '9')
            {
                return ReadNumber(field, text, out value);
            }

            if (field.Field.Names is not null && IsAsciiLetters(field.Text, text))
            {
                return ReadName(field, text, out value);
            }

            return field.Problem(text, $"'{field.Show(text)}' is not {field.Field.ValueNoun}; {NotAValueAdvice(field, text)}");
        }

        private static string NotAValueAdvice(FieldContext field, Segment text)
        {
            if (field.Text[text.Start] == '-')
            {
                return "negative values are not allowed; " + field.Field.Advice;
            }

            var invisible = FirstInvisible(field.Text, text);
            return invisible is { } c
                ? Invariant($"it contains an invisible character (U+{(int)c:X4}); remove it")
                : field.Field.Advice;
        }

        private static CronProblem? ReadNumber(FieldContext field, Segment text, out int value)
        {
            switch (ParseInteger(field.Text, text, out value))
            {
                case NumberParse.NotANumber:
                    return field.Problem(text, $"'{field.Show(text)}' is not a number; {field.Field.Advice}");
                case NumberParse.TooLarge:
                    return field.Problem(text, $"{LeadingDigits(field.Text, text)} is out of range {field.Field.Range}");
            }

            if (value >= field.Field.Min && value <= field.Field.Max)
            {
                return null;
            }

            var hint = field.Field == DayOfWeek && value == 7 ? "; use 0 for Sunday" : "";
            return field.Problem(text, Invariant($"{value} is out of range {field.Field.Range}{hint}"));
        }

        // NCrontab takes the first name, in calendar order, that starts with the text (ignoring case).
        private static CronProblem? ReadName(FieldContext field, Segment text, out int value)
        {
            var names = field.Field.Names!;
            var written = field.Text.Substring(text.Start, text.Length);
            for (var i = 0; i < names.Length; i++)
            {
                if (names[i].StartsWith(written, StringComparison.OrdinalIgnoreCase))
                {
                    value = field.Field.Min + i;
                    return null;
                }
            }

            value = 0;
            return field.Problem(text, $"'{field.Show(text)}' is not {field.Field.ValueNoun}; {field.Field.Advice}");
        }

        /// <summary>
        /// Parses like <c>int.Parse(s, CultureInfo.InvariantCulture)</c> on .NET (NumberStyles.Integer), which is
        /// what NCrontab calls: white space (tab to carriage return, space) around, one leading sign, ASCII digits,
        /// and trailing NUL characters, which .NET ignores after a number.
        /// </summary>
        private static NumberParse ParseInteger(string text, Segment segment, out int value)
        {
            value = 0;
            var i = segment.Start;
            var end = segment.End;
            i = SkipNumberWhiteSpace(text, i, end);
            var negative = false;
            if (i < end && (text[i] == '+' || text[i] == '-'))
            {
                negative = text[i] == '-';
                i++;
            }

            var digitsStart = i;
            long magnitude = 0;
            for (; i < end && text[i] >= '0' && text[i] <= '9'; i++)
            {
                // Saturate just above int's range: only "fits or not" matters past that.
                magnitude = Math.Min(magnitude * 10 + (text[i] - '0'), 1L << 32);
            }

            if (i == digitsStart)
            {
                return NumberParse.NotANumber;
            }

            i = SkipNumberWhiteSpace(text, i, end);
            while (i < end && text[i] == '\0')
            {
                i++;
            }

            if (i != end)
            {
                return NumberParse.NotANumber;
            }

            if (magnitude > (negative ? 1L << 31 : int.MaxValue))
            {
                return NumberParse.TooLarge;
            }

            value = (int)(negative ? -magnitude : magnitude);
            return NumberParse.Valid;
        }

        private static int SkipNumberWhiteSpace(string text, int i, int end)
        {
            while (i < end && (text[i] == ' ' || (text[i] >= '\t' && text[i] <= '\r')))
            {
                i++;
            }

            return i;
        }

        private static string LeadingDigits(string text, Segment segment)
        {
            var end = segment.Start;
            while (end < segment.End && text[end] >= '0' && text[end] <= '9')
            {
                end++;
            }

            return text.Substring(segment.Start, end - segment.Start);
        }

        private static bool IsAsciiLetters(string text, Segment segment)
        {
            for (var i = segment.Start; i < segment.End; i++)
            {
                var c = text[i];
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
                {
                    return false;
                }
            }

            return true;
        }

        private static char? FirstInvisible(string text, Segment segment)
        {
            for (var i = segment.Start; i < segment.End; i++)
            {
                if (IsInvisible(text[i]))
                {
                    return text[i];
                }
            }

            return null;
        }

        private static bool IsInvisible(char c) =>
            char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

        private static CronProblem? ExtensionProblem(FieldContext field, Segment item)
        {
            var extension = UnsupportedExtension(field.Text.Substring(item.Start, item.Length));
            return extension is null
                ? null
                : field.Problem(item, $"'{field.Show(item)}' uses {extension}");
        }

        /// <summary>
        /// Recognizes the Quartz and Cronos extensions that NCrontab does not have, to name them in the message
        /// instead of "not a number". Only asked about an item that already failed: <c>W</c> alone is Wednesday.
        /// </summary>
        private static string? UnsupportedExtension(string item)
        {
            var upper = item.ToUpperInvariant();
            var slash = upper.IndexOf('/');
            var values = slash < 0 ? upper : upper.Substring(0, slash);
            const string NotSupported = ", a Quartz/Cronos extension that is not supported; ";
            if (upper.IndexOf('?') >= 0)
            {
                return "'?' (no specific value)" + NotSupported + "write * instead";
            }

            if (upper.IndexOf('#') >= 0)
            {
                return "'#' (n-th weekday of the month)" + NotSupported
                    + "combine a day-of-month range with the day of the week, e.g. 15-21 with 5 for the third Friday (both must match)";
            }

            if (values == "H" || values.StartsWith("H(", StringComparison.Ordinal))
            {
                return "'H' (hashed value)" + NotSupported + "pick a fixed value";
            }

            // Cronos writes L alone, L-3, LW, 5L (last Friday) and FRIL.
            var beforeLastL = values.Length - 1;
            if (values == "L" || values == "LW" || values.StartsWith("L-", StringComparison.Ordinal)
                || (values.Length > 1 && values[beforeLastL] == 'L' && (IsDigits(values, beforeLastL) || beforeLastL == 3)))
            {
                return "'L' (last day)" + NotSupported + "use fixed days instead, e.g. 1 for the first of the month";
            }

            if (values == "W" || (values.Length > 1 && values[values.Length - 1] == 'W' && IsDigits(values, values.Length - 1)))
            {
                return "'W' (nearest weekday)" + NotSupported + "use a fixed day of the month with day-of-week 1-5";
            }

            return null;
        }

        private static bool IsDigits(string text, int length)
        {
            for (var i = 0; i < length; i++)
            {
                if (text[i] < '0' || text[i] > '9')
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A run of characters inside the expression string.</summary>
        private readonly struct Segment
        {
            public Segment(int start, int length)
            {
                Start = start;
                Length = length;
            }

            public int Start { get; }

            public int Length { get; }

            public int End => Start + Length;
        }

        /// <summary>One kind of field: its name in messages, its range and, for months and days, its names.</summary>
        private sealed class CronField
        {
            public CronField(string name, int min, int max, string[]? names)
            {
                Name = name;
                Min = min;
                Max = max;
                Names = names;
            }

            public string Name { get; }

            public int Min { get; }

            public int Max { get; }

            /// <summary>English names in value order, from <see cref="Min"/>; null when the field has none.</summary>
            public string[]? Names { get; }

            public string Range => Invariant($"{Min}-{Max}");

            // Any step past the width of the range selects only the start value, so no larger step is needed.
            public string StepAdvice => Invariant($"a step above {Max - Min} selects only the start value, so use at most {Max - Min}");

            public string ValueNoun => Names is null ? "a number" : Max == 12 ? "a month" : "a day of the week";

            public string Advice => Names is null
                ? Invariant($"use a number in {Range}, *, a range a-b or a step such as */5")
                : Max == 12
                    ? "use 1-12 or a month name JAN-DEC"
                    : "use 0-6 (0 is Sunday) or a day name SUN-SAT";
        }

        /// <summary>The field being checked: its position for messages and the whole expression for spans.</summary>
        private readonly struct FieldContext
        {
            public FieldContext(string text, int position, CronField field)
            {
                Text = text;
                Position = position;
                Field = field;
            }

            public string Text { get; }

            public int Position { get; }

            public CronField Field { get; }

            public CronProblem Problem(Segment at, string why) =>
                new(Invariant($"field {Position} ({Field.Name}): {why}"), at.Start, at.Length);

            /// <summary>The text of a segment for a message, with control and invisible characters escaped.</summary>
            public string Show(Segment segment)
            {
                var builder = new StringBuilder(segment.Length);
                for (var i = segment.Start; i < segment.End; i++)
                {
                    var c = Text[i];
                    builder.Append(c switch
                    {
                        '\t' => "\\t",
                        '\n' => "\\n",
                        '\r' => "\\r",
                        '\0' => "\\0",
                        _ when IsInvisible(c) => Invariant($"\\u{(int)c:X4}"),
                        _ => c.ToString(),
                    });
                }

                return builder.ToString();
            }
        }
    }
}
