using System;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Host;
using Automations.Compiled.Hosting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Automations.Compiled.Hosting.Tests.Contract.ContractFlows;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    internal sealed partial class ContractFlows
    {
        public sealed record Ticket(int Id);

        /// <summary>Two starts a second; the rest wait for the next seconds, in order.</summary>
        [Flow("metered")]
        [Throttle(2, "00:00:01")]
        internal sealed partial class Metered : IFlow<Item>
        {
            private readonly Effects _e;

            public Metered(Effects e) => _e = e;

            [Action(1)]
            private void Go(Item item) => _e.Add("metered:" + item.Id);
        }

        /// <summary>One start an hour; the rest refused.</summary>
        [Flow("rationed")]
        [Throttle(1, "01:00:00", Mode = ThrottleMode.Refuse)]
        internal sealed partial class Rationed
        {
            private readonly Effects _e;

            public Rationed(Effects e) => _e = e;

            [Action(1)]
            private void Go() => _e.Add("rationed");
        }

        /// <summary>One run at a time, held at its first step by a gate.</summary>
        [Flow("one-at-a-time", MaxConcurrentRuns = 1)]
        internal sealed partial class OneAtATime : IFlow<Item>
        {
            private readonly Effects _e;

            public OneAtATime(Effects e) => _e = e;

            [Action(1)]
            private async ValueTask First(Item item)
            {
                _e.Add("first:" + item.Id);
                await _e.Gate("one:" + item.Id);
            }

            [Action(2)]
            private void Second(Item item) => _e.Add("second:" + item.Id);
        }

        /// <summary>A run with a one-second budget that sleeps longer: it fails when it wakes.</summary>
        [Flow("deadline", TimeBudget = "00:00:01")]
        internal sealed partial class Deadline
        {
            private readonly Effects _e;

            public Deadline(Effects e) => _e = e;

            [Wait(1, Seconds = 1.5)]
            partial void Sleep();

            [Action(2)]
            private void After() => _e.Add("after-deadline");
        }

        /// <summary>
        /// A flow compiled elsewhere that calls a payments action (as a JSON flow's generated code lists it): it delegates to
        /// <see cref="ThreeSteps"/>, and only its id, journal mode and declared actions differ. Its runs are in memory: a
        /// journaled run's snapshots would name the flow it delegates to.
        /// </summary>
        internal sealed class PaysOut : IFlowDefinition
        {
            private readonly ThreeSteps _inner;

            public PaysOut(Effects e)
            {
                _inner = new ThreeSteps(e);
                Info = new FlowInfo("pays-out", 1, null, _inner.Info.InputType, JournalMode.None, [], [.. _inner.Info.StepIds])
                {
                    Safeguards = new FlowSafeguards { Actions = [new FlowActionUse("payments.refund", ["money"]), new FlowActionUse("log")] },
                };
            }

            public FlowInfo Info { get; }

            public ValueTask<FlowResult> RunAsync(object? input, FlowRunOptions? options = null, CancellationToken cancellationToken = default)
                => ((IFlowDefinition)_inner).RunAsync(input, options, cancellationToken);

            public ValueTask<FlowResult> ResumeAsync(FlowSnapshot snapshot, ResumeSignal signal, FlowRunOptions? options = null, CancellationToken cancellationToken = default)
                => ((IFlowDefinition)_inner).ResumeAsync(snapshot, signal, options, cancellationToken);
        }

        /// <summary>A flow whose step raises the next event of a ring of three: a -> b -> c -> a.</summary>
        [Flow("ring-a")]
        [EventTrigger("ring.a")]
        internal sealed partial class RingA
        {
            private readonly IServiceProvider services;
            private readonly Effects e;

            public RingA(IServiceProvider services, Effects e) => (this.services, this.e) = (services, e);

            [Action(1)]
            private async Task Pass() => await Ring.PassAsync(services, e, "ring-a", "ring.b");
        }

        [Flow("ring-b")]
        [EventTrigger("ring.b")]
        internal sealed partial class RingB
        {
            private readonly IServiceProvider services;
            private readonly Effects e;

            public RingB(IServiceProvider services, Effects e) => (this.services, this.e) = (services, e);

            [Action(1)]
            private async Task Pass() => await Ring.PassAsync(services, e, "ring-b", "ring.c");
        }

        [Flow("ring-c")]
        [EventTrigger("ring.c")]
        internal sealed partial class RingC
        {
            private readonly IServiceProvider services;
            private readonly Effects e;

            public RingC(IServiceProvider services, Effects e) => (this.services, this.e) = (services, e);

            [Action(1)]
            private async Task Pass() => await Ring.PassAsync(services, e, "ring-c", "ring.a");
        }

        internal static class Ring
        {
            // The client from the container when the step runs: a flow built with the client would need the host to build it.
            public static async Task PassAsync(IServiceProvider services, Effects e, string flow, string next)
            {
                e.Add(flow);
                await services.GetRequiredService<IFlowClient>().RaiseEventAsync(next, new { from = flow });
            }
        }

        /// <summary>Each ticket's flow inserts the next ticket: a chain with a new record at every hop, so only its depth stops it.</summary>
        [Flow("ticket-chain")]
        [RecordTrigger("ticket", RecordEvent.AfterInsert)]
        internal sealed partial class TicketChain : IFlow<Ticket>
        {
            private readonly IServiceProvider services;
            private readonly Effects e;

            public TicketChain(IServiceProvider services, Effects e) => (this.services, this.e) = (services, e);

            [Action(1)]
            private async Task Next(Ticket ticket)
            {
                e.Add("ticket:" + ticket.Id);
                await services.GetRequiredService<IRecordEvents>().AfterAsync("ticket", RecordChange.Insert, new Ticket(ticket.Id + 1));
            }
        }
    }

    public abstract partial class HostedRunContract<TBackend>
        where TBackend : IJournalBackend, new()
    {
        [Fact]
        public async Task A_kill_switch_refuses_new_starts_with_a_record_pauses_the_run_in_flight_at_its_next_step_and_the_lift_resumes_it()
        {
            await using var host = await StartHostAsync();
            var inFlight = await host.Client.StartAsync<Gated>(new Item("k"));
            await WaitUntil(() => Effects.Entries.Contains("first:k"));

            var engaged = await host.Client.EngageKillSwitchAsync(KillScope.Flow("gated"), KillMode.Pause, "bad deploy", by: "ops");
            Assert.Equal(1, engaged.Runs);
            Effects.Open("first:k");
            Assert.Equal(FlowStatus.Paused, await host.Client.UntilAsync(inFlight.RunId, FlowStatus.Paused));

            var refused = await Assert.ThrowsAsync<FlowRefusedException>(() => host.Client.StartAsync<Gated>(new Item("late")));
            Assert.Equal((RunRefusals.KillSwitch, "gated"), (refused.Kind, refused.FlowId));
            Assert.Contains("bad deploy", refused.Message, StringComparison.Ordinal);
            var record = (await host.Client.GetRunAsync(refused.RunId))!;
            Assert.Equal(FlowStatus.Failed, record.Run.Status);
            Assert.Contains("\"late\"", System.Text.Encoding.UTF8.GetString(record.Payload.Span), StringComparison.Ordinal);
            await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.RetryAsync(refused.RunId)); // not while it holds
            Assert.Equal(1, (await host.Client.StartAsync<ThreeSteps>(new Item("other"))).Created ? 1 : 0); // other flows run
            Assert.Single(await host.Client.ListKillSwitchesAsync());
            await Task.Delay(300);
            Assert.DoesNotContain("second:k", Effects.Entries);

            var lifted = await host.Client.LiftKillSwitchAsync(KillScope.Flow("gated"));
            Assert.Equal(1, lifted.Runs);
            Assert.Equal(FlowStatus.Completed, await host.Client.UntilAsync(inFlight.RunId, FlowStatus.Completed));
            Effects.Open("first:late");
            await host.Client.RetryAsync(refused.RunId); // the refused start, replayed
            Assert.Equal(FlowStatus.Completed, await host.Client.UntilAsync(refused.RunId, FlowStatus.Completed));
            Assert.Contains("second:late", Effects.Entries);
            Assert.Contains(host.Logs.Logs, l => l.Message.Contains("Kill switch engaged on flow 'gated' (Pause) by ops", StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_cancelling_kill_switch_engaged_on_one_host_cancels_the_waiting_run_and_refuses_starts_on_another_host()
        {
            var first = await StartHostAsync();
            var waiting = await first.Client.StartAsync<Waits>(new Item("w"));
            await first.Client.UntilAsync(waiting.RunId, FlowStatus.Waiting);
            await first.DisposeAsync();
            var second = await StartHostAsync();

            Assert.Equal(1, (await second.Client.EngageKillSwitchAsync(KillScope.Global, KillMode.Cancel, "incident 7")).Runs);
            var run = (await second.Client.GetRunAsync(waiting.RunId))!.Run;
            Assert.Equal(FlowStatus.Cancelled, run.Status);
            Assert.Contains("incident 7", run.Message, StringComparison.Ordinal);
            await second.DisposeAsync();

            // The switch is in the journal: a host started after it obeys it.
            await using var third = await StartHostAsync();
            var refused = await Assert.ThrowsAsync<FlowRefusedException>(() => third.Client.StartAsync<ThreeSteps>(new Item("x")));
            Assert.Contains("every flow", refused.Message, StringComparison.Ordinal);
            Assert.Equal(0, (await third.Client.RaiseEventAsync("go")) ); // the event starts nothing and resumes nothing
        }

        [Fact]
        public async Task A_queueing_throttle_runs_its_limit_per_window_and_the_rest_later_in_order()
        {
            await using var host = await StartHostAsync(o => o.AddFlow<Metered>());

            var starts = new FlowRun[6];
            for (var i = 0; i < starts.Length; i++)
            {
                starts[i] = await host.Client.StartAsync<Metered>(new Item(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            // Two places a second: at most two starts share a window, each later start waits at least as long as the one before.
            var windows = starts.Select(s => s.QueuedUntil).Where(q => q is not null).GroupBy(q => q).ToList();
            Assert.True(starts.Count(s => s.QueuedUntil is null) <= 2);
            Assert.All(windows, w => Assert.True(w.Count() <= 2, $"{w.Count()} starts share the window of {w.Key:O}"));
            Assert.True(starts.Select(s => s.QueuedUntil ?? DateTimeOffset.MinValue).SequenceEqual(starts.Select(s => s.QueuedUntil ?? DateTimeOffset.MinValue).Order()));
            Assert.True(windows.Count >= 2);

            foreach (var start in starts)
            {
                Assert.Equal(FlowStatus.Completed, await host.Client.UntilAsync(start.RunId, FlowStatus.Completed));
                if (start.QueuedUntil is { } queued)
                {
                    var first = (await host.Client.GetRunAsync(start.RunId))!.Steps[0];
                    Assert.True(first.StartedAt >= queued, $"run {start.RunId} started at {first.StartedAt:O}, before its window {queued:O}");
                }
            }
        }

        [Fact]
        public async Task A_refusing_throttle_refuses_the_start_beyond_its_limit_and_records_it()
        {
            await using var host = await StartHostAsync(o => o.AddFlow<Rationed>());
            var first = await host.Client.StartAsync<Rationed>();
            Assert.Null(first.QueuedUntil);

            var refused = await Assert.ThrowsAsync<FlowRefusedException>(() => host.Client.StartAsync<Rationed>());

            Assert.Equal(RunRefusals.Throttle, refused.Kind);
            Assert.Contains("at most 1 start(s) per 01:00:00", refused.Message, StringComparison.Ordinal);
            Assert.Equal(FlowStatus.Completed, await host.Client.UntilAsync(first.RunId, FlowStatus.Completed));
            Assert.Equal(FlowStatus.Failed, (await host.Client.GetRunAsync(refused.RunId))!.Run.Status);
            Assert.Equal(["rationed"], Effects.Entries);
        }

        [Fact]
        public async Task A_concurrency_limit_of_one_holds_the_second_run_until_the_first_is_done()
        {
            await using var host = await StartHostAsync(o => o.AddFlow<OneAtATime>());
            var a = await host.Client.StartAsync<OneAtATime>(new Item("a"));
            await WaitUntil(() => Effects.Entries.Contains("first:a"));
            var b = await host.Client.StartAsync<OneAtATime>(new Item("b"));
            Effects.Open("one:b");

            await Task.Delay(500);
            Assert.DoesNotContain("first:b", Effects.Entries);
            Assert.Equal(FlowStatus.Pending, (await host.Client.GetRunAsync(b.RunId))!.Run.Status);

            Effects.Open("one:a");
            Assert.Equal(FlowStatus.Completed, await host.Client.UntilAsync(a.RunId, FlowStatus.Completed));
            Assert.Equal(FlowStatus.Completed, await host.Client.UntilAsync(b.RunId, FlowStatus.Completed));
            Assert.Equal(["first:a", "second:a", "first:b", "second:b"], Effects.Entries);
        }

        [Fact]
        public async Task A_run_over_its_wall_clock_budget_fails_at_its_next_step_boundary()
        {
            await using var host = await StartHostAsync(o => o.AddFlow<Deadline>());
            var run = await host.Client.StartAsync<Deadline>();

            Assert.Equal(FlowStatus.Failed, await host.Client.UntilAsync(run.RunId, FlowStatus.Failed));
            Assert.Contains("time budget of 00:00:01", (await host.Client.GetRunAsync(run.RunId))!.Run.Error!.Message, StringComparison.Ordinal);
            Assert.Empty(Effects.Entries);
        }

        [Fact]
        public async Task The_host_refuses_and_records_starts_of_a_flow_that_calls_an_action_its_policy_does_not_allow()
        {
            await using var host = await StartHostAsync(o =>
            {
                o.AddFlow<PaysOut>();
                o.ActionPolicy = ActionPolicy.Allow("log", "orders.*");
            });
            Assert.Contains(host.Logs.Logs, l => l.Message.Contains("Flow 'pays-out' v1 calls actions the host's action policy does not allow", StringComparison.Ordinal));

            var refused = await Assert.ThrowsAsync<FlowRefusedException>(() => host.Client.StartAsync("pays-out", new Item("p")));

            Assert.Equal(RunRefusals.ActionPolicy, refused.Kind);
            Assert.Contains("may not call action 'payments.refund' (tags 'money')", refused.Message, StringComparison.Ordinal);
            Assert.Equal(Guid.Empty, refused.RunId); // an in-memory flow: nothing is journaled, the caller is told
            Assert.Empty(Effects.Entries);
            Assert.Equal(FlowStatus.Completed, await host.Client.UntilAsync((await host.Client.StartAsync<ThreeSteps>(new Item("t"))).RunId, FlowStatus.Completed)); // it calls no listed action
        }

        [Fact]
        public async Task An_action_policy_that_allows_the_flow_its_actions_by_tag_lets_it_run()
        {
            await using var host = await StartHostAsync(o =>
            {
                o.AddFlow<PaysOut>();
                o.ActionPolicy = ActionPolicy.Allow("log").ForFlow("pays-out", "log", "tag:money");
            });

            var run = await host.Client.StartAsync("pays-out", new Item("q"));

            Assert.Equal(FlowStatus.Completed, run.Result!.Value.Status);
            Assert.Contains("ship:q", Effects.Entries);
        }

        [Fact]
        public async Task A_ring_of_three_flows_triggering_each_other_is_stopped_when_it_comes_back_and_the_refusal_shows_the_chain()
        {
            await using var host = await StartHostAsync(o => o.AddFlow<RingA>().AddFlow<RingB>().AddFlow<RingC>());

            Assert.Equal(1, await host.Client.RaiseEventAsync("ring.a", new { from = "test" }));

            RunInfo? stopped = null;
            await WaitUntil(async () =>
            {
                stopped = (await host.Client.ListRunsAsync(RunQuery.DeadLetters("ring-a"))).Runs.SingleOrDefault();
                return stopped is not null;
            });
            Assert.Equal(RunRefusals.Loop, stopped!.Error!.ExceptionType);
            Assert.Matches("ring-a \\(run [0-9a-f]{32}, event:ring.a\\) -> ring-b \\(run [0-9a-f]{32}, event:ring.b\\) -> ring-c \\(run [0-9a-f]{32}, event:ring.c\\) -> ring-a \\(event:ring.a\\)", stopped.Error.Message);
            // ring-c's last step raised the event whose start was refused: the refusal commits before ring-c's own end does.
            string[] ran = [];
            await WaitUntil(async () =>
            {
                ran = (await host.Client.ListRunsAsync(new RunQuery { Status = FlowStatus.Completed })).Runs.Select(r => r.FlowId).Order().ToArray();
                return ran.Length == 3;
            });
            Assert.Equal(["ring-a", "ring-b", "ring-c"], ran);
            Assert.Equal(["ring-a", "ring-b", "ring-c"], Effects.Entries);
            Assert.Contains(host.Logs.Logs, l => l.Message.Contains("A start of flow 'ring-a' v1 was refused", StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_chain_of_new_records_is_stopped_at_the_causation_depth_limit()
        {
            await using var host = await StartHostAsync(o =>
            {
                o.AddFlow<TicketChain>();
                o.Safeguards.MaxCausationDepth = 4;
            });

            var started = await host.Services.GetRequiredService<IRecordEvents>().AfterAsync("ticket", RecordChange.Insert, new Ticket(1));
            Assert.Single(started);

            RunInfo? stopped = null;
            await WaitUntil(async () =>
            {
                stopped = (await host.Client.ListRunsAsync(RunQuery.DeadLetters("ticket-chain"))).Runs.SingleOrDefault();
                return stopped is not null;
            });
            Assert.Equal(["ticket:1", "ticket:2", "ticket:3", "ticket:4"], Effects.Entries);
            Assert.Contains("more than 4 runs", stopped!.Error!.Message, StringComparison.Ordinal);
            Assert.EndsWith("-> ticket-chain (record:ticket:5).", stopped.Error.Message, StringComparison.Ordinal);
        }
    }
}
