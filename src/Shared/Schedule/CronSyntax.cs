using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using static System.FormattableString;

namespace Automations.Compiled.Schedule
{
    /// <summary>
    /// Checks a cron expression against the grammar of Cronos 0.13.0, the parser that runs schedules, so the
    /// analyzers refuse at build time exactly the expressions the runtime could not parse. The analyzers cannot load
    /// Cronos (they are netstandard2.0 and ship without third-party DLLs), so this is a second reading of the same
    /// grammar; the agreement tests compare the two on a curated list and on generated expressions.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Shape: 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first (Cronos'
    /// <c>CronFormat.IncludeSeconds</c>, chosen here by the number of fields), separated by spaces or tabs. A field is
    /// <c>*</c> or <c>?</c> (every value) with an optional <c>/step</c>, <c>H</c> or <c>H/step</c> (a value hashed from
    /// the jitter seed), or a comma list of items <c>n</c>, <c>a-b</c> (a reversed range wraps around: <c>22-2</c>),
    /// each with an optional <c>/step</c>. Day-of-month also takes <c>L</c>, <c>L-n</c>, <c>LW</c> and <c>nW</c>;
    /// day-of-week <c>nL</c> and <c>n#k</c>; each of those, like <c>*</c> and <c>H</c>, is the whole field.
    /// Numbers have one or two digits; months and days of the week also take three-letter English names in any
    /// (ASCII) case; day-of-week 7 is Sunday, like 0; a step runs from 1 to the field's maximum.
    /// </para>
    /// <para>
    /// One difference, on purpose: Cronos reads the expression as a NUL-terminated string and ignores everything after
    /// a NUL character (<c>"0 9 * * *\0 oops"</c> is daily at 09:00). A NUL is refused here and at run time, so what
    /// is written is what runs.
    /// </para>
    /// <para>Never throws: null, empty and white-space input are reported like any other problem.</para>
    /// </remarks>
    internal static class CronSyntax
    {
        private const string ExpectedShape =
            "expected 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first";

        private static readonly CronField Second = new("second", 0, 59, null, FieldKind.Time);
        private static readonly CronField Minute = new("minute", 0, 59, null, FieldKind.Time);
        private static readonly CronField Hour = new("hour", 0, 23, null, FieldKind.Time);

        // A hashed day of the month stays within 1-28, which every month has.
        private static readonly CronField DayOfMonth = new("day-of-month", 1, 31, null, FieldKind.DayOfMonth, hashMax: 28);

        private static readonly CronField Month = new("month", 1, 12, new[]
        {
            "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
        }, FieldKind.Month);

        // 0 and 7 are both Sunday.
        private static readonly CronField DayOfWeek = new("day-of-week", 0, 7, new[]
        {
            "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT",
        }, FieldKind.DayOfWeek);

        private static readonly CronField[] FiveFields = { Minute, Hour, DayOfMonth, Month, DayOfWeek };
        private static readonly CronField[] SixFields = { Second, Minute, Hour, DayOfMonth, Month, DayOfWeek };

        private enum FieldKind
        {
            Time,
            DayOfMonth,
            Month,
            DayOfWeek,
        }

        /// <summary>
        /// The macros a schedule may use instead of fields, the fields they stand for, and the fields Cronos gives
        /// them when it has a jitter seed (every value it may pick is hashed, except in <c>@every_second</c>).
        /// </summary>
        public static readonly (string Macro, string Cron, string Hashed)[] Macros =
        {
            ("@every_second", "* * * * * *", "* * * * * *"),
            ("@every_minute", "* * * * *", "H * * * * *"),
            ("@hourly", "0 * * * *", "H H * * * *"),
            ("@daily", "0 0 * * *", "H H H * * *"),
            ("@midnight", "0 0 * * *", "H H H * * *"),
            ("@weekly", "0 0 * * 0", "H H H * * H"),
            ("@monthly", "0 0 1 * *", "H H H H * *"),
            ("@yearly", "0 0 1 1 *", "H H H H H *"),
            ("@annually", "0 0 1 1 *", "H H H H H *"),
        };

        /// <summary>True when the expression is written as a macro: its first character other than a space or a tab is <c>@</c>.</summary>
        public static bool IsMacro(string expression)
        {
            var text = expression ?? string.Empty;
            var i = SkipBlanks(text, 0);
            return i < text.Length && text[i] == '@';
        }

        /// <summary>The fields a macro stands for (any ASCII case, spaces and tabs around ignored); null when the text is not a known macro.</summary>
        public static string? ExpandMacro(string expression) => ExpandMacro(expression, hashed: false);

        /// <summary>
        /// The fields a macro stands for; with <paramref name="hashed"/>, the fields Cronos gives it when it has a
        /// jitter seed (<c>@daily</c> is then <c>H H H * * *</c>). Null when the text is not a known macro.
        /// </summary>
        public static string? ExpandMacro(string expression, bool hashed)
        {
            var text = expression ?? string.Empty;
            var start = SkipBlanks(text, 0);
            var end = text.Length;
            while (end > start && IsBlank(text[end - 1]))
            {
                end--;
            }

            foreach (var (macro, cron, hashedCron) in Macros)
            {
                if (end - start == macro.Length && EqualsAsciiIgnoreCase(text, start, macro))
                {
                    return hashed ? hashedCron : cron;
                }
            }

            return null;
        }

        /// <summary>
        /// Null when Cronos would parse <paramref name="expression"/> with a jitter seed, as the host parses a
        /// schedule trigger (each flow's <c>H</c> is hashed from its id); otherwise why not and where.
        /// </summary>
        public static CronProblem? Check(string expression) => Check(expression, hasJitterSeed: true);

        /// <summary>
        /// Null when Cronos would parse <paramref name="expression"/> (a known macro, or 5 or 6 fields, the number
        /// choosing the format); otherwise why not and where. Without a jitter seed Cronos refuses <c>H</c>.
        /// </summary>
        public static CronProblem? Check(string expression, bool hasJitterSeed)
        {
            var text = expression ?? string.Empty;
            var nul = text.IndexOf('\0');
            if (nul >= 0)
            {
                return new CronProblem(
                    Invariant($"the expression contains a NUL character (U+0000) at position {nul}; remove it (Cronos would stop reading there and ignore the rest)"),
                    nul, 1);
            }

            if (IsMacro(text))
            {
                var trimmed = text.Trim(' ', '\t');
                return ExpandMacro(text) is null
                    ? new CronProblem($"unknown macro '{trimmed}'; use @hourly, @daily (@midnight), @weekly, @monthly, @yearly (@annually), @every_minute or @every_second, or write the fields", 0, text.Length)
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
                var problem = new FieldChecker(new FieldContext(text, i + 1, kinds[i]), fields[i], hasJitterSeed).Check();
                if (problem is not null)
                {
                    return problem;
                }
            }

            return null;
        }

        /// <summary>True when the expression has 6 fields, the first being seconds (Cronos' IncludeSeconds).</summary>
        public static bool HasSeconds(string expression) => SplitFields(expression ?? string.Empty).Count == 6;

        /// <summary>
        /// True when the second, minute or hour field holds <c>*</c>, <c>?</c>, a range or a step (<c>H/n</c> too): what
        /// Cronos calls an interval expression, which runs in both passes of a fall-back overlap. Only for an expression
        /// <see cref="Check(string, bool)"/> accepts (fields, not a macro).
        /// </summary>
        public static bool IsInterval(string expression)
        {
            var text = expression ?? string.Empty;
            var fields = SplitFields(text);
            var timeFields = fields.Count == 6 ? 3 : 2;
            for (var i = 0; i < timeFields && i < fields.Count; i++)
            {
                for (var j = fields[i].Start; j < fields[i].End; j++)
                {
                    if (text[j] is '*' or '?' or '-' or '/')
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        // Cronos separates fields by runs of spaces and tabs, and skips them at both ends.
        private static List<Segment> SplitFields(string text)
        {
            var fields = new List<Segment>(6);
            var start = -1;
            for (var i = 0; i <= text.Length; i++)
            {
                var isBlank = i == text.Length || IsBlank(text[i]);
                if (isBlank && start >= 0)
                {
                    fields.Add(new Segment(start, i - start));
                    start = -1;
                }
                else if (!isBlank && start < 0)
                {
                    start = i;
                }
            }

            return fields;
        }

        private static bool IsBlank(char c) => c == ' ' || c == '\t';

        private static int SkipBlanks(string text, int i)
        {
            while (i < text.Length && IsBlank(text[i]))
            {
                i++;
            }

            return i;
        }

        // Cronos upper-cases ASCII letters only: "@daıly" (dotless i) is not "@daily".
        private static bool EqualsAsciiIgnoreCase(string text, int start, string upperOrSymbols)
        {
            for (var i = 0; i < upperOrSymbols.Length; i++)
            {
                if (ToUpperAscii(text[start + i]) != ToUpperAscii(upperOrSymbols[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private static char ToUpperAscii(char c) => c >= 'a' && c <= 'z' ? (char)(c - 32) : c;

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

        private static CronProblem FieldCountProblem(string text, int count)
        {
            var message = Invariant($"{ExpectedShape}, found {count}");
            if (HasOtherWhiteSpace(text))
            {
                message += "; separate fields with spaces or tabs (line breaks and other white space do not separate fields)";
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

        private static bool HasOtherWhiteSpace(string text)
        {
            foreach (var c in text)
            {
                if (!IsBlank(c) && char.IsWhiteSpace(c))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsInvisible(char c) =>
            char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

        /// <summary>
        /// Reads one field the way Cronos' parser does, left to right, and stops at the first thing it would refuse.
        /// Cronos decides by the first character: <c>*</c>/<c>?</c>, <c>H</c>, then (day-of-month) <c>L</c>, then a
        /// value, after which day-of-month may take <c>W</c> and day-of-week <c>L</c> or <c>#</c>; anything else is a
        /// comma list of plain items.
        /// </summary>
        private readonly struct FieldChecker
        {
            private readonly FieldContext _field;
            private readonly Segment _token;
            private readonly bool _hasJitterSeed;

            public FieldChecker(FieldContext field, Segment token, bool hasJitterSeed)
            {
                _field = field;
                _token = token;
                _hasJitterSeed = hasJitterSeed;
            }

            private string Text => _field.Text;

            private CronField Field => _field.Field;

            public CronProblem? Check()
            {
                var first = Text[_token.Start];
                if (first == '*' || first == '?')
                {
                    return Wildcard(first);
                }

                if (first == 'H')
                {
                    return Hash();
                }

                if (Field.Kind == FieldKind.DayOfMonth && ToUpperAscii(first) == 'L')
                {
                    return LastDayOfMonth();
                }

                // A value first; what follows it decides between a special form and a list.
                if (ReadValue(_token.Start, out var afterValue, out _) is null && afterValue < _token.End)
                {
                    var next = Text[afterValue];
                    if (Field.Kind == FieldKind.DayOfMonth && ToUpperAscii(next) == 'W')
                    {
                        return WholeField(afterValue + 1, "'W' (nearest weekday) takes a single day and the whole field, e.g. 15W");
                    }

                    if (Field.Kind == FieldKind.DayOfWeek && ToUpperAscii(next) == 'L')
                    {
                        return WholeField(afterValue + 1, "'L' after a day of the week (the last one of the month, e.g. 5L) takes the whole field");
                    }

                    if (Field.Kind == FieldKind.DayOfWeek && next == '#')
                    {
                        return NthDayOfWeek(afterValue + 1);
                    }
                }

                return List();
            }

            // "*" or "?", optionally "/step", and nothing else in the field.
            private CronProblem? Wildcard(char star)
            {
                var after = _token.Start + 1;
                if (after == _token.End)
                {
                    return null;
                }

                if (Text[after] != '/')
                {
                    return _field.Problem(_token, Invariant($"'{star}' means every value and takes the whole field: write {star}, {star}/n for every n-th value, or a list of values without it"));
                }

                return Step(_token, after + 1, Field.Max, stepEndsField: true, "*/5");
            }

            // "H" or "H/step" (a value hashed from the jitter seed), and nothing else in the field.
            private CronProblem? Hash()
            {
                if (!_hasJitterSeed)
                {
                    return _field.Problem(_token, $"'{_field.Show(_token)}' needs a jitter seed, and none was given: 'H' is a value hashed from it; a schedule trigger is seeded from its flow id, CronSchedule.Parse takes one as jitterSeed, or pick a fixed value");
                }

                var after = _token.Start + 1;
                if (after == _token.End)
                {
                    return null;
                }

                if (Text[after] != '/')
                {
                    return _field.Problem(_token, $"'{_field.Show(_token)}' is not valid: 'H' (a hashed value) takes the whole field, as H or H/n (Cronos has no H(a-b))");
                }

                return Step(_token, after + 1, Field.HashMax, stepEndsField: true, "H/5");
            }

            // "L", "L-n" (n days before the last), "LW" or "L-nW" (the weekday nearest to it).
            private CronProblem? LastDayOfMonth()
            {
                var i = _token.Start + 1;
                if (i < _token.End && Text[i] == '-')
                {
                    var offset = ReadDigits(i + 1, out var afterOffset);
                    if (offset is not { } days)
                    {
                        return _field.Problem(_token, $"'{_field.Show(_token)}' needs a number of days after 'L-', from 0 to 30, e.g. L-3 for three days before the last day");
                    }

                    if (days > 30)
                    {
                        return _field.Problem(new Segment(i + 1, afterOffset - i - 1), Invariant($"L-{days} is out of range: L-n counts back from the last day by 0 to 30 days"));
                    }

                    i = afterOffset;
                }

                if (i < _token.End && ToUpperAscii(Text[i]) == 'W')
                {
                    i++;
                }

                return i == _token.End
                    ? null
                    : _field.Problem(_token, $"'{_field.Show(_token)}' is not valid: 'L' (last day of the month) takes the whole field, as L, L-3 (three days before it), LW or L-3W (the nearest weekday)");
            }

            // After "n#": the week, 1 to 5, and nothing else in the field.
            private CronProblem? NthDayOfWeek(int afterHash)
            {
                var week = ReadDigits(afterHash, out var afterWeek);
                if (week is not { } n)
                {
                    return _field.Problem(_token, $"'{_field.Show(_token)}' needs the week after '#', from 1 to 5, e.g. 5#3 for the third Friday of the month");
                }

                if (n < 1 || n > 5)
                {
                    return _field.Problem(new Segment(afterHash, afterWeek - afterHash), Invariant($"#{n} is out of range: the week of the month is 1 to 5"));
                }

                return WholeField(afterWeek, "'#' (the n-th day of the week in the month, e.g. 5#3) takes the whole field");
            }

            private CronProblem? WholeField(int end, string why) =>
                end == _token.End ? null : _field.Problem(_token, $"'{_field.Show(_token)}' is not valid: {why}");

            // Items "n", "a-b", "n/step", "a-b/step", separated by commas.
            private CronProblem? List()
            {
                var itemStart = _token.Start;
                for (var i = _token.Start; i <= _token.End; i++)
                {
                    if (i < _token.End && Text[i] != ',')
                    {
                        continue;
                    }

                    var item = new Segment(itemStart, i - itemStart);
                    var problem = item.Length == 0 ? EmptyItem(item) : Item(item);
                    if (problem is not null)
                    {
                        return problem;
                    }

                    itemStart = i + 1;
                }

                return null;
            }

            // Point at the comma that makes the empty item: the one after it, or before it at the end of the field.
            private CronProblem EmptyItem(Segment item)
            {
                var comma = item.Start < _token.End ? item.Start : item.Start - 1;
                return _field.Problem(new Segment(comma, 1), $"the list '{_field.Show(_token)}' has an empty item; remove the extra comma");
            }

            private CronProblem? Item(Segment item)
            {
                // A form that is only valid alone (or not in this field) says so, rather than "not a number".
                if (SpecialFormProblem(item) is { } special)
                {
                    return special;
                }

                var slash = Text.IndexOf('/', item.Start, item.Length);
                if (slash == item.Start)
                {
                    return _field.Problem(item, $"'{_field.Show(item)}' has nothing before '/'; write */n for every n-th value or a-b/n within a range");
                }

                var values = slash < 0 ? item : new Segment(item.Start, slash - item.Start);
                var dash = Text.IndexOf('-', values.Start, values.Length);
                if (dash == values.Start)
                {
                    return _field.Problem(values, $"'{_field.Show(values)}' is not {Field.ValueNoun}; negative values are not allowed; {Field.Advice}");
                }

                var low = dash < 0 ? values : new Segment(values.Start, dash - values.Start);
                var problem = WholeValue(low);
                if (problem is not null)
                {
                    return problem;
                }

                if (dash > 0)
                {
                    var high = new Segment(dash + 1, values.End - dash - 1);
                    if (high.Length == 0)
                    {
                        return _field.Problem(values, $"the range '{_field.Show(values)}' has no end; write it as start-end, e.g. {Field.Range}");
                    }

                    problem = WholeValue(high);
                    if (problem is not null)
                    {
                        return problem;
                    }
                }

                return slash < 0 ? null : Step(item, slash + 1, Field.Max, stepEndsField: false, "*/5");
            }

            // The extensions and whole-field forms written inside a list, or in a field that does not have them.
            private CronProblem? SpecialFormProblem(Segment item)
            {
                var text = Text.Substring(item.Start, item.Length);
                var upper = text.ToUpperInvariant();

                // Alone in its own field, a form such as 32W or 8L fails on its value: the value's message says more.
                var values = upper.Split('/')[0];
                var misplaced = item.Length != _token.Length || (values.Length > 1 && values.IndexOf('-', 1) > 0);
                if (text[0] == '*' || text[0] == '?' || (text[0] == 'H' && (text.Length == 1 || text[1] == '/')))
                {
                    var what = text[0] == 'H' ? "'H' (a hashed value)" : Invariant($"'{text[0]}' (every value)");
                    return _field.Problem(item, $"'{_field.Show(item)}' is not valid here: {what} takes the whole field, not a place in a list");
                }

                if (text[0] == 'h')
                {
                    return _field.Problem(item, $"'{_field.Show(item)}' is not {Field.ValueNoun}; a hashed value is written with a capital H");
                }

                if (upper.IndexOf('#') >= 0 && (misplaced || Field.Kind != FieldKind.DayOfWeek))
                {
                    return _field.Problem(item, Field.Kind == FieldKind.DayOfWeek
                        ? $"'{_field.Show(item)}' is not valid here: '#' (the n-th day of the week in the month) follows a single day and takes the whole field, e.g. 5#3"
                        : $"'{_field.Show(item)}' is not {Field.ValueNoun}; '#' (the n-th day of the week in the month, e.g. 5#3) belongs in the day-of-week field");
                }

                var endsInL = values.Length > 0 && values[values.Length - 1] == 'L' && (values.Length == 1 || IsDigit(values[values.Length - 2]) || values.Length == 4);
                var isL = values == "L" || values == "LW" || values.StartsWith("L-", StringComparison.Ordinal) || endsInL;
                if (isL && Field.Kind is FieldKind.DayOfMonth or FieldKind.DayOfWeek)
                {
                    if (!misplaced && Field.Kind == FieldKind.DayOfWeek && values.Length > 1)
                    {
                        return null;
                    }

                    return _field.Problem(item, Field.Kind == FieldKind.DayOfMonth
                        ? $"'{_field.Show(item)}' is not valid here: 'L' (last day of the month) takes the whole field, as L, L-3, LW or L-3W"
                        : $"'{_field.Show(item)}' is not valid here: 'L' (the last such day of the month) follows a single day and takes the whole field, e.g. 5L for the last Friday");
                }

                if (isL)
                {
                    return _field.Problem(item, $"'{_field.Show(item)}' is not {Field.ValueNoun}; 'L' (last) belongs in day-of-month (L, L-3, LW) or day-of-week (5L)");
                }

                var isW = values.Length > 1 && values[values.Length - 1] == 'W' && IsDigit(values[values.Length - 2]);
                if (isW && (misplaced || Field.Kind != FieldKind.DayOfMonth))
                {
                    return _field.Problem(item, Field.Kind == FieldKind.DayOfMonth
                        ? $"'{_field.Show(item)}' is not valid here: 'W' (nearest weekday) follows a single day and takes the whole field, e.g. 15W"
                        : $"'{_field.Show(item)}' is not {Field.ValueNoun}; 'W' (nearest weekday) belongs in day-of-month (15W, LW)");
                }

                return null;
            }

            // "/step": one or two digits, from 1 to `max`; then the end of the field (or, in a list item, of the item).
            private CronProblem? Step(Segment item, int start, int max, bool stepEndsField, string example)
            {
                var end = item.End;
                var text = new Segment(start, end - start);
                if (text.Length == 0)
                {
                    return _field.Problem(item, $"'{_field.Show(item)}' has no step after '/'; write a whole number, e.g. {example}");
                }

                var step = ReadDigits(start, out var afterStep);
                if (step is not { } n || afterStep != end)
                {
                    if (step is null && DigitRun(start) > 2 && start + DigitRun(start) == end)
                    {
                        return TooManyDigits(new Segment(start, DigitRun(start)), isStep: true, 1, max);
                    }

                    var why = Text.IndexOf('/', start, text.Length) >= 0
                        ? "only one '/' is allowed in an item"
                        : stepEndsField && Text.IndexOf(',', start, text.Length) >= 0
                            ? "a list cannot follow a step of * or H"
                            : $"a step is a whole number, e.g. {example}";
                    return _field.Problem(text, $"the step '{_field.Show(text)}' is not a number; {why}");
                }

                return n >= 1 && n <= max
                    ? null
                    : _field.Problem(text, Invariant($"the step {n} is out of range 1-{max}"));
            }

            // A value that must span the whole segment.
            private CronProblem? WholeValue(Segment segment)
            {
                var problem = ReadValue(segment.Start, out var after, out var value);
                if (problem is not null)
                {
                    return problem;
                }

                if (after == segment.End)
                {
                    return null;
                }

                // A name read from the first three letters of a longer word: say names are three letters.
                if (!IsDigit(Text[segment.Start]) && Field.Names is not null && AllLetters(segment))
                {
                    var name = Field.Names[value - Field.Min];
                    return _field.Problem(segment, $"'{_field.Show(segment)}' is not {Field.ValueNoun}; names have three letters: write {name}");
                }

                return _field.Problem(segment, $"'{_field.Show(segment)}' is not {Field.ValueNoun}; {NotAValueAdvice(segment)}");
            }

            /// <summary>
            /// Reads a value at <paramref name="start"/> as Cronos does: one or two digits (a third is an error), or
            /// for months and days three ASCII letters naming one; then checks its range.
            /// </summary>
            private CronProblem? ReadValue(int start, out int after, out int value)
            {
                value = 0;
                after = start;
                var item = ItemAt(start);
                if (start < _token.End && IsDigit(Text[start]))
                {
                    var number = ReadDigits(start, out after);
                    if (number is not { } n)
                    {
                        return TooManyDigits(new Segment(start, DigitRun(start)), isStep: false, Field.Min, Field.Max);
                    }

                    value = n;
                    return n >= Field.Min && n <= Field.Max ? null : OutOfRange(new Segment(start, after - start), n.ToString(CultureInfo.InvariantCulture));
                }

                if (Field.Names is not null && start + 3 <= _token.End
                    && IsAsciiLetter(Text[start]) && IsAsciiLetter(Text[start + 1]) && IsAsciiLetter(Text[start + 2]))
                {
                    for (var i = 0; i < Field.Names.Length; i++)
                    {
                        if (EqualsAsciiIgnoreCase(Text, start, Field.Names[i]))
                        {
                            value = Field.Min + i;
                            after = start + 3;
                            return null;
                        }
                    }
                }

                return _field.Problem(item, $"'{_field.Show(item)}' is not {Field.ValueNoun}; {NotAValueAdvice(item)}");
            }

            // The value-sized piece of text at `start`, for a message: up to the next '-', '/' or ',' (or the field's end).
            private Segment ItemAt(int start)
            {
                var end = start;
                while (end < _token.End && Text[end] != '-' && Text[end] != '/' && Text[end] != ',')
                {
                    end++;
                }

                return new Segment(start, Math.Max(end - start, Math.Min(1, _token.End - start)));
            }

            // Cronos reads at most two digits. A number in range with leading zeros ("005") is only too long; any
            // other is out of range, shown without its leading zeros when it is small enough to read.
            private CronProblem TooManyDigits(Segment digits, bool isStep, int min, int max)
            {
                var shown = Text.Substring(digits.Start, digits.Length);
                var trimmed = shown.TrimStart('0');
                var number = trimmed.Length == 0 ? "0" : trimmed;
                if (number.Length <= 2 && int.Parse(number, CultureInfo.InvariantCulture) is var n && n >= min && n <= max)
                {
                    return _field.Problem(digits, $"{(isStep ? "the step " : "")}'{shown}' has too many digits; write {number} (numbers have at most two)");
                }

                var value = number.Length <= 9 ? number : shown;
                return isStep
                    ? _field.Problem(digits, Invariant($"the step {value} is out of range {min}-{max}"))
                    : OutOfRange(digits, value);
            }

            private CronProblem OutOfRange(Segment at, string value)
            {
                var hint = Field.Kind == FieldKind.DayOfWeek ? " (0 and 7 are Sunday)" : "";
                return _field.Problem(at, $"{value} is out of range {Field.Range}{hint}");
            }

            // One or two digits, as Cronos reads a number; null when there is none or a third digit follows.
            private int? ReadDigits(int start, out int after)
            {
                after = start;
                var run = DigitRun(start);
                if (run == 0 || run > 2)
                {
                    return null;
                }

                after = start + run;
                return run == 1 ? Text[start] - '0' : ((Text[start] - '0') * 10) + (Text[start + 1] - '0');
            }

            private int DigitRun(int start)
            {
                var i = start;
                while (i < _token.End && IsDigit(Text[i]))
                {
                    i++;
                }

                return i - start;
            }

            private bool AllLetters(Segment segment)
            {
                for (var i = segment.Start; i < segment.End; i++)
                {
                    if (!IsAsciiLetter(Text[i]))
                    {
                        return false;
                    }
                }

                return true;
            }

            private string NotAValueAdvice(Segment text)
            {
                for (var i = text.Start; i < text.End; i++)
                {
                    if (IsInvisible(Text[i]))
                    {
                        return Invariant($"it contains an invisible character (U+{(int)Text[i]:X4}); remove it");
                    }
                }

                return Field.Advice;
            }
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
            public CronField(string name, int min, int max, string[]? names, FieldKind kind, int? hashMax = null)
            {
                Name = name;
                Min = min;
                Max = max;
                Names = names;
                Kind = kind;
                HashMax = hashMax ?? max;
            }

            public string Name { get; }

            public int Min { get; }

            public int Max { get; }

            /// <summary>Three-letter English names (upper case) in value order, from <see cref="Min"/>; null when the field has none.</summary>
            public string[]? Names { get; }

            public FieldKind Kind { get; }

            /// <summary>The largest step of <c>H/n</c>, and the largest value <c>H</c> picks.</summary>
            public int HashMax { get; }

            public string Range => Invariant($"{Min}-{Max}");

            public string ValueNoun => Kind switch
            {
                FieldKind.Month => "a month",
                FieldKind.DayOfWeek => "a day of the week",
                _ => "a number",
            };

            public string Advice => Kind switch
            {
                FieldKind.Month => "use 1-12 or a month name JAN-DEC",
                FieldKind.DayOfWeek => "use 0-7 (0 and 7 are Sunday) or a day name SUN-SAT",
                FieldKind.DayOfMonth => Invariant($"use a number in {Range}, *, a range a-b, a step such as */5, L (the last day) or 15W (the nearest weekday)"),
                _ => Invariant($"use a number in {Range}, *, a range a-b or a step such as */5"),
            };
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
