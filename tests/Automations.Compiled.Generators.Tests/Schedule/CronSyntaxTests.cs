using System;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Automations.Compiled.Schedule;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Automations.Compiled.Generators.Tests.Schedule
{
    /// <summary>What CronSyntax accepts, and for what it refuses: the exact message and the span it underlines.</summary>
    public class CronSyntaxTests
    {
        private const string Shape = "expected 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first";
        private const string Extension = ", a Quartz/Cronos extension that is not supported; ";

        [Theory]
        [InlineData("* * * * *")]
        [InlineData("0 9 * * 1-5")]
        [InlineData("*/15 * * * *")]
        [InlineData("0 0 1 1 *")]
        [InlineData("0 0 * * SUN")]
        [InlineData("0 0 * * sun-sat")]
        [InlineData("0 0 1 JAN-DEC *")]
        [InlineData("0 0 1 jan,Mar,DEC *")]
        [InlineData("0 0 1 January *")]
        [InlineData("0 30 9 * * MON-FRI")]
        [InlineData("59 59 23 31 12 6")]
        [InlineData("0 0 1-31/2 * *")]
        [InlineData("0,15,30,45 8-18 * * 1-5")]
        [InlineData("  0  0  *  *  *  ")]
        [InlineData("05 * * * *")]
        [InlineData("0 0 * * 1-5\n")] // an int.Parse number may end in white space
        [InlineData("5\t * * * *")]
        [InlineData("5\0 * * * *")] // and in NUL characters
        [InlineData("5/10 * * * *")] // 5 to 59 by 10
        [InlineData("5-1 * * * *")] // swapped to 1-5
        [InlineData("0 0 * * FRI-MON")] // swapped to MON-FRI, not wrapped
        [InlineData("*/0 * * * *")] // a step below 1 means 1
        [InlineData("*/-5 * * * *")]
        [InlineData("*/+5 * * * *")]
        [InlineData("1-5/-2 * * * *")]
        [InlineData("*/100 * * * *")]
        [InlineData("*/2147483647 * * * *")]
        [InlineData("* * * J *")] // a name is any prefix: J is January, Ju June, M March
        [InlineData("* * * Ju *")]
        [InlineData("* * * Sept *")]
        [InlineData("* * * * W")] // W is Wednesday, not Cronos' nearest weekday
        [InlineData("* * * * Thurs")]
        [InlineData("* * * Jan/2 *")]
        [InlineData("* * * 1-Jan *")]
        public void Accepts(string expression)
        {
            Assert.Null(CronSyntax.Check(expression));
        }

        [Theory]
        [InlineData("[|* * * *|]", Shape + ", found 4")]
        [InlineData("[|0 0 0 0 0 0 0 0|]", Shape + ", found 8")]
        [InlineData("[||]", Shape + ", found 0; for example \"0 9 * * 1-5\" runs at 09:00 on weekdays")]
        [InlineData("[|   |]", Shape + ", found 0; for example \"0 9 * * 1-5\" runs at 09:00 on weekdays")]
        [InlineData("[|0\t9\t*\t*\t*|]", Shape + ", found 1; separate fields with spaces (tabs and line breaks do not separate fields)")]
        [InlineData("[|0 0 12 * * MON 2025|]", Shape + ", found 7; a 7th (year) field is a Quartz extension and is not supported")]
        [InlineData("0 [|24|] * * *", "field 2 (hour): 24 is out of range 0-23")]
        [InlineData("* * * * [|7|]", "field 5 (day-of-week): 7 is out of range 0-6; use 0 for Sunday")]
        [InlineData("* * * * 1-[|7|]", "field 5 (day-of-week): 7 is out of range 0-6; use 0 for Sunday")]
        [InlineData("* * [|0|] * *", "field 3 (day-of-month): 0 is out of range 1-31")]
        [InlineData("* * * [|13|] *", "field 4 (month): 13 is out of range 1-12")]
        [InlineData("* * * JAN-[|13|] *", "field 4 (month): 13 is out of range 1-12")]
        [InlineData("[|60|] * * * * *", "field 1 (second): 60 is out of range 0-59")]
        [InlineData("0 [|60|] * * * *", "field 2 (minute): 60 is out of range 0-59")]
        [InlineData("5-[|70|] * * * *", "field 1 (minute): 70 is out of range 0-59")]
        [InlineData("[|070|]/5 * * * *", "field 1 (minute): 70 is out of range 0-59")]
        [InlineData("[|99999999999|] * * * *", "field 1 (minute): 99999999999 is out of range 0-59")]
        [InlineData("[|x|] * * * *", "field 1 (minute): 'x' is not a number; use a number in 0-59, *, a range a-b or a step such as */5")]
        [InlineData("[|5x|] * * * *", "field 1 (minute): '5x' is not a number; use a number in 0-59, *, a range a-b or a step such as */5")]
        [InlineData("[|-5|] * * * *", "field 1 (minute): '-5' is not a number; negative values are not allowed; use a number in 0-59, *, a range a-b or a step such as */5")]
        [InlineData("* * [|Mon|] * *", "field 3 (day-of-month): 'Mon' is not a number; use a number in 1-31, *, a range a-b or a step such as */5")]
        [InlineData("* * * [|Foo|] *", "field 4 (month): 'Foo' is not a month; use 1-12 or a month name JAN-DEC")]
        [InlineData("* * * * [|Mondays|]", "field 5 (day-of-week): 'Mondays' is not a day of the week; use 0-6 (0 is Sunday) or a day name SUN-SAT")]
        [InlineData("* * * * [|MON\t|]", "field 5 (day-of-week): 'MON\\t' is not a day of the week; it contains an invisible character (U+0009); remove it")]
        [InlineData("* * * * [|MO\u200BN|]", "field 5 (day-of-week): 'MO\\u200BN' is not a day of the week; it contains an invisible character (U+200B); remove it")]
        [InlineData("[|\t5|] * * * *", "field 1 (minute): '\\t5' is not a number; it contains an invisible character (U+0009); remove it")]
        [InlineData("1,[|,|]2 * * * *", "field 1 (minute): the list '1,,2' has an empty item; remove the extra comma")]
        [InlineData("1[|,|] * * * *", "field 1 (minute): the list '1,' has an empty item; remove the extra comma")]
        [InlineData("[|,|]1 * * * *", "field 1 (minute): the list ',1' has an empty item; remove the extra comma")]
        [InlineData("[|5-|] * * * *", "field 1 (minute): the range '5-' has no end; write it as start-end, e.g. 0-59")]
        [InlineData("[|/5|] * * * *", "field 1 (minute): '/5' has nothing before '/'; write */n for every n-th value or a-b/n within a range")]
        [InlineData("[|*/|] * * * *", "field 1 (minute): '*/' has no step after '/'; write a whole number, e.g. */5")]
        [InlineData("*/[|x|] * * * *", "field 1 (minute): the step 'x' is not a number; a step is a whole number, e.g. */5")]
        [InlineData("*/[|5/2|] * * * *", "field 1 (minute): the step '5/2' is not a number; only one '/' is allowed in an item")]
        [InlineData("*/[|99999999999|] * * * *", "field 1 (minute): the step 99999999999 is too large; a step above 59 selects only the start value, so use at most 59")]
        [InlineData("[|5/2147483647|] * * * *", "field 1 (minute): the step 2147483647 is too large for '5/2147483647'; a step above 59 selects only the start value, so use at most 59")]
        [InlineData("0 0 12 * * [|?|]", "field 6 (day-of-week): '?' uses '?' (no specific value)" + Extension + "write * instead")]
        [InlineData("0 0 * * [|5#3|]", "field 5 (day-of-week): '5#3' uses '#' (n-th weekday of the month)" + Extension + "combine a day-of-month range with the day of the week, e.g. 15-21 with 5 for the third Friday (both must match)")]
        [InlineData("0 0 [|L|] * *", "field 3 (day-of-month): 'L' uses 'L' (last day)" + Extension + "use fixed days instead, e.g. 1 for the first of the month")]
        [InlineData("0 0 * * [|5L|]", "field 5 (day-of-week): '5L' uses 'L' (last day)" + Extension + "use fixed days instead, e.g. 1 for the first of the month")]
        [InlineData("0 0 1,[|L-2|] * *", "field 3 (day-of-month): 'L-2' uses 'L' (last day)" + Extension + "use fixed days instead, e.g. 1 for the first of the month")]
        [InlineData("0 0 [|15W|] * *", "field 3 (day-of-month): '15W' uses 'W' (nearest weekday)" + Extension + "use a fixed day of the month with day-of-week 1-5")]
        [InlineData("[|H|] * * * *", "field 1 (minute): 'H' uses 'H' (hashed value)" + Extension + "pick a fixed value")]
        [InlineData("* * [|2/2147483647|] * *", "field 3 (day-of-month): the step 2147483647 is too large for '2/2147483647'; a step above 30 selects only the start value, so use at most 30")]
        [InlineData("[|H/15|] * * * *", "field 1 (minute): 'H/15' uses 'H' (hashed value)" + Extension + "pick a fixed value")]
        public void Refuses_with_a_message_and_the_span_of_the_problem(string markup, string message)
        {
            TestFileMarkupParser.GetSpan(markup, out var expression, out var span);
            var problem = CronSyntax.Check(expression);
            Assert.NotNull(problem);
            Assert.Equal(message, problem!.Message);
            Assert.Equal((span.Start, span.Length), (problem.Start, problem.Length));
        }

        [Theory]
        [InlineData("0 30 9 * * *", true)]
        [InlineData("30 9 * * *", false)]
        [InlineData("  0 30 9 * *  * ", true)]
        [InlineData("", false)]
        [InlineData("0 0 0 0 0 0 0", false)]
        public void Six_fields_carry_seconds(string expression, bool hasSeconds)
        {
            Assert.Equal(hasSeconds, CronSyntax.HasSeconds(expression));
        }

        [Fact]
        public void Null_is_reported_not_thrown()
        {
            var problem = CronSyntax.Check(null!);
            Assert.NotNull(problem);
            Assert.Equal((0, 0), (problem!.Start, problem.Length));
            Assert.False(CronSyntax.HasSeconds(null!));
        }

        [Fact]
        public void Never_throws_and_spans_stay_inside_the_expression()
        {
            // Characters that reach every branch: separators, digits, names, extensions, signs, control characters.
            const string Alphabet = " ,-/*0123456789LWH?#JanMONfri+\t\n\0\u200Bx";
            var random = new Random(20250101);
            for (var n = 0; n < 20000; n++)
            {
                var chars = new char[random.Next(0, 24)];
                for (var i = 0; i < chars.Length; i++)
                {
                    chars[i] = Alphabet[random.Next(Alphabet.Length)];
                }

                var expression = new string(chars);
                var problem = CronSyntax.Check(expression);
                if (problem is not null)
                {
                    Assert.InRange(problem.Start, 0, expression.Length);
                    Assert.InRange(problem.Length, 0, expression.Length - problem.Start);
                    Assert.False(string.IsNullOrEmpty(problem.Message));
                }
            }
        }
    }
}
