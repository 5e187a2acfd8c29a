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

        [Theory]
        [InlineData("* * * * *")]
        [InlineData("0 9 * * 1-5")]
        [InlineData("*/15 * * * *")]
        [InlineData("0 0 1 1 *")]
        [InlineData("0 0 * * SUN")]
        [InlineData("0 0 * * sun-sat")]
        [InlineData("0 0 1 JAN-DEC *")]
        [InlineData("0 0 1 jan,Mar,DEC *")]
        [InlineData("0 30 9 * * MON-FRI")]
        [InlineData("59 59 23 31 12 6")]
        [InlineData("0 0 1-31/2 * *")]
        [InlineData("0,15,30,45 8-18 * * 1-5")]
        [InlineData("  0  0  *  *  *  ")]
        [InlineData("05 * * * *")] // two digits, one of them a leading zero
        [InlineData("5\t * * * *")] // a tab separates fields, as a space does
        [InlineData("\t0\t9\t*\t*\t*\t")]
        [InlineData("5/10 * * * *")] // 5 to 59 by 10
        [InlineData("5-1 * * * *")] // wraps around: 5 to 59, then 0 and 1
        [InlineData("0 22-2 * * *")]
        [InlineData("0 0 * * FRI-MON")] // Friday to Monday
        [InlineData("0 0 1 NOV-FEB *")]
        [InlineData("* * * * 7")] // Sunday, like 0
        [InlineData("* * * * 0-7")]
        [InlineData("*/59 * * * *")]
        [InlineData("* * * */12 *")]
        [InlineData("* * * * */7")]
        [InlineData("* * * Jan/2 *")]
        [InlineData("* * * 1-Jan *")]
        [InlineData("0 0 ? * MON")] // ? is * in any field
        [InlineData("? ? ? ? ? ?")]
        [InlineData("?/5 * * * *")]
        [InlineData("0 0 L * *")] // the last day of the month
        [InlineData("0 0 l * *")]
        [InlineData("0 0 L-3 * *")]
        [InlineData("0 0 L-30 * *")]
        [InlineData("0 0 LW * *")]
        [InlineData("0 0 L-3w * *")]
        [InlineData("0 0 15W * *")] // the weekday nearest the 15th
        [InlineData("0 0 1w * *")]
        [InlineData("0 0 * * 5L")] // the last Friday
        [InlineData("0 0 * * FRIL")]
        [InlineData("0 0 * * 7l")]
        [InlineData("0 0 * * 5#3")] // the third Friday
        [InlineData("0 0 * * fri#5")]
        [InlineData("H * * * *")] // hashed from the jitter seed a schedule trigger has
        [InlineData("H/15 H H/2 H H H")]
        [InlineData("* * H/28 * *")]
        [InlineData("@daily")]
        [InlineData("\t @Every_Second\t")]
        public void Accepts(string expression)
        {
            Assert.Null(CronSyntax.Check(expression));
        }

        [Theory]
        [InlineData("[|* * * *|]", Shape + ", found 4")]
        [InlineData("[|0 0 0 0 0 0 0 0|]", Shape + ", found 8")]
        [InlineData("[||]", Shape + ", found 0; for example \"0 9 * * 1-5\" runs at 09:00 on weekdays")]
        [InlineData("[|   |]", Shape + ", found 0; for example \"0 9 * * 1-5\" runs at 09:00 on weekdays")]
        [InlineData("[|0\n9\n*\n*\n*|]", Shape + ", found 1; separate fields with spaces or tabs (line breaks and other white space do not separate fields)")]
        [InlineData("[|0 0 12 * * MON 2025|]", Shape + ", found 7; a 7th (year) field is a Quartz extension and is not supported")]
        [InlineData("0 [|24|] * * *", "field 2 (hour): 24 is out of range 0-23")]
        [InlineData("* * * * [|8|]", "field 5 (day-of-week): 8 is out of range 0-7 (0 and 7 are Sunday)")]
        [InlineData("* * * * 1-[|8|]", "field 5 (day-of-week): 8 is out of range 0-7 (0 and 7 are Sunday)")]
        [InlineData("* * [|0|] * *", "field 3 (day-of-month): 0 is out of range 1-31")]
        [InlineData("* * * [|13|] *", "field 4 (month): 13 is out of range 1-12")]
        [InlineData("* * * JAN-[|13|] *", "field 4 (month): 13 is out of range 1-12")]
        [InlineData("[|60|] * * * * *", "field 1 (second): 60 is out of range 0-59")]
        [InlineData("0 [|60|] * * * *", "field 2 (minute): 60 is out of range 0-59")]
        [InlineData("5-[|70|] * * * *", "field 1 (minute): 70 is out of range 0-59")]
        [InlineData("[|070|]/5 * * * *", "field 1 (minute): 70 is out of range 0-59")]
        [InlineData("[|005|] * * * *", "field 1 (minute): '005' has too many digits; write 5 (numbers have at most two)")]
        [InlineData("[|99999999999|] * * * *", "field 1 (minute): 99999999999 is out of range 0-59")]
        [InlineData("[|x|] * * * *", "field 1 (minute): 'x' is not a number; use a number in 0-59, *, a range a-b or a step such as */5")]
        [InlineData("[|5x|] * * * *", "field 1 (minute): '5x' is not a number; use a number in 0-59, *, a range a-b or a step such as */5")]
        [InlineData("[|-5|] * * * *", "field 1 (minute): '-5' is not a number; negative values are not allowed; use a number in 0-59, *, a range a-b or a step such as */5")]
        [InlineData("* * [|Mon|] * *", "field 3 (day-of-month): 'Mon' is not a number; use a number in 1-31, *, a range a-b, a step such as */5, L (the last day) or 15W (the nearest weekday)")]
        [InlineData("* * * [|Foo|] *", "field 4 (month): 'Foo' is not a month; use 1-12 or a month name JAN-DEC")]
        [InlineData("* * * [|Ju|] *", "field 4 (month): 'Ju' is not a month; use 1-12 or a month name JAN-DEC")]
        [InlineData("0 0 1 [|January|] *", "field 4 (month): 'January' is not a month; names have three letters: write JAN")]
        [InlineData("* * * * [|Mondays|]", "field 5 (day-of-week): 'Mondays' is not a day of the week; names have three letters: write MON")]
        [InlineData("* * * * MON-[|Fri\n|]", "field 5 (day-of-week): 'Fri\\n' is not a day of the week; it contains an invisible character (U+000A); remove it")]
        [InlineData("* * * * [|MO\u200BN|]", "field 5 (day-of-week): 'MO\\u200BN' is not a day of the week; it contains an invisible character (U+200B); remove it")]
        [InlineData("* * * * [|\u0130|]", "field 5 (day-of-week): '\u0130' is not a day of the week; use 0-7 (0 and 7 are Sunday) or a day name SUN-SAT")]
        [InlineData("0 9 * * *[|\0|]", "the expression contains a NUL character (U+0000) at position 9; remove it (Cronos would stop reading there and ignore the rest)")]
        [InlineData("1,[|,|]2 * * * *", "field 1 (minute): the list '1,,2' has an empty item; remove the extra comma")]
        [InlineData("1[|,|] * * * *", "field 1 (minute): the list '1,' has an empty item; remove the extra comma")]
        [InlineData("[|,|]1 * * * *", "field 1 (minute): the list ',1' has an empty item; remove the extra comma")]
        [InlineData("[|5-|] * * * *", "field 1 (minute): the range '5-' has no end; write it as start-end, e.g. 0-59")]
        [InlineData("[|/5|] * * * *", "field 1 (minute): '/5' has nothing before '/'; write */n for every n-th value or a-b/n within a range")]
        [InlineData("[|*/|] * * * *", "field 1 (minute): '*/' has no step after '/'; write a whole number, e.g. */5")]
        [InlineData("*/[|x|] * * * *", "field 1 (minute): the step 'x' is not a number; a step is a whole number, e.g. */5")]
        [InlineData("1/[|5/2|] * * * *", "field 1 (minute): the step '5/2' is not a number; only one '/' is allowed in an item")]
        [InlineData("*/[|5,10|] * * * *", "field 1 (minute): the step '5,10' is not a number; a list cannot follow a step of * or H")]
        [InlineData("*/[|0|] * * * *", "field 1 (minute): the step 0 is out of range 1-59")]
        [InlineData("*/[|60|] * * * *", "field 1 (minute): the step 60 is out of range 1-59")]
        [InlineData("*/[|-5|] * * * *", "field 1 (minute): the step '-5' is not a number; a step is a whole number, e.g. */5")]
        [InlineData("*/[|99999999999|] * * * *", "field 1 (minute): the step 99999999999 is out of range 1-59")]
        [InlineData("0 */[|24|] * * *", "field 2 (hour): the step 24 is out of range 1-23")]
        [InlineData("[|*,5|] * * * *", "field 1 (minute): '*' means every value and takes the whole field: write *, */n for every n-th value, or a list of values without it")]
        [InlineData("5,[|*/7|] * * * *", "field 1 (minute): '*/7' is not valid here: '*' (every value) takes the whole field, not a place in a list")]
        [InlineData("0 0 1,[|L|] * *", "field 3 (day-of-month): 'L' is not valid here: 'L' (last day of the month) takes the whole field, as L, L-3, LW or L-3W")]
        [InlineData("0 0 [|L,15|] * *", "field 3 (day-of-month): 'L,15' is not valid: 'L' (last day of the month) takes the whole field, as L, L-3 (three days before it), LW or L-3W (the nearest weekday)")]
        [InlineData("0 0 L-[|31|] * *", "field 3 (day-of-month): L-31 is out of range: L-n counts back from the last day by 0 to 30 days")]
        [InlineData("0 0 [|L-|] * *", "field 3 (day-of-month): 'L-' needs a number of days after 'L-', from 0 to 30, e.g. L-3 for three days before the last day")]
        [InlineData("0 0 [|15W,1|] * *", "field 3 (day-of-month): '15W,1' is not valid: 'W' (nearest weekday) takes a single day and the whole field, e.g. 15W")]
        [InlineData("0 0 [|1-15W|] * *", "field 3 (day-of-month): '1-15W' is not valid here: 'W' (nearest weekday) follows a single day and takes the whole field, e.g. 15W")]
        [InlineData("0 0 [|32|]W * *", "field 3 (day-of-month): 32 is out of range 1-31")]
        [InlineData("0 0 * * [|15W|]", "field 5 (day-of-week): '15W' is not a day of the week; 'W' (nearest weekday) belongs in day-of-month (15W, LW)")]
        [InlineData("0 0 * * [|L|]", "field 5 (day-of-week): 'L' is not valid here: 'L' (the last such day of the month) follows a single day and takes the whole field, e.g. 5L for the last Friday")]
        [InlineData("0 0 * * 1,[|5L|]", "field 5 (day-of-week): '5L' is not valid here: 'L' (the last such day of the month) follows a single day and takes the whole field, e.g. 5L for the last Friday")]
        [InlineData("0 0 [|L|] * * *", "field 3 (hour): 'L' is not a number; 'L' (last) belongs in day-of-month (L, L-3, LW) or day-of-week (5L)")]
        [InlineData("0 0 * * 5#[|6|]", "field 5 (day-of-week): #6 is out of range: the week of the month is 1 to 5")]
        [InlineData("0 0 * * [|5#|]", "field 5 (day-of-week): '5#' needs the week after '#', from 1 to 5, e.g. 5#3 for the third Friday of the month")]
        [InlineData("0 0 * * [|5#3,1|]", "field 5 (day-of-week): '5#3,1' is not valid: '#' (the n-th day of the week in the month, e.g. 5#3) takes the whole field")]
        [InlineData("0 0 * * [|1-5#3|]", "field 5 (day-of-week): '1-5#3' is not valid here: '#' (the n-th day of the week in the month) follows a single day and takes the whole field, e.g. 5#3")]
        [InlineData("0 0 [|5#3|] * *", "field 3 (day-of-month): '5#3' is not a number; '#' (the n-th day of the week in the month, e.g. 5#3) belongs in the day-of-week field")]
        [InlineData("[|H(0-29)|] * * * *", "field 1 (minute): 'H(0-29)' is not valid: 'H' (a hashed value) takes the whole field, as H or H/n (Cronos has no H(a-b))")]
        [InlineData("5,[|H|] * * * *", "field 1 (minute): 'H' is not valid here: 'H' (a hashed value) takes the whole field, not a place in a list")]
        [InlineData("[|h|] * * * *", "field 1 (minute): 'h' is not a number; a hashed value is written with a capital H")]
        [InlineData("* * H/[|29|] * *", "field 3 (day-of-month): the step 29 is out of range 1-28")]
        public void Refuses_with_a_message_and_the_span_of_the_problem(string markup, string message)
        {
            TestFileMarkupParser.GetSpan(markup, out var expression, out var span);
            var problem = CronSyntax.Check(expression);
            Assert.NotNull(problem);
            Assert.Equal(message, problem!.Message);
            Assert.Equal((span.Start, span.Length), (problem.Start, problem.Length));
        }

        [Theory]
        [InlineData("[|H|] * * * *", "field 1 (minute): 'H' needs a jitter seed, and none was given: 'H' is a value hashed from it; a schedule trigger is seeded from its flow id, CronSchedule.Parse takes one as jitterSeed, or pick a fixed value")]
        [InlineData("0 0 [|H/15|] * *", "field 3 (day-of-month): 'H/15' needs a jitter seed, and none was given: 'H' is a value hashed from it; a schedule trigger is seeded from its flow id, CronSchedule.Parse takes one as jitterSeed, or pick a fixed value")]
        public void Without_a_jitter_seed_H_is_refused(string markup, string message)
        {
            TestFileMarkupParser.GetSpan(markup, out var expression, out var span);
            var problem = CronSyntax.Check(expression, hasJitterSeed: false);
            Assert.NotNull(problem);
            Assert.Equal(message, problem!.Message);
            Assert.Equal((span.Start, span.Length), (problem.Start, problem.Length));
            Assert.Null(CronSyntax.Check(expression, hasJitterSeed: true));
        }

        [Theory]
        [InlineData("@hourly", false, "0 * * * *")]
        [InlineData(" \t@HOURLY\t", false, "0 * * * *")]
        [InlineData("@hourly", true, "H H * * * *")]
        [InlineData("@daily", true, "H H H * * *")]
        [InlineData("@every_second", true, "* * * * * *")]
        [InlineData("@da\u0131ly", false, null)] // a dotless i is not an ASCII i, for Cronos
        [InlineData("@daily x", false, null)]
        [InlineData("0 0 * * *", false, null)]
        public void Macros_expand_to_their_fields(string expression, bool hashed, string? cron)
        {
            Assert.Equal(cron, CronSyntax.ExpandMacro(expression, hashed));
        }

        [Theory]
        [InlineData("0 9 * * *", false)]
        [InlineData("0 0,30 1 * 1/2 *", false)]
        [InlineData("H H * * *", false)]
        [InlineData("0 * * * *", true)]
        [InlineData("0 ? * * *", true)]
        [InlineData("H/5 9 * * *", true)]
        [InlineData("0 22-2 * * *", true)]
        [InlineData("0 0 9 L * *", false)]
        public void Interval_expressions_have_a_star_a_range_or_a_step_in_a_time_field(string expression, bool interval)
        {
            Assert.Equal(interval, CronSyntax.IsInterval(expression));
        }

        [Theory]
        [InlineData("0 30 9 * * *", true)]
        [InlineData("30 9 * * *", false)]
        [InlineData("  0 30 9 * *  * ", true)]
        [InlineData("0\t30\t9 * * *", true)]
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
            const string Alphabet = " ,-/*0123456789LWH?#JanMONfri+\t\n\0\u200Bxlwh@";
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
