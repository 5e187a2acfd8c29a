using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Host;
using Automations.Compiled.Hosting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit;
using static Automations.Compiled.Hosting.Tests.Contract.ContractFlows;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    internal sealed partial class ContractFlows
    {
        public sealed record Item(string Id);

        [Flow("three-steps")]
        internal sealed partial class ThreeSteps : IFlow<Item>
        {
            private readonly Effects _e;

            public ThreeSteps(Effects e) => _e = e;

            [Action(1)]
            private string Reserve(Item item)
            {
                _e.Add("reserve:" + item.Id);
                return "r-" + item.Id;
            }

            [Action(2)]
            private void Charge(Item item, StepContext step)
            {
                if (_e.Failing.ContainsKey("charge"))
                {
                    throw new InvalidOperationException("card declined for " + item.Id);
                }

                _e.Add($"charge:{item.Id}:{step.IdempotencyKey}");
            }

            [Action(3)]
            private string Ship(Item item, [FromStep(nameof(Reserve))] string reservation)
            {
                _e.Add("ship:" + item.Id);
                return "shipped " + reservation;
            }
        }

        [Flow("gated")]
        internal sealed partial class Gated : IFlow<Item>
        {
            private readonly Effects _e;

            public Gated(Effects e) => _e = e;

            [Action(1)]
            private async ValueTask First(Item item)
            {
                _e.Add("first:" + item.Id);
                await _e.Gate("first:" + item.Id);
            }

            [Action(2)]
            private void Second(Item item) => _e.Add("second:" + item.Id);
        }

        [Flow("waits")]
        internal sealed partial class Waits : IFlow<Item>
        {
            private readonly Effects _e;

            public Waits(Effects e) => _e = e;

            [Wait(1, Event = "go", TimeoutSeconds = 3600)]
            partial void AwaitGo();

            [Action(1, Parent = nameof(AwaitGo), On = Endpoints.Event)]
            private void Got(Item item, [FromStep(nameof(AwaitGo))] object? payload) => _e.Add($"got:{item.Id}:{payload}");

            [Approval(2, Roles = new[] { "manager" })]
            partial void Decide();

            [Action(1, Parent = nameof(Decide), On = Endpoints.Approved)]
            private void Approved(Item item, [FromStep(nameof(Decide))] ApprovalDecision decision) => _e.Add($"approved:{item.Id}:{decision.By}");

            [Action(1, Parent = nameof(Decide), On = Endpoints.Rejected)]
            private void Rejected(Item item) => _e.Add("rejected:" + item.Id);
        }

        [Flow("nap")]
        internal sealed partial class Nap
        {
            private readonly Effects _e;

            public Nap(Effects e) => _e = e;

            [Wait(1, Seconds = 1.5)] // long enough that a busy CI machine still sees the run waiting first
            partial void Sleep();

            [Action(2)]
            private void After() => _e.Add("after-nap");
        }
    }

    /// <summary>Runs through a real generic host on a real journal file: the worker pool, the client, the operators' verbs.</summary>
    public abstract partial class HostedRunContract<TBackend> : HostTest<TBackend>
        where TBackend : IJournalBackend, new()
    {
        private Task<TestHost> StartHostAsync(Action<AutomationsOptions>? more = null, Action<IServiceCollection>? services = null)
            => StartTestHostAsync(o =>
            {
                o.AddFlow<ThreeSteps>().AddFlow<Gated>().AddFlow<Waits>().AddFlow<Nap>();
                more?.Invoke(o);
            }, services);

        [Fact]
        public async Task A_started_run_commits_each_step_with_its_output_and_completes()
        {
            await using var host = await StartHostAsync();
            var run = await host.Client.StartAsync<ThreeSteps>(new Item("a"));

            Assert.True(run.Created);
            Assert.Equal(FlowStatus.Completed, await host.Client.UntilAsync(run.RunId, FlowStatus.Completed));
            var details = (await host.Client.GetRunAsync(run.RunId))!;
            Assert.Equal(new[] { "reserve", "charge", "ship" }, details.Steps.Select(s => s.StepId));
            Assert.Equal("\"r-a\"", Encoding.UTF8.GetString(details.Steps[0].Output!));
            Assert.Null(details.Steps[1].Output);
            Assert.Equal("\"shipped r-a\"", Encoding.UTF8.GetString(details.Steps[2].Output!));
            Assert.Equal(new[] { "reserve:a", $"charge:a:{run.RunId:N}:charge", "ship:a" }, Effects.Entries);
            Assert.Equal(32, details.Run.TraceId.Length);

            var flows = await ((IRunJournal)await host.Services.GetRequiredService<JournalHolder>().GetAsync(default)).ListFlowsAsync();
            var stats = flows.Single(f => f.FlowId == "three-steps");
            Assert.Equal(1, stats.RunCount);
            Assert.NotNull(stats.LastRunAt);
        }

        [Fact]
        public async Task Thirty_two_concurrent_starts_with_one_key_make_one_run_that_runs_once()
        {
            await using var host = await StartHostAsync();
            var starts = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => host.Client.StartAsync<ThreeSteps>(new Item("k"), new FlowStartOptions { IdempotencyKey = "order-k" }))));

            var runId = Assert.Single(starts.Select(s => s.RunId).Distinct());
            Assert.Equal(1, starts.Count(s => s.Created));
            Assert.Equal(FlowStatus.Completed, await host.Client.UntilAsync(runId, FlowStatus.Completed));
            await Task.Delay(200);
            Assert.Equal(1, Effects.Count("reserve:k"));
            Assert.Equal(1, Effects.Count("ship:k"));
            Assert.Single((await host.Client.ListRunsAsync(new RunQuery { FlowId = "three-steps" })).Runs);
        }

        [Fact]
        public async Task Input_of_the_wrong_type_or_an_unknown_flow_is_refused_before_anything_is_written()
        {
            await using var host = await StartHostAsync();
            var wrong = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.StartAsync("three-steps", "not an item"));
            Assert.Contains("takes a Item input, not a String", wrong.Message, StringComparison.Ordinal);
            var missing = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.StartAsync("nope"));
            Assert.Contains("Flow 'nope' is not hosted", missing.Message, StringComparison.Ordinal);
            Assert.Empty((await host.Client.ListRunsAsync(new RunQuery())).Runs);
        }

        [Fact]
        public async Task A_timer_wakes_a_waiting_run_on_time()
        {
            await using var host = await StartHostAsync();
            var run = await host.Client.StartAsync<Nap>();
            Assert.Equal(FlowStatus.Waiting, await host.Client.UntilAsync(run.RunId, FlowStatus.Waiting));
            Assert.Empty(Effects.Entries);

            Assert.Equal(FlowStatus.Completed, await host.Client.UntilAsync(run.RunId, FlowStatus.Completed));
            Assert.Equal(new[] { "after-nap" }, Effects.Entries);
            var steps = (await host.Client.GetRunAsync(run.RunId))!.Steps;
            Assert.Contains(steps, s => s.StepId == "sleep" && s.Endpoint == "elapsed");
        }

        [Fact]
        public async Task An_event_resumes_every_run_waiting_for_it_once_and_an_approval_decides_the_rest()
        {
            await using var host = await StartHostAsync();
            var one = await host.Client.StartAsync<Waits>(new Item("1"));
            var two = await host.Client.StartAsync<Waits>(new Item("2"));
            await host.Client.UntilAsync(one.RunId, FlowStatus.Waiting);
            await host.Client.UntilAsync(two.RunId, FlowStatus.Waiting);

            Assert.Equal(2, await host.Client.RaiseEventAsync("go", "pay-7"));
            Assert.Equal(0, await host.Client.RaiseEventAsync("go", "again")); // nobody waits for it any more
            await WaitUntil(() => Effects.Entries.Count == 2);
            Assert.Equal(new[] { "got:1:pay-7", "got:2:pay-7" }, Effects.Entries.OrderBy(e => e));

            // Now both wait for an approval (each run on its own: the second may reach its approval after the first).
            await WaitUntil(async () => (await host.Client.GetRunAsync(one.RunId))!.Steps.Any(s => s.StepId == "decide"));
            await WaitUntil(async () => (await host.Client.GetRunAsync(two.RunId))!.Steps.Any(s => s.StepId == "decide"));
            await host.Client.ApproveAsync(one.RunId, "maria");
            await host.Client.RejectAsync(two.RunId, "omar", "no");
            Assert.Equal(FlowStatus.Completed, await host.Client.UntilAsync(one.RunId, FlowStatus.Completed));
            Assert.Equal(FlowStatus.Completed, await host.Client.UntilAsync(two.RunId, FlowStatus.Completed));
            Assert.Contains("approved:1:maria", Effects.Entries);
            Assert.Contains("rejected:2", Effects.Entries);

            var late = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.ApproveAsync(one.RunId, "maria"));
            Assert.Contains("does not wait for an approval", late.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_signal_goes_to_one_run_and_only_for_the_event_it_waits_for()
        {
            await using var host = await StartHostAsync();
            var one = await host.Client.StartAsync<Waits>(new Item("1"));
            var two = await host.Client.StartAsync<Waits>(new Item("2"));
            await host.Client.UntilAsync(one.RunId, FlowStatus.Waiting);
            await host.Client.UntilAsync(two.RunId, FlowStatus.Waiting);

            Assert.False(await host.Client.SignalAsync(one.RunId, "other"));
            Assert.True(await host.Client.SignalAsync(one.RunId, "go", new { amount = 3 }));
            await WaitUntil(() => Effects.Entries.Count == 1);
            Assert.Equal("got:1:{\"amount\":3}", Assert.Single(Effects.Entries));
        }

        [Fact]
        public async Task Pausing_a_running_run_takes_effect_at_the_next_step_and_resuming_goes_on_from_there()
        {
            await using var host = await StartHostAsync();
            var run = await host.Client.StartAsync<Gated>(new Item("p"));
            await WaitUntil(() => Effects.Entries.Contains("first:p"));

            Assert.Equal(FlowStatus.Running, await host.Client.PauseAsync(run.RunId));
            Effects.Open("first:p");
            Assert.Equal(FlowStatus.Paused, await host.Client.UntilAsync(run.RunId, FlowStatus.Paused));
            await Task.Delay(300);
            Assert.DoesNotContain("second:p", Effects.Entries);

            Assert.Equal(FlowStatus.Running, await host.Client.ResumeAsync(run.RunId));
            Assert.Equal(FlowStatus.Completed, await host.Client.UntilAsync(run.RunId, FlowStatus.Completed));
            Assert.Equal(new[] { "first:p", "second:p" }, Effects.Entries);
        }

        [Fact]
        public async Task A_paused_waiting_run_ignores_its_event_until_resumed()
        {
            await using var host = await StartHostAsync();
            var run = await host.Client.StartAsync<Waits>(new Item("w"));
            await host.Client.UntilAsync(run.RunId, FlowStatus.Waiting);

            Assert.Equal(FlowStatus.Paused, await host.Client.PauseAsync(run.RunId));
            Assert.Equal(1, await host.Client.RaiseEventAsync("go", "x"));
            await Task.Delay(300);
            Assert.Empty(Effects.Entries);

            Assert.Equal(FlowStatus.Waiting, await host.Client.ResumeAsync(run.RunId));
            await WaitUntil(() => Effects.Entries.Contains("got:w:x"));
        }

        [Fact]
        public async Task Cancel_ends_a_waiting_run_at_once_and_a_running_one_at_its_next_step()
        {
            await using var host = await StartHostAsync();
            var waiting = await host.Client.StartAsync<Waits>(new Item("c1"));
            await host.Client.UntilAsync(waiting.RunId, FlowStatus.Waiting);
            Assert.Equal(FlowStatus.Cancelled, await host.Client.CancelAsync(waiting.RunId));
            Assert.Equal(0, await host.Client.RaiseEventAsync("go"));

            var running = await host.Client.StartAsync<Gated>(new Item("c2"));
            await WaitUntil(() => Effects.Entries.Contains("first:c2"));
            Assert.Equal(FlowStatus.Running, await host.Client.CancelAsync(running.RunId));
            Effects.Open("first:c2");
            Assert.Equal(FlowStatus.Cancelled, await host.Client.UntilAsync(running.RunId, FlowStatus.Cancelled));
            Assert.DoesNotContain("second:c2", Effects.Entries);
            await Assert.ThrowsAsync<RunTransitionException>(() => host.Client.PauseAsync(running.RunId));
        }

        [Fact]
        public async Task A_failed_run_is_a_dead_letter_and_a_retry_goes_on_from_the_failed_step()
        {
            await using var host = await StartHostAsync();
            Effects.Failing["charge"] = true;
            var run = await host.Client.StartAsync<ThreeSteps>(new Item("f"));
            Assert.Equal(FlowStatus.Failed, await host.Client.UntilAsync(run.RunId, FlowStatus.Failed));

            var dead = Assert.Single((await host.Client.ListRunsAsync(RunQuery.DeadLetters())).Runs);
            Assert.Equal(run.RunId, dead.RunId);
            Assert.Equal("charge", dead.Error!.StepId);
            Assert.Contains("card declined for f", dead.Error.Message, StringComparison.Ordinal);

            Effects.Failing.Clear();
            await host.Client.RetryAsync(run.RunId);
            Assert.Equal(FlowStatus.Completed, await host.Client.UntilAsync(run.RunId, FlowStatus.Completed));
            Assert.Equal(1, Effects.Count("reserve:f")); // not run again: it was committed before the failure
            Assert.Equal(1, Effects.Count("ship:f"));
            var steps = (await host.Client.GetRunAsync(run.RunId))!.Steps;
            Assert.Equal(new[] { "reserve", "charge", "charge", "ship" }, steps.Select(s => s.StepId));
            Assert.Equal(StepStatus.Failed, steps[1].Status);

            Assert.True(await host.Client.DiscardAsync(run.RunId));
            Assert.Null(await host.Client.GetRunAsync(run.RunId));
        }

        [Fact]
        public async Task A_host_that_stops_mid_run_hands_it_back_and_the_next_host_goes_on_without_repeating_committed_steps()
        {
            Guid runId;
            await using (var first = await StartHostAsync())
            {
                runId = (await first.Client.StartAsync<Gated>(new Item("s"))).RunId;
                await WaitUntil(() => Effects.Entries.Contains("first:s"));
                var stopping = first.StopAsync();
                Effects.Open("first:s"); // the step in flight finishes, is committed, and the run is handed back
                await stopping;
            }

            Assert.DoesNotContain("second:s", Effects.Entries);
            await using var second = await StartHostAsync();
            Assert.Equal(FlowStatus.Completed, await second.Client.UntilAsync(runId, FlowStatus.Completed));
            Assert.Equal(new[] { "first:s", "second:s" }, Effects.Entries);
        }

        [Fact]
        public async Task The_health_check_is_healthy_while_the_worker_runs_and_unhealthy_after()
        {
            var host = await StartHostAsync();
            Assert.Equal(HealthStatus.Healthy, (await host.HealthAsync()).Status);
            await host.StopAsync();
            Assert.Equal(HealthStatus.Unhealthy, (await host.HealthAsync()).Status);
            await host.DisposeAsync();
        }
    }
}
