using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Host;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;
using static Automations.Compiled.Hosting.Tests.Contract.ContractFlows;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    internal sealed partial class ContractFlows
    {
        [Flow("hot", Journal = JournalMode.None)]
        internal sealed partial class Hot : IFlow<Item>
        {
            private readonly Effects _e;

            public Hot(Effects e) => _e = e;

            [Action(1)]
            private void One(Item item) => _e.Add("hot:" + item.Id);
        }

        [Flow("coarse", Journal = JournalMode.Checkpoint)]
        internal sealed partial class Coarse : IFlow<Item>
        {
            private readonly Effects _e;

            public Coarse(Effects e) => _e = e;

            [Action(1)]
            private async ValueTask One(Item item)
            {
                _e.Add("one:" + item.Id);
                await _e.Gate("coarse:" + item.Id);
            }

            [Action(2)]
            private void Two(Item item) => _e.Add("two:" + item.Id);
        }
    }

    public abstract partial class HostedRunContract<TBackend>
        where TBackend : IJournalBackend, new()
    {
        [Fact]
        public async Task A_journal_none_flow_runs_in_memory_inside_the_start_and_leaves_no_run()
        {
            await using var host = await StartHostAsync(o => o.AddFlow<Hot>());
            var run = await host.Client.StartAsync<Hot>(new Item("h"));

            Assert.Equal(FlowStatus.Completed, run.Result!.Value.Status);
            Assert.Equal(new[] { "hot:h" }, Effects.Entries);
            Assert.Null(await host.Client.GetRunAsync(run.RunId));
        }

        [Fact]
        public async Task A_checkpoint_flow_commits_its_steps_at_the_end_and_a_pause_waits_for_that_end()
        {
            await using var host = await StartHostAsync(o => o.AddFlow<Coarse>());
            var run = await host.Client.StartAsync<Coarse>(new Item("c"));
            await WaitUntil(() => Effects.Entries.Contains("one:c"));
            await Task.Delay(100);
            Assert.Empty((await host.Client.GetRunAsync(run.RunId))!.Steps); // no commit between steps

            Assert.Equal(FlowStatus.Running, await host.Client.PauseAsync(run.RunId));
            Effects.Open("coarse:c");
            Assert.Equal(FlowStatus.Completed, await host.Client.UntilAsync(run.RunId, FlowStatus.Completed));
            Assert.Equal(new[] { "one", "two" }, (await host.Client.GetRunAsync(run.RunId))!.Steps.Select(s => s.StepId));
        }

        [Fact]
        public async Task Each_leg_is_an_activity_in_the_runs_trace_and_the_meter_counts_runs_and_legs()
        {
            var activities = new ConcurrentQueue<Activity>();
            using var listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == AutomationsTelemetry.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activities.Enqueue,
            };
            ActivitySource.AddActivityListener(listener);
            var measurements = new ConcurrentQueue<(string Name, long Value)>();
            using var meters = new MeterListener
            {
                InstrumentPublished = (instrument, l) =>
                {
                    if (instrument.Meter.Name == AutomationsTelemetry.Name)
                    {
                        l.EnableMeasurementEvents(instrument);
                    }
                },
            };
            meters.SetMeasurementEventCallback<long>((instrument, value, _, _) => measurements.Enqueue((instrument.Name, value)));
            meters.Start();

            await using var host = await StartHostAsync();
            var run = await host.Client.StartAsync<Waits>(new Item("t"));
            await host.Client.UntilAsync(run.RunId, FlowStatus.Waiting);
            await host.Client.RaiseEventAsync("go");
            await WaitUntil(async () => (await host.Client.GetRunAsync(run.RunId))!.Steps.Count(s => s.StepId == "decide") == 1);
            await host.Client.ApproveAsync(run.RunId, "maria");
            await host.Client.UntilAsync(run.RunId, FlowStatus.Completed);
            var traceId = (await host.Client.GetRunAsync(run.RunId))!.Run.TraceId;

            await WaitUntil(() => activities.Count(a => a.GetTagItem("run.id") as string == run.RunId.ToString()) == 3);
            var legs = activities.Where(a => a.GetTagItem("run.id") as string == run.RunId.ToString()).ToList();
            Assert.All(legs, a => Assert.Equal(traceId, a.TraceId.ToHexString()));
            Assert.All(legs, a => Assert.Equal("flow waits", a.DisplayName));
            Assert.Equal(new[] { "Waiting", "Waiting", "Completed" }, legs.Select(a => a.GetTagItem("run.status") as string));
            Assert.Contains(measurements, m => m.Name == "automations.runs.started");
            Assert.True(measurements.Count(m => m.Name == "automations.legs.ended") >= 3);
            Assert.Contains(measurements, m => m.Name == "automations.journal.commits");
        }
    }
}
