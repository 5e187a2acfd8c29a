using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>
    /// What the HTTP API asks of a journal (docs/http-api.md): the audit of operators' actions, lifecycle entities a page
    /// at a time, an operator's retry of a deferred item, and runs filtered by the time they were accepted and by key.
    /// </summary>
    public abstract class HttpApiJournalContract<TBackend> : JournalTest<TBackend>
        where TBackend : IJournalBackend, new()
    {
        private const string Template = "server";

        private AuditEntry Audit(Guid runId, string action, string? detail = null) => new(runId, Clock.GetUtcNow(), "ops@example.com", action, detail);

        private async Task<Guid> EndedAsync(FlowStatus status)
        {
            var runId = await StartAsync();
            await Journal.SetStatusAsync(runId, status);
            return runId;
        }

        private async Task<Guid[]> RunsAsync(RunQuery query) => (await Journal.ListRunsAsync(query)).Runs.Select(r => r.RunId).ToArray();

        /// <summary>Every run the query lists, page after page of <paramref name="limit"/>, and how many pages it took.</summary>
        private async Task<(List<Guid> Runs, int Pages)> AllPagesAsync(Func<string?, RunQuery> query)
        {
            var runs = new List<Guid>();
            var pages = 0;
            string? token = null;
            do
            {
                var page = await Journal.ListRunsAsync(query(token));
                runs.AddRange(page.Runs.Select(r => r.RunId));
                token = page.ContinuationToken;
                pages++;
            }
            while (token is not null);
            return (runs, pages);
        }

        private Task CreateEntityAsync(string entityId)
            => Journal.MoveEntityAsync(new EntityMove
            {
                Template = Template,
                EntityId = entityId,
                Action = "create",
                ExpectedRevision = null,
                Transit = "Provisioning",
                To = "Stopped",
                OnFailure = null,
            });

        // ---- audit -----------------------------------------------------------------------------------------

        [Fact]
        public async Task Audit_entries_of_a_run_come_back_oldest_first_with_what_they_said()
        {
            var runId = await StartAsync();
            var other = await StartAsync();
            await Journal.AppendAuditAsync(Audit(runId, "start"));
            Clock.Advance(TimeSpan.FromMinutes(1));
            await Journal.AppendAuditAsync(Audit(other, "cancel"));
            await Journal.AppendAuditAsync(Audit(runId, "pause", "status Paused"));
            await Journal.AppendAuditAsync(new AuditEntry(runId, Clock.GetUtcNow(), "jane", "resume"));

            var entries = await Journal.ListAuditAsync(runId);

            Assert.Equal(
                new[]
                {
                    new AuditEntry(runId, Clock.GetUtcNow() - TimeSpan.FromMinutes(1), "ops@example.com", "start"),
                    new AuditEntry(runId, Clock.GetUtcNow(), "ops@example.com", "pause", "status Paused"),
                    new AuditEntry(runId, Clock.GetUtcNow(), "jane", "resume"),
                },
                entries);
            Assert.Equal("cancel", Assert.Single(await Journal.ListAuditAsync(other)).Action);
            Assert.Empty(await Journal.ListAuditAsync(Guid.NewGuid()));
        }

        [Fact]
        public async Task An_audit_entry_needs_who_and_what()
        {
            var runId = await StartAsync();

            await Assert.ThrowsAsync<ArgumentNullException>(() => Journal.AppendAuditAsync(null!));
            await Assert.ThrowsAsync<ArgumentException>(() => Journal.AppendAuditAsync(new AuditEntry(runId, Clock.GetUtcNow(), "", "pause")));
            await Assert.ThrowsAsync<ArgumentException>(() => Journal.AppendAuditAsync(new AuditEntry(runId, Clock.GetUtcNow(), null!, "pause")));
            await Assert.ThrowsAsync<ArgumentException>(() => Journal.AppendAuditAsync(new AuditEntry(runId, Clock.GetUtcNow(), "jane", "")));
            await Assert.ThrowsAsync<ArgumentException>(() => Journal.AppendAuditAsync(new AuditEntry(runId, Clock.GetUtcNow(), "jane", null!)));
            Assert.Empty(await Journal.ListAuditAsync(runId));
        }

        [Fact]
        public async Task Audit_entries_outlive_a_deleted_run_record_and_can_be_added_after_it()
        {
            var runId = await EndedAsync(FlowStatus.Failed);
            await Journal.AppendAuditAsync(Audit(runId, "retry"));

            Assert.True(await Journal.DeleteRunAsync(runId));
            await Journal.AppendAuditAsync(Audit(runId, "delete"));

            Assert.Null(await Journal.GetRunInfoAsync(runId));
            Assert.Equal(new[] { "retry", "delete" }, (await Journal.ListAuditAsync(runId)).Select(e => e.Action));
        }

        [Fact]
        public async Task Retention_purges_a_runs_audit_entries_with_the_run_and_keeps_the_others()
        {
            var old = await EndedAsync(FlowStatus.Completed);
            await Journal.AppendAuditAsync(Audit(old, "cancel"));
            await Journal.AppendAuditAsync(Audit(old, "retry"));
            Clock.Advance(TimeSpan.FromDays(1));
            var recent = await EndedAsync(FlowStatus.Completed);
            await Journal.AppendAuditAsync(Audit(recent, "start"));
            var living = await StartAsync();
            await Journal.AppendAuditAsync(Audit(living, "pause"));

            Assert.Equal(1, await Journal.PurgeEndedRunsAsync(Clock.GetUtcNow() - TimeSpan.FromHours(1), 100));

            Assert.Empty(await Journal.ListAuditAsync(old));
            Assert.Single(await Journal.ListAuditAsync(recent));
            Assert.Single(await Journal.ListAuditAsync(living));
        }

        // ---- entities a page at a time -----------------------------------------------------------------

        [Fact]
        public async Task Entities_come_in_id_order_over_several_pages_without_gaps_or_repeats()
        {
            // Ordinal order: upper case before lower case, "srv-10" before "srv-2"; another template's entities stay out.
            var ids = new[] { "srv-2", "srv-10", "Srv-1", "srv-1", "a", "srv-3", "b-1" };
            foreach (var id in ids)
            {
                await CreateEntityAsync(id);
            }

            await Journal.MoveEntityAsync(new EntityMove { Template = "database", EntityId = "db-1", Action = "create", ExpectedRevision = null, Transit = "Provisioning", To = "Stopped", OnFailure = null });

            var seen = new List<string>();
            var pages = 0;
            string? token = null;
            do
            {
                var page = await Journal.ListEntitiesAsync(Template, 3, token);
                Assert.All(page.Entities, e => Assert.Equal((Template, "Stopped"), (e.Template, e.State)));
                seen.AddRange(page.Entities.Select(e => e.EntityId));
                token = page.ContinuationToken;
                pages++;
            }
            while (token is not null);

            Assert.Equal(3, pages);
            Assert.Equal(ids.Order(StringComparer.Ordinal), seen);
            Assert.Equal(new[] { "db-1" }, (await Journal.ListEntitiesAsync("database", 1000, null)).Entities.Select(e => e.EntityId));
            var none = await Journal.ListEntitiesAsync("nothing", 10, null);
            Assert.Empty(none.Entities);
            Assert.Null(none.ContinuationToken);
        }

        [Fact]
        public async Task A_page_that_ends_exactly_at_the_last_entity_has_no_token_and_a_destroyed_entity_is_gone()
        {
            await CreateEntityAsync("a");
            await CreateEntityAsync("b");
            await CreateEntityAsync("c");
            await Journal.MoveEntityAsync(new EntityMove { Template = Template, EntityId = "b", Action = "destroy", ExpectedRevision = (await Journal.GetEntityAsync(Template, "b"))!.Revision, Transit = "Deleting", To = null, OnFailure = null });

            var page = await Journal.ListEntitiesAsync(Template, 2, null);

            Assert.Equal(new[] { "a", "c" }, page.Entities.Select(e => e.EntityId));
            Assert.Null(page.ContinuationToken);
        }

        [Fact]
        public async Task Entity_pages_refuse_a_token_from_elsewhere_and_a_limit_out_of_bounds()
        {
            await CreateEntityAsync("a");
            await CreateEntityAsync("b");
            var token = (await Journal.ListEntitiesAsync(Template, 1, null)).ContinuationToken!;

            await Assert.ThrowsAsync<ArgumentException>(() => Journal.ListEntitiesAsync(Template, 10, "page-2"));
            await Assert.ThrowsAsync<ArgumentException>(() => Journal.ListEntitiesAsync(Template, 10, "a"));
            await Assert.ThrowsAsync<ArgumentException>(() => Journal.ListEntitiesAsync(Template, 10, token + "!"));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Journal.ListEntitiesAsync(Template, 0, null));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Journal.ListEntitiesAsync(Template, 1001, null));
            await Assert.ThrowsAsync<ArgumentException>(() => Journal.ListEntitiesAsync("", 10, null));
            Assert.Equal(2, (await Journal.ListEntitiesAsync(Template, 1000, null)).Entities.Count);
            Assert.Equal("b", Assert.Single((await Journal.ListEntitiesAsync(Template, 1, token)).Entities).EntityId);
        }

        // ---- retrying a deferred item --------------------------------------------------------------------

        [Fact]
        public async Task A_retried_deferred_item_is_claimed_at_once_and_only_a_deferred_item_can_be_retried()
        {
            var runId = await StartAsync();
            var item = Assert.Single(await Journal.ClaimOutboxAsync(Owner, 1, Lease));
            Assert.True(await Journal.DeferOutboxAsync(item.Id, Owner, Clock.GetUtcNow().AddHours(1), "orders v1 is not loaded in this host"));
            var other = await StartAsync(); // a plain item, never deferred
            Assert.False(await Journal.RetryDeferredAsync(Assert.Single(await Journal.ListDeferredAsync(10)).ItemId + 1000));
            Assert.Equal(other, Assert.Single(await Journal.ClaimOutboxAsync("worker-b", 10, Lease)).RunId); // the deferred one waits

            Assert.True(await Journal.RetryDeferredAsync(item.Id));

            var again = Assert.Single(await Journal.ClaimOutboxAsync("worker-b", 10, Lease));
            Assert.Equal((item.Id, runId), (again.Id, again.RunId));
            Assert.False(await Journal.RetryDeferredAsync(item.Id)); // claimed now: a worker holds it
            Assert.Empty(await Journal.ListDeferredAsync(10));
        }

        [Fact]
        public async Task Retrying_an_item_that_was_never_deferred_or_does_not_exist_is_false()
        {
            await StartAsync();
            var item = Assert.Single(await Journal.ClaimOutboxAsync(Owner, 1, Lease));
            await StartAsync();

            Assert.False(await Journal.RetryDeferredAsync(item.Id)); // held, never deferred
            Assert.False(await Journal.RetryDeferredAsync(item.Id + 1)); // waiting, never deferred
            Assert.False(await Journal.RetryDeferredAsync(999_999));
        }

        // ---- runs by time and key ------------------------------------------------------------------------

        [Fact]
        public async Task Runs_filter_by_the_time_they_were_accepted_from_inclusive_to_before_exclusive()
        {
            var t0 = Clock.GetUtcNow();
            var first = await StartAsync();
            Clock.Advance(TimeSpan.FromMinutes(1));
            var second = await StartAsync();
            var secondAgain = await StartAsync();
            Clock.Advance(TimeSpan.FromMinutes(1));
            var third = await StartAsync();

            Assert.Equal(new[] { third, secondAgain, second }, await RunsAsync(new RunQuery { CreatedFrom = t0.AddMinutes(1) }));
            Assert.Equal(new[] { secondAgain, second, first }, await RunsAsync(new RunQuery { CreatedBefore = t0.AddMinutes(2) }));
            Assert.Equal(new[] { secondAgain, second }, await RunsAsync(new RunQuery { CreatedFrom = t0.AddMinutes(1), CreatedBefore = t0.AddMinutes(2) }));
            Assert.Equal(new[] { first }, await RunsAsync(new RunQuery { CreatedFrom = t0, CreatedBefore = t0.AddMilliseconds(1) }));
            Assert.Empty(await RunsAsync(new RunQuery { CreatedFrom = t0.AddMinutes(3) }));
            Assert.Empty(await RunsAsync(new RunQuery { CreatedBefore = t0 }));
        }

        [Fact]
        public async Task Runs_filter_by_idempotency_key_across_flows_and_with_a_flow()
        {
            await Journal.RegisterFlowVersionAsync(new FlowVersionRecord("refunds", 1, "h"));
            var order = await StartAsync("order-42");
            var refund = await StartAsync("order-42", flow: "refunds");
            await StartAsync("order-43");
            await StartAsync();

            Assert.Equal(new[] { refund, order }, await RunsAsync(new RunQuery { IdempotencyKey = "order-42" }));
            Assert.Equal(new[] { order }, await RunsAsync(new RunQuery { IdempotencyKey = "order-42", FlowId = Flow }));
            Assert.Equal(new[] { refund }, await RunsAsync(new RunQuery { IdempotencyKey = "order-42", Status = FlowStatus.Pending, FlowId = "refunds" }));
            Assert.Empty(await RunsAsync(new RunQuery { IdempotencyKey = "order-42", Status = FlowStatus.Failed }));
            Assert.Empty(await RunsAsync(new RunQuery { IdempotencyKey = "ORDER-42" }));
            Assert.Equal(new[] { order }, await RunsAsync(new RunQuery { IdempotencyKey = "order-42", ContinuationToken = (await Journal.ListRunsAsync(new RunQuery { IdempotencyKey = "order-42", Limit = 1 })).ContinuationToken }));
        }

        [Fact]
        public async Task Time_and_key_filters_combine_with_flow_and_status_and_page_across_pages()
        {
            await Journal.RegisterFlowVersionAsync(new FlowVersionRecord("refunds", 1, "h"));
            var t0 = Clock.GetUtcNow();
            var expected = new List<Guid>();
            for (var minute = 0; minute < 4; minute++)
            {
                for (var i = 0; i < 4; i++)
                {
                    var failed = i % 2 == 0;
                    var runId = await StartAsync($"k{minute}-{i}", flow: i < 3 ? Flow : "refunds");
                    if (failed)
                    {
                        await Journal.SetStatusAsync(runId, FlowStatus.Failed);
                    }

                    if (minute is 1 or 2 && i < 3 && failed)
                    {
                        expected.Add(runId);
                    }
                }

                Clock.Advance(TimeSpan.FromMinutes(1));
            }

            expected.Reverse();
            var (runs, pages) = await AllPagesAsync(token => new RunQuery
            {
                FlowId = Flow, Status = FlowStatus.Failed, CreatedFrom = t0.AddMinutes(1), CreatedBefore = t0.AddMinutes(3), Limit = 1, ContinuationToken = token,
            });
            Assert.Equal(expected, runs);
            Assert.Equal(4, pages);

            var (inRange, rangePages) = await AllPagesAsync(token => new RunQuery { CreatedFrom = t0.AddMinutes(1), CreatedBefore = t0.AddMinutes(3), Limit = 3, ContinuationToken = token });
            Assert.Equal(8, inRange.Count);
            Assert.Equal(3, rangePages);
            Assert.Equal(inRange, inRange.Distinct());

            var (flowInRange, _) = await AllPagesAsync(token => new RunQuery { FlowId = "refunds", CreatedFrom = t0.AddMinutes(2), Limit = 1, ContinuationToken = token });
            Assert.Equal(2, flowInRange.Count);
            var (statusInRange, _) = await AllPagesAsync(token => new RunQuery { Status = FlowStatus.Pending, CreatedBefore = t0.AddMinutes(1), Limit = 1, ContinuationToken = token });
            Assert.Equal(2, statusInRange.Count);
            Assert.Equal(new[] { expected[^1] }, await RunsAsync(new RunQuery { IdempotencyKey = "k1-0", FlowId = Flow, Status = FlowStatus.Failed, CreatedFrom = t0.AddMinutes(1), CreatedBefore = t0.AddMinutes(2) }));
            Assert.Empty(await RunsAsync(new RunQuery { IdempotencyKey = "k1-0", CreatedFrom = t0.AddMinutes(2) }));
        }

        [Fact]
        public async Task A_time_range_that_ends_where_it_starts_or_before_is_refused()
        {
            var t0 = Clock.GetUtcNow();

            await Assert.ThrowsAsync<ArgumentException>(() => Journal.ListRunsAsync(new RunQuery { CreatedFrom = t0, CreatedBefore = t0 }));
            await Assert.ThrowsAsync<ArgumentException>(() => Journal.ListRunsAsync(new RunQuery { CreatedFrom = t0, CreatedBefore = t0.AddSeconds(-1) }));
            await Assert.ThrowsAsync<ArgumentException>(() => Journal.ListRunsAsync(new RunQuery { IdempotencyKey = "" }));
        }
    }
}
