using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using Automations.Compiled.Hosting;
using Automations.Compiled.Hosting.Tests.Host;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Automations.Compiled.AspNetCore.Tests
{
    /// <summary>
    /// What the API needs of the journal's issue-21 members: audit entries (<c>AppendAuditAsync</c>, <c>ListAuditAsync</c>),
    /// entity pages (<c>ListEntitiesAsync</c>), deferred retries (<c>RetryDeferredAsync</c>) and the run filters by time and
    /// idempotency key. They pass once the journal implements them.
    /// </summary>
    public sealed partial class ApiJournalFeatureTests : ApiTestBase
    {
        public sealed record Ticket(string Id);

        /// <summary>One run at a time, held at its step until the test opens the run's gate.</summary>
        [Flow("one-at-a-time", MaxConcurrentRuns = 1)]
        internal sealed partial class OneAtATime(Effects seen) : IFlow<Ticket>
        {
            [Action(1)]
            private async ValueTask Hold(Ticket ticket)
            {
                seen.Add("hold:" + ticket.Id);
                await seen.Gate("one:" + ticket.Id);
            }
        }

        [Fact]
        public async Task Every_action_on_a_run_is_an_audit_entry_in_its_view()
        {
            await using var server = await StartAsync();
            var runId = await StartRunAsync(server, "waits");
            Assert.Equal(FlowStatus.Waiting, await server.WaitAsync(runId, s => s == FlowStatus.Waiting));

            await OkAsync(await server.Operator.PostAsync(Api($"/runs/{N(runId)}/pause"), null));
            await OkAsync(await server.Operator.PostAsync(Api($"/runs/{N(runId)}/resume"), null));
            await OkAsync(await server.As("otto", "automations-operator").PostAsync(Api($"/runs/{N(runId)}/cancel"), null));

            var audit = (await OkAsync(await server.Viewer.GetAsync(Api($"/runs/{N(runId)}")))).GetProperty("audit").EnumerateArray().ToArray();
            Assert.Equal(new[] { "start", "pause", "resume", "cancel" }, audit.Select(a => a.GetProperty("action").GetString()).ToArray());
            Assert.Equal(new[] { "olga", "olga", "olga", "otto" }, audit.Select(a => a.GetProperty("by").GetString()).ToArray());
            Assert.Equal("status cancelled", audit[3].GetProperty("detail").GetString());
            Assert.True(audit.Zip(audit.Skip(1)).All(p => p.First.GetProperty("at").GetDateTimeOffset() <= p.Second.GetProperty("at").GetDateTimeOffset()));
        }

        [Fact]
        public async Task An_approval_and_a_retry_are_audited_with_the_comment()
        {
            await using var server = await StartAsync();
            var runId = await StartRunAsync(server, "expense");
            Assert.Equal(FlowStatus.Waiting, await server.WaitAsync(runId, s => s == FlowStatus.Waiting));
            await OkAsync(await server.As("maria", "automations-operator", "manager").PostAsync(Api($"/runs/{N(runId)}/reject"), Json("""{"comment": "over budget"}""")));
            Assert.Equal(FlowStatus.Completed, await server.WaitAsync(runId));
            Seen.Failing["charge"] = true;
            var failed = await StartRunAsync(server, "charge");
            Assert.Equal(FlowStatus.Failed, await server.WaitAsync(failed));
            Seen.Failing.TryRemove("charge", out _);
            await OkAsync(await server.Operator.PostAsync(Api($"/runs/{N(failed)}/retry"), null));
            Assert.Equal(FlowStatus.Completed, await server.WaitAsync(failed));

            var rejected = (await OkAsync(await server.Viewer.GetAsync(Api($"/runs/{N(runId)}")))).GetProperty("audit").EnumerateArray().Last();
            var retried = (await OkAsync(await server.Viewer.GetAsync(Api($"/runs/{N(failed)}")))).GetProperty("audit").EnumerateArray().Last();

            Assert.Equal(("reject", "maria", "over budget"), (rejected.GetProperty("action").GetString(), rejected.GetProperty("by").GetString(), rejected.GetProperty("detail").GetString()));
            Assert.Equal(("retry", "olga"), (retried.GetProperty("action").GetString(), retried.GetProperty("by").GetString()));
        }

        [Fact]
        public async Task Runs_are_filtered_by_creation_time_and_idempotency_key()
        {
            await using var server = await StartAsync();
            var first = await StartRunAsync(server, "order", """{"input": {"orderId": "A-1", "amount": 1}, "idempotencyKey": "k-1"}""");
            Assert.Equal(FlowStatus.Completed, await server.WaitAsync(first));
            var createdFirst = (await server.Flows.GetRunAsync(first))!.Run.CreatedAt;
            var second = await StartRunAsync(server, "order", """{"input": {"orderId": "A-2", "amount": 1}, "idempotencyKey": "k-2"}""");
            Assert.Equal(FlowStatus.Completed, await server.WaitAsync(second));
            var createdSecond = (await server.Flows.GetRunAsync(second))!.Run.CreatedAt;
            Assert.True(createdSecond > createdFirst);

            string[] Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("runId").GetString()!).ToArray();
            var byKey = await OkAsync(await server.Viewer.GetAsync(Api("/runs?idempotencyKey=k-2")));
            var from = await OkAsync(await server.Viewer.GetAsync(Api("/runs?from=" + Uri.EscapeDataString(createdSecond.ToString("O")))));
            var to = await OkAsync(await server.Viewer.GetAsync(Api("/runs?to=" + Uri.EscapeDataString(createdSecond.ToString("O")))));

            Assert.Equal(new[] { N(second) }, Ids(byKey));
            Assert.Equal(new[] { N(second) }, Ids(from));
            Assert.Equal(new[] { N(first) }, Ids(to));
        }

        [Fact]
        public async Task A_templates_entities_are_listed_a_page_at_a_time_in_id_order()
        {
            await using var server = await StartAsync();
            var doors = server.Services.GetRequiredService<ILifecycle<Door>>();
            foreach (var name in new[] { "side", "back", "front" })
            {
                await doors.TriggerAsync(name, "Install", new Door(name), AccessLevel.Root);
            }

            var first = await OkAsync(await server.Viewer.GetAsync(Api("/lifecycles/door/entities?limit=2")));
            var token = first.GetProperty("continuation").GetString()!;
            var second = await OkAsync(await server.Viewer.GetAsync(Api("/lifecycles/door/entities?limit=2&continuation=" + Uri.EscapeDataString(token))));

            var listed = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).ToArray();
            Assert.Equal(new[] { "back", "front", "side" }, listed.Select(e => e.GetProperty("entityId").GetString()).ToArray());
            Assert.All(listed, e => Assert.Equal("Closed", e.GetProperty("state").GetString()));
            Assert.Equal(JsonValueKind.Null, second.GetProperty("continuation").ValueKind);
            await ProblemAsync(await server.Viewer.GetAsync(Api("/lifecycles/door/entities?continuation=garbage")), HttpStatusCode.BadRequest);
        }

        [Fact]
        public async Task A_deferred_item_is_listed_and_runs_at_the_next_poll_when_retried()
        {
            await using var server = await Support.ApiServer.StartAsync(Seen, o =>
            {
                o.AddFlow<OneAtATime>();
                o.Safeguards.ConcurrencyRetry = TimeSpan.FromMinutes(10); // put back for long: only a retry runs it soon
            });
            // One run takes the flow's one place, the other's item is put back (which one is the queue's business).
            var runs = new[]
            {
                await StartRunAsync(server, "one-at-a-time", """{"input": {"id": "a"}}"""),
                await StartRunAsync(server, "one-at-a-time", """{"input": {"id": "b"}}"""),
            };

            // No status says "deferred": the list is asked until the worker has put the item back.
            JsonElement item = default;
            var clock = Stopwatch.StartNew();
            while (item.ValueKind == JsonValueKind.Undefined)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "no item was ever deferred");
                item = (await OkAsync(await server.Viewer.GetAsync(Api("/deferred")))).EnumerateArray().FirstOrDefault();
                if (item.ValueKind == JsonValueKind.Undefined)
                {
                    await Task.Delay(50);
                }
            }

            var waiter = Guid.Parse(item.GetProperty("runId").GetString()!);
            var holder = runs.Single(r => r != waiter);
            Assert.Equal("one-at-a-time", item.GetProperty("flowId").GetString());
            Assert.Contains("MaxConcurrentRuns", item.GetProperty("reason").GetString());
            Seen.Open("one:a");
            Seen.Open("one:b");
            Assert.Equal(FlowStatus.Completed, await server.WaitAsync(holder));

            var retried = await server.Operator.PostAsync(Api($"/deferred/{item.GetProperty("itemId").GetInt64()}/retry"), null);

            Assert.Equal(HttpStatusCode.NoContent, retried.StatusCode);
            Assert.Equal(FlowStatus.Completed, await server.WaitAsync(waiter));
            var audit = (await OkAsync(await server.Viewer.GetAsync(Api($"/runs/{N(waiter)}")))).GetProperty("audit").EnumerateArray().Last();
            Assert.Equal(("deferred-retry", "olga"), (audit.GetProperty("action").GetString(), audit.GetProperty("by").GetString()));
        }
    }
}
