using System;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Host
{
    /// <summary>The jitter seed a schedule trigger's <c>H</c> is hashed from: its flow's id, the same on every host and run.</summary>
    public class ScheduleJitterSeedTests
    {
        [Fact]
        public void The_seed_is_a_stable_hash_of_the_flow_id()
        {
            // FNV-1a over the UTF-16 code units: pinned, since a change would move every hashed schedule.
            Assert.Equal(1648996491, FlowScheduler.JitterSeed("nightly-report"));
            Assert.Equal(unchecked((int)2166136261u), FlowScheduler.JitterSeed(""));
            Assert.NotEqual(FlowScheduler.JitterSeed("report-a"), FlowScheduler.JitterSeed("report-b"));
        }

        [Fact]
        public void Flows_with_the_same_hashed_expression_run_at_their_own_times()
        {
            var from = new DateTimeOffset(2025, 3, 3, 0, 0, 0, TimeSpan.Zero);
            var a = CronSchedule.Parse("H H * * *", "Europe/Paris", FlowScheduler.JitterSeed("report-a")).GetNextOccurrence(from);
            var b = CronSchedule.Parse("H H * * *", "Europe/Paris", FlowScheduler.JitterSeed("report-b")).GetNextOccurrence(from);
            var again = CronSchedule.Parse("H H * * *", "Europe/Paris", FlowScheduler.JitterSeed("report-a")).GetNextOccurrence(from);

            Assert.NotEqual(a, b);
            Assert.Equal(a, again);
        }
    }
}
