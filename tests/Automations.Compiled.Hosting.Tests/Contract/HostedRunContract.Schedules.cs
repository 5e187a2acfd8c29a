using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Host;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;
using static Automations.Compiled.Hosting.Tests.Contract.ContractFlows;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    internal sealed partial class ContractFlows
    {
        internal static void Tick(Effects effects, string flow, FlowTrigger trigger)
        {
            var payload = (JsonElement)trigger.Payload!;
            effects.Add($"{flow}:{payload.GetProperty("scheduledAt").GetDateTimeOffset():HH:mm}{(payload.GetProperty("catchUp").GetBoolean() ? " late" : "")}");
        }

        [Flow("hourly-none")]
        [ScheduleTrigger("0 * * * *", CatchUp = CatchUp.None)]
        internal sealed partial class HourlyNone
        {
            private readonly Effects _e;

            public HourlyNone(Effects e) => _e = e;

            [Action(1)]
            private void Run(FlowTrigger trigger) => Tick(_e, "none", trigger);
        }

        [Flow("hourly-one")]
        [ScheduleTrigger("0 * * * *", CatchUp = CatchUp.One)]
        internal sealed partial class HourlyOne
        {
            private readonly Effects _e;

            public HourlyOne(Effects e) => _e = e;

            [Action(1)]
            private void Run(FlowTrigger trigger) => Tick(_e, "one", trigger);
        }

        [Flow("hourly-all")]
        [ScheduleTrigger("0 * * * *", CatchUp = CatchUp.All)]
        internal sealed partial class HourlyAll
        {
            private readonly Effects _e;

            public HourlyAll(Effects e) => _e = e;

            [Action(1)]
            private void Run(FlowTrigger trigger) => Tick(_e, "all", trigger);
        }
    }

    /// <summary>SPEC §6 schedules through the host, on a clock the test moves: on time, across a restart, after downtime.</summary>
    public abstract partial class HostedRunContract<TBackend>
        where TBackend : IJournalBackend, new()
    {
        private static readonly DateTimeOffset HalfPastNine = new(2025, 3, 3, 9, 30, 0, TimeSpan.Zero);

        private Task<TestHost> StartScheduleHostAsync(ManualClock clock)
            => StartTestHostAsync(o =>
            {
                o.TimeProvider = clock;
                o.AddFlow<HourlyNone>().AddFlow<HourlyOne>().AddFlow<HourlyAll>();
            });

        private async Task SchedulesStoredAsync(TestHost host, DateTimeOffset next)
        {
            var journal = await host.Services.GetJournalAsync();
            await WaitUntil(async () => (await journal.ListSchedulesAsync()).Count(s => s.NextAt == next) == 3);
        }

        [Fact]
        public async Task An_occurrence_fires_once_on_time_and_a_restart_between_two_neither_skips_nor_repeats()
        {
            var clock = new ManualClock(HalfPastNine);
            await using (var host = await StartScheduleHostAsync(clock))
            {
                await SchedulesStoredAsync(host, HalfPastNine.AddMinutes(30));
                clock.Advance(TimeSpan.FromMinutes(30.5)); // 10:00:30
                await WaitUntil(() => Effects.Entries.Count == 3);
                clock.Advance(TimeSpan.FromMinutes(30)); // 10:30:30
                await Task.Delay(300);
                Assert.Equal(new[] { "all:10:00", "none:10:00", "one:10:00" }, Effects.Entries.OrderBy(e => e));
            }

            clock.Advance(TimeSpan.FromMinutes(15)); // 10:45:30, a new host
            await using (var host = await StartScheduleHostAsync(clock))
            {
                await Task.Delay(300);
                Assert.Equal(3, Effects.Entries.Count);
                clock.Advance(TimeSpan.FromMinutes(15)); // 11:00:30
                await WaitUntil(() => Effects.Entries.Count == 6);
                await Task.Delay(300);
            }

            Assert.Equal(new[] { "all:10:00", "all:11:00", "none:10:00", "none:11:00", "one:10:00", "one:11:00" }, Effects.Entries.OrderBy(e => e));
        }

        [Fact]
        public async Task Occurrences_missed_while_no_host_ran_follow_each_flows_catch_up_setting()
        {
            var clock = new ManualClock(HalfPastNine);
            await using (var host = await StartScheduleHostAsync(clock))
            {
                await SchedulesStoredAsync(host, HalfPastNine.AddMinutes(30));
            }

            clock.Advance(TimeSpan.FromHours(4) + TimeSpan.FromMinutes(40)); // 14:10: 10:00 to 14:00 were missed
            await using (var host = await StartScheduleHostAsync(clock))
            {
                await WaitUntil(() => Effects.Entries.Count == 6);
                await Task.Delay(300);
                await SchedulesStoredAsync(host, HalfPastNine.AddHours(5).AddMinutes(30));
            }

            Assert.Equal(
                new[] { "all:10:00 late", "all:11:00 late", "all:12:00 late", "all:13:00 late", "all:14:00 late", "one:14:00 late" },
                Effects.Entries.OrderBy(e => e));
        }
    }
}
