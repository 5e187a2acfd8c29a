using System;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>
    /// The journal's side of lifecycle entities, through <see cref="IRunJournal"/>: a move and its run are one commit, and
    /// every call that ends a run (a leg's end, a status change, a cancel) applies the entity's pending outcome in its commit.
    /// </summary>
    public abstract class EntityJournalContract<TBackend> : JournalTest<TBackend>
        where TBackend : IJournalBackend, new()
    {
        private const string Template = "server";
        private const string Entity = "srv-9";

        private static NewRun Run(string flow = Flow) => new() { FlowId = flow, FlowVersion = 1, TriggerKind = "lifecycle", Payload = "{}"u8.ToArray() };

        private static EntityMove Start(long? expected, string action = "start", string transit = "Starting", string? to = "Running", string? onFailure = "Error", NewRun? run = null, bool flow = true)
            => new()
            {
                Template = Template,
                EntityId = Entity,
                Action = action,
                ExpectedRevision = expected,
                Transit = transit,
                To = to,
                OnFailure = onFailure,
                Access = AccessLevel.Manager,
                Run = flow ? run ?? Run() : null,
            };

        private static EntityMove Create(NewRun? run = null, bool flow = true, string? onFailure = null)
            => Start(null, "create", "Provisioning", "Stopped", onFailure, run, flow);

        private async Task<string[]> MovesAsync()
            => (await Journal.GetEntityHistoryAsync(Template, Entity)).Select(h => $"{h.Action}: {h.From ?? "-"} -> {h.To ?? "-"} {h.Outcome}").ToArray();

        [Fact]
        public async Task A_move_with_a_run_commits_the_transit_state_the_history_entry_and_the_run_together()
        {
            var moved = await Journal.MoveEntityAsync(Create());

            Assert.True(moved.Applied);
            Assert.True(moved.Run.Created);
            var entity = (await Journal.GetEntityAsync(Template, Entity))!;
            Assert.Equal(moved.Entity, entity);
            Assert.Equal(("Provisioning", "create", moved.Run.RunId, 1L, false), (entity.State, entity.InFlight, entity.RunId, entity.Revision, entity.AtRest));
            Assert.Equal(Clock.GetUtcNow(), entity.CreatedAt);
            var run = (await Journal.GetRunAsync(moved.Run.RunId))!.Run;
            Assert.Equal((FlowStatus.Pending, "lifecycle"), (run.Status, run.TriggerKind));
            Assert.Equal(1L, await CountAsync(JournalTable.Outbox, moved.Run.RunId));
            var entry = Assert.Single(await Journal.GetEntityHistoryAsync(Template, Entity));
            Assert.Equal(("create", null, "Provisioning", moved.Run.RunId, EntityOutcome.Started, AccessLevel.Manager), (entry.Action, entry.From, entry.To, entry.RunId, entry.Outcome, entry.Access));
        }

        [Fact]
        public async Task The_commit_that_ends_the_run_applies_the_pending_outcome_and_unlinks_the_run()
        {
            var created = await Journal.MoveEntityAsync(Create());
            await Journal.SetStatusAsync(created.Run.RunId, FlowStatus.Completed);
            Assert.Equal(("Stopped", null, null, 2L), Shape(await Journal.GetEntityAsync(Template, Entity)));

            var failed = await Journal.MoveEntityAsync(Start(2));
            await Journal.SetStatusAsync(failed.Run.RunId, FlowStatus.Failed, new RunOutcome(Error: new RunError("boot", "no disk", null)));
            Assert.Equal(("Error", null, null, 4L), Shape(await Journal.GetEntityAsync(Template, Entity)));

            // A retried run that completes later does not move the entity: its link went with the failure.
            await Journal.RetryRunAsync(failed.Run.RunId);
            await Journal.SetStatusAsync(failed.Run.RunId, FlowStatus.Completed);
            Assert.Equal(("Error", null, null, 4L), Shape(await Journal.GetEntityAsync(Template, Entity)));

            var cancelled = await Journal.MoveEntityAsync(Start(4, "restart", "Starting", "Running", "Error"));
            Assert.Equal(FlowStatus.Cancelled, await Journal.CancelRunAsync(cancelled.Run.RunId)); // not leased: cancelled at once
            Assert.Equal(("Error", null, null, 6L), Shape(await Journal.GetEntityAsync(Template, Entity)));

            Assert.Equal(
                new[]
                {
                    "create: - -> Provisioning started", "create: Provisioning -> Stopped completed",
                    "start: Stopped -> Starting started", "start: Starting -> Error failed",
                    "restart: Error -> Starting started", "restart: Starting -> Error cancelled",
                },
                await MovesAsync());
            Assert.Equal(0L, await Backend.LinkedEntitiesAsync(Journal, JournalPath));
        }

        [Fact]
        public async Task A_worker_that_ends_its_leg_moves_the_entity_in_the_same_commit()
        {
            var moved = await Journal.MoveEntityAsync(Create(new NewRun { FlowId = Flow, FlowVersion = 1, TriggerKind = "lifecycle", LeaseOwner = Owner, Lease = Lease }));
            Assert.NotEqual(0, moved.Run.OutboxItemId);
            Assert.Equal(FlowStatus.Running, await StatusAsync(moved.Run.RunId)); // leased to the worker at once, as StartRunAsync does

            Assert.True(await Journal.EndLegAsync(new RunLegEnd { OutboxItemId = moved.Run.OutboxItemId, Owner = Owner, RunId = moved.Run.RunId, Status = FlowStatus.Failed }));

            Assert.Null(await Journal.GetEntityAsync(Template, Entity)); // a failed create without an error state leaves no entity
            Assert.Equal(new[] { "create: - -> Provisioning started", "create: Provisioning -> - failed" }, await MovesAsync());
        }

        [Fact]
        public async Task A_stale_revision_a_second_create_or_an_entity_in_flight_is_not_applied_and_writes_nothing()
        {
            var created = await Journal.MoveEntityAsync(Create());
            var runs = await CountAsync(JournalTable.Runs);

            var second = await Journal.MoveEntityAsync(Create());
            var inFlight = await Journal.MoveEntityAsync(Start(1));
            await Journal.SetStatusAsync(created.Run.RunId, FlowStatus.Completed);
            var stale = await Journal.MoveEntityAsync(Start(1));

            Assert.False(second.Applied);
            Assert.False(inFlight.Applied);
            Assert.False(stale.Applied);
            Assert.Equal(created.Entity, second.Entity);
            Assert.Equal(2L, stale.Entity!.Revision);
            Assert.Equal(default(RunStart), stale.Run);
            Assert.Equal(runs, await CountAsync(JournalTable.Runs));
            Assert.Equal(2, (await Journal.GetEntityHistoryAsync(Template, Entity)).Count);
            Assert.True((await Journal.MoveEntityAsync(Start(2))).Applied);
        }

        [Fact]
        public async Task A_move_whose_run_cannot_start_writes_nothing()
        {
            await Assert.ThrowsAsync<JournalException>(() => Journal.MoveEntityAsync(Create(Run("unregistered"))));

            Assert.Null(await Journal.GetEntityAsync(Template, Entity));
            Assert.Empty(await Journal.GetEntityHistoryAsync(Template, Entity));
            Assert.Equal(0L, await CountAsync(JournalTable.Runs));
        }

        [Fact]
        public async Task Moves_without_a_run_go_through_the_transit_state_and_a_destroy_removes_the_row_but_not_the_history()
        {
            var created = await Journal.MoveEntityAsync(Create(flow: false));
            Assert.Equal(("Stopped", null, null, 1L), Shape(created.Entity));
            Assert.Equal(default(RunStart), created.Run);

            var destroyed = await Journal.MoveEntityAsync(Start(1, "destroy", "Deleting", null, "Stopped", flow: false));

            Assert.True(destroyed.Applied);
            Assert.Null(destroyed.Entity);
            Assert.Null(await Journal.GetEntityAsync(Template, Entity));
            Assert.Equal(
                new[] { "create: - -> Provisioning moved", "create: Provisioning -> Stopped moved", "destroy: Stopped -> Deleting moved", "destroy: Deleting -> - moved" },
                await MovesAsync());

            // Created again, the entity never shows a revision the destroyed one had: a stale trigger cannot land on it.
            var again = await Journal.MoveEntityAsync(Create(flow: false));
            Assert.Equal(5L, again.Entity!.Revision);
            Assert.False((await Journal.MoveEntityAsync(Start(1, "destroy", "Deleting", null, "Stopped", flow: false))).Applied);
        }

        [Fact]
        public async Task A_destroy_with_a_run_removes_the_row_when_the_run_completes_and_restores_it_when_it_fails()
        {
            var created = await Journal.MoveEntityAsync(Create(flow: false));
            var failing = await Journal.MoveEntityAsync(Start(1, "decommission", "Deleting", null, "Stopped"));
            await Journal.SetStatusAsync(failing.Run.RunId, FlowStatus.Failed);
            Assert.Equal(("Stopped", null, null, 3L), Shape(await Journal.GetEntityAsync(Template, Entity)));

            var done = await Journal.MoveEntityAsync(Start(3, "decommission", "Deleting", null, "Stopped"));
            await Journal.SetStatusAsync(done.Run.RunId, FlowStatus.Completed);

            Assert.Null(await Journal.GetEntityAsync(Template, Entity));
            Assert.Equal("decommission: Deleting -> - completed", (await MovesAsync()).Last());
            Assert.True(created.Applied);
        }

        [Fact]
        public async Task A_lifecycle_run_takes_no_idempotency_key()
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(() => Journal.MoveEntityAsync(Create(new NewRun { FlowId = Flow, FlowVersion = 1, IdempotencyKey = "k" })));

            Assert.Contains("takes no idempotency key", error.Message, StringComparison.Ordinal);
        }

        private static (string? State, string? InFlight, Guid? RunId, long Revision) Shape(EntityState? entity)
            => (entity?.State, entity?.InFlight, entity?.RunId, entity?.Revision ?? 0);
    }
}
