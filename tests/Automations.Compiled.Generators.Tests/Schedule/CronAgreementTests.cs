using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Automations.Compiled.Schedule;
using NCrontab;
using Xunit;

namespace Automations.Compiled.Generators.Tests.Schedule
{
    /// <summary>
    /// CronSyntax must accept exactly what NCrontab (which runs schedules) parses: compared on a curated list of
    /// edge cases and on generated expressions.
    /// </summary>
    /// <remarks>
    /// NCrontab facts these lists pin down (3.3.2):
    /// only ' ' separates fields; a reversed range is swapped, not wrapped (5-1, FRI-MON); a step below 1 means 1;
    /// n/step runs from n to the maximum; day-of-week is 0-6 (7 is refused); names are any case-insensitive prefix
    /// of the English name (J, M, W, S); numbers go through int.Parse, so "5\t", "5\0", "*/+5" and "*/\t5" parse;
    /// and TryParse does not always return null on bad input: it throws OverflowException for a number past
    /// int.MaxValue and ArgumentOutOfRangeException when n + step overflows its bit index (5/2147483647).
    /// </remarks>
    public class CronAgreementTests
    {
        private static readonly string[] Curated =
        {
            "* * * * *", "* * * * 7", "* * * * 0-7", "* * * * 0-6", "5/10 * * * *", "*/0 * * * *", "5/0 * * * *",
            "*/-5 * * * *", "*/+5 * * * *", "*/\t5 * * * *", "5\t * * * *", "\t5 * * * *", "5\0 * * * *",
            "5\0\0 * * * *", "5\t\0 * * * *", "5\0\t * * * *", "*/5\0 * * * *", "*/\0 * * * *", "5-1 * * * *",
            "70-5 * * * *", "* * 0 * *", "* * 0/5 * *", "* * 31/5 * *", "* * * * FRI-MON", "* * * J *", "* * * Ju *",
            "* * * M *", "* * * jUnE *", "* * * Junee *", "* * * * W", "* * * * T", "* * * * S", "* * * * Thurs",
            "* * * * Sunday", "* * * * MON\t", "* * * * \tMON", "* * * Jan/2 *", "* * * */Jan *", "* * 1-Jan * *",
            "* * * 1-Jan *", "99999999999 * * * *", "*/99999999999 * * * *", "*/2147483647 * * * *",
            "*/2147483648 * * * *", "*/-2147483648 * * * *", "*/-2147483649 * * * *", "2147483647 * * * *",
            "5/2147483647 * * * *", "5/2147483642 * * * *", "5/2147483643 * * * *", "59/2147483647 * * * *",
            "1-5/2147483647 * * * *", "* * */2147483647 * *", "* * 2/2147483646 * *", "* * 2/2147483647 * *",
            "* * 5-5/2147483643 * *", "* * * * 1-5\n", "\n0 * * * *", ",5 * * * *", "5, * * * *", "5,,6 * * * *",
            "5- * * * *", "-5 * * * *", "- * * * *", "*-* * * * *", "** * * * *", "*/5/2 * * * *", "1-5/-2 * * * *",
            "* * * * 5#3", "* * L * *", "* * 15W * *", "* * * * 5L", "H * * * *", "? * * * *", "0 0 * * ?",
            "0 0 0 * * * *", "0 0 0 * * *", "  0  0  *  *  *  ", "0\t0\t*\t*\t*", "* * * * *\t", "* * * * * \t",
            "* * * * * *\t", "*/5- * * * *", "*/- * * * *", "*/+ * * * *", "*/-\t5 * * * *", "*/5\t\0 * * * *",
            "*/\u22125 * * * *", "05 * * * *", "0005 * * * *", "* * * * sat", "* * * * satu", "* * * * Saturdays",
            "* * * Sept *", "* * * \u0130 *", "* * * * \u017Fun", "* * * \uFF2A\uFF21\uFF2E *", "* * * * 0-6/0",
            "", " ", "*", "* * * *", "0 0 1 1 * 2025 x", "60 * * * * *", "0 60 * * * *", "0 0 24 * * *",
            "0 0 0 0 * *", "0 0 0 32 * *", "0 0 0 1 0 *", "0 0 0 1 13 *", "0 0 0 1 DEC 7", "5,10-20/3,*/7 * * * *",
            "1,2,3 1-2,4 1/2 JAN,FEB-MAR/2 MON-FRI,SUN", "*/5 * * * *\r", "5 \t * * * *", "5\v * * * *",
            "5\f-6 * * * *", "5-\f6 * * * *", "* * * * Mon-\tFri", "+5 * * * *", "5+ * * * *", "1.5 * * * *",
            "1e1 * * * *", "0x5 * * * *", "*/1.5 * * * *", "*/ * * * *", "/ * * * *", "*/*/2 * * * *",
            "Jan * * * *", "* Jan * * *", "* * * 0x1 *", "* * * * MON/2", "* * * * MON-/2", "* * * * -MON",
        };

        [Fact]
        public void Curated_expressions_agree_with_NCrontab()
        {
            AssertAgreement(Curated);
        }

        [Fact]
        public void Generated_expressions_agree_with_NCrontab()
        {
            var generator = new ExpressionGenerator(seed: 6);
            var expressions = Enumerable.Range(0, 600).Select(_ => generator.Next()).ToArray();

            // The generator must exercise both outcomes, or agreement says little.
            var accepted = expressions.Count(NCrontabAccepts);
            Assert.InRange(accepted, 150, expressions.Length - 150);
            AssertAgreement(expressions);
        }

        /// <summary>
        /// The one deliberate difference. NCrontab matches names with the invariant culture's IsPrefix, which under
        /// ICU skips control and zero-width characters (so a lone NUL reads as Sunday) and in invariant-globalization
        /// mode does not. CronSyntax refuses them everywhere, so a schedule cannot mean different things on
        /// different hosts.
        /// </summary>
        [Theory]
        [InlineData("MO\u200BN")]
        [InlineData("M\u00ADON")]
        [InlineData("MO\u0001N")]
        [InlineData("\u0000")]
        [InlineData("M\u0000")]
        public void Names_with_invisible_characters_are_refused_although_ICU_would_ignore_them(string name)
        {
            var expression = "* * * * " + name;
            var hostIgnoresThem = CultureInfo.InvariantCulture.CompareInfo.IsPrefix("Monday", name, CompareOptions.IgnoreCase)
                || CultureInfo.InvariantCulture.CompareInfo.IsPrefix("Sunday", name, CompareOptions.IgnoreCase);
            Assert.Equal(hostIgnoresThem, NCrontabAccepts(expression));
            Assert.NotNull(CronSyntax.Check(expression));
        }

        private static void AssertAgreement(IEnumerable<string> expressions)
        {
            var disagreements = new List<string>();
            foreach (var expression in expressions)
            {
                var ncrontab = NCrontabAccepts(expression);
                var problem = CronSyntax.Check(expression);
                if (ncrontab != (problem is null))
                {
                    disagreements.Add($"{Escape(expression)}: NCrontab {(ncrontab ? "accepts" : "refuses")}, CronSyntax {(problem is null ? "accepts" : "refuses: " + problem.Message)}");
                }
            }

            Assert.True(disagreements.Count == 0, string.Join(Environment.NewLine, disagreements));
        }

        private static bool NCrontabAccepts(string expression)
        {
            var includingSeconds = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6;
            try
            {
                return CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = includingSeconds }) is not null;
            }
            catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
            {
                // TryParse lets these escape (see the remarks above): the runtime cannot use the expression either.
                return false;
            }
        }

        private static string Escape(string text)
        {
            var builder = new StringBuilder("\"");
            foreach (var c in text)
            {
                builder.Append(c is < ' ' or > '~' ? $"\\u{(int)c:X4}" : c.ToString());
            }

            return builder.Append('"').ToString();
        }

        /// <summary>
        /// Deterministic cron-ish expressions: mostly well-formed items built from edge values, names, ranges and
        /// steps, with some junk and extensions mixed in, in 5 or 6 fields (now and then 4 or 7).
        /// </summary>
        private sealed class ExpressionGenerator
        {
            private static readonly string[] Months = { "JAN", "feb", "March", "Apr", "ju", "J", "M", "SEPT", "December", "Dec", "Junee", "Ja1" };
            private static readonly string[] Days = { "SUN", "mon", "Tuesday", "W", "Thurs", "F", "S", "Sa", "sunday", "Mondays", "Frid", "XYZ" };
            private static readonly string[] Junk =
            {
                "x", "L", "W", "?", "#", "H", "5L", "15W", "5#3", "LW", "L-2", "H(0-29)", "-", "-5", "+5", "1.5", "5x", "\t5", "5\t",
                "5\0", "5\0\t", "5\t\0", "5\n", "99999999999", "2147483647", "**", "*-*", "Jan.", "/", "*/", "", "0x1",
            };

            private static readonly string[] Steps = { "0", "1", "2", "3", "5", "7", "15", "-2", "+3", "59", "60", "100", "7\0", "7\t", "\t7" };

            private static readonly string[] BadSteps = { "2147483647", "2147483648", "-2147483648", "x", "", "5/2", "- 1", "1.5", "+-1" };

            // (min, max, names) of second, minute, hour, day-of-month, month, day-of-week.
            private static readonly (int Min, int Max, string[]? Names)[] Kinds =
            {
                (0, 59, null), (0, 59, null), (0, 23, null), (1, 31, null), (1, 12, Months), (0, 6, Days),
            };

            private ulong _state;

            public ExpressionGenerator(ulong seed)
            {
                _state = seed * 0x9E3779B97F4A7C15UL + 1;
            }

            public string Next()
            {
                var count = Pick(new[] { 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 4, 7 });
                var kinds = count == 6 ? Kinds : Kinds.Skip(1).ToArray();
                var fields = Enumerable.Range(0, count).Select(i => Field(kinds[Math.Min(i, kinds.Length - 1)]));
                var separator = Chance(10) ? "  " : " ";
                var expression = string.Join(separator, fields);
                return Chance(10) ? " " + expression + " " : expression;
            }

            private string Field((int Min, int Max, string[]? Names) kind)
            {
                var items = Enumerable.Range(0, Chance(75) ? 1 : 2 + Below(2)).Select(_ => Item(kind)).ToList();
                if (Chance(1))
                {
                    items.Insert(Below(items.Count + 1), "");
                }

                return string.Join(",", items);
            }

            private string Item((int Min, int Max, string[]? Names) kind)
            {
                var roll = Below(100);
                var values = roll < 30 ? "*"
                    : roll < 64 ? Value(kind)
                    : roll < 96 ? Value(kind) + "-" + Value(kind)
                    : Pick(Junk);
                return !Chance(30) ? values : values + "/" + (Chance(85) ? Pick(Steps) : Pick(BadSteps));
            }

            private string Value((int Min, int Max, string[]? Names) kind)
            {
                var roll = Below(100);
                if (roll < 15 && kind.Names is not null)
                {
                    return Pick(kind.Names);
                }

                if (roll < 25)
                {
                    // Edge values, and 7 for the day of the week.
                    var edge = Pick(new[] { kind.Min - 1, kind.Min, kind.Min, kind.Max, kind.Max, kind.Max + 1, 7, 0 });
                    return edge < 0 ? "-1" : edge.ToString(CultureInfo.InvariantCulture);
                }

                if (roll < 28)
                {
                    return "0" + kind.Max.ToString(CultureInfo.InvariantCulture);
                }

                return (kind.Min + Below(kind.Max - kind.Min + 1)).ToString(CultureInfo.InvariantCulture);
            }

            private T Pick<T>(IReadOnlyList<T> options) => options[Below(options.Count)];

            private bool Chance(int percent) => Below(100) < percent;

            // xorshift64*: fixed here so the sample never changes with the framework's Random.
            private int Below(int bound)
            {
                _state ^= _state >> 12;
                _state ^= _state << 25;
                _state ^= _state >> 27;
                return (int)((_state * 0x2545F4914F6CDD1DUL >> 33) % (ulong)bound);
            }
        }
    }
}
