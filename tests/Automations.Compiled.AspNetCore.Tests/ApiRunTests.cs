using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Automations.Compiled.Hosting;
using Xunit;

namespace Automations.Compiled.AspNetCore.Tests
{
    /// <summary><c>/runs</c> and <c>/dead-letters</c>: lists, the run view, and the verbs with their conflicts.</summary>
    public sealed class ApiRunTests : ApiTestBase
    {
        [Fact]
        public async Task A_run_view_has_its_steps_and_hides_secrets_in_input_and_output()
        {
            await using var server = await StartAsync();
            var runId = await StartRunAsync(server, "order", """{"input": {"orderId": "A-1", "amount": 3, "password": "hunter2-pass"}}""");
            Assert.Equal(FlowStatus.Completed, await server.WaitAsync(runId));

            var response = await server.Viewer.GetAsync(Api($"/runs/{runId:D}"));
            var text = await response.Content.ReadAsStringAsync();
            var run = await OkAsync(response);

            Assert.DoesNotContain("hunter2-pass", text);
            Assert.DoesNotContain(Support.ApiServer.Secret, text);
            Assert.Equal((N(runId), "order", "completed", "manual"), (run.GetProperty("runId").GetString(), run.GetProperty("flowId").GetString(), run.GetProperty("status").GetString(), run.GetProperty("trigger").GetString()));
            Assert.Equal(("A-1", "***"), (run.GetProperty("input").GetProperty("OrderId").GetString(), run.GetProperty("input").GetProperty("Password").GetString())); // names as the journal keeps them
            Assert.Equal(32, run.GetProperty("traceId").GetString()!.Length);
            var steps = run.GetProperty("steps").EnumerateArray().ToArray();
            Assert.Equal(new[] { "take", "authorize" }, steps.Select(s => s.GetProperty("stepId").GetString()).ToArray());
            Assert.All(steps, s => Assert.Equal("succeeded", s.GetProperty("status").GetString()));
            Assert.Equal("took A-1", steps[0].GetProperty("output").GetString());
            Assert.Equal("***", steps[1].GetProperty("output").GetString()); // a JSON string holding a secret is hidden whole
            Assert.Equal(JsonValueKindNull, run.GetProperty("waiting").ValueKind);
            Assert.Empty(Strings(run.GetProperty("actions")));
            Assert.Equal(new[] { "delete" }, Strings((await OkAsync(await server.Admin.GetAsync(Api($"/runs/{N(runId)}")))).GetProperty("actions")));
        }

        private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

        [Fact]
        public async Task An_unknown_run_is_404_for_every_verb()
        {
            await using var server = await StartAsync();
            var nobody = N(Guid.NewGuid());

            await ProblemAsync(await server.Viewer.GetAsync(Api($"/runs/{nobody}")), HttpStatusCode.NotFound);
            await ProblemAsync(await server.Viewer.GetAsync(Api("/runs/not-a-run-id")), HttpStatusCode.NotFound);
            foreach (var verb in new[] { "pause", "resume", "cancel", "retry", "approve", "reject" })
            {
                await ProblemAsync(await server.Admin.PostAsync(Api($"/runs/{nobody}/{verb}"), Json("{}")), HttpStatusCode.NotFound);
            }

            await ProblemAsync(await server.Admin.DeleteAsync(Api($"/runs/{nobody}")), HttpStatusCode.NotFound);
        }

        [Fact]
        public async Task A_waiting_run_is_paused_resumed_and_cancelled_and_its_view_offers_what_fits()
        {
            await using var server = await StartAsync();
            var runId = await StartRunAsync(server, "waits");
            Assert.Equal(FlowStatus.Waiting, await server.WaitAsync(runId, s => s == FlowStatus.Waiting));

            var waiting = await OkAsync(await server.Operator.GetAsync(Api($"/runs/{N(runId)}")));
            Assert.Equal(("event", "go"), (waiting.GetProperty("waiting").GetProperty("kind").GetString(), waiting.GetProperty("waiting").GetProperty("name").GetString()));
            Assert.Equal(new[] { "pause", "cancel" }, Strings(waiting.GetProperty("actions")));
            Assert.Empty(Strings((await OkAsync(await server.Viewer.GetAsync(Api($"/runs/{N(runId)}")))).GetProperty("actions")));

            var paused = await OkAsync(await server.Operator.PostAsync(Api($"/runs/{N(runId)}/pause"), null));
            Assert.Equal((N(runId), "paused"), (paused.GetProperty("runId").GetString(), paused.GetProperty("status").GetString()));
            Assert.Equal(new[] { "resume", "cancel" }, Strings((await OkAsync(await server.Operator.GetAsync(Api($"/runs/{N(runId)}")))).GetProperty("actions")));
            await ProblemAsync(await server.Operator.PostAsync(Api($"/runs/{N(runId)}/pause"), null), HttpStatusCode.Conflict);

            Assert.Equal("waiting", (await OkAsync(await server.Operator.PostAsync(Api($"/runs/{N(runId)}/resume"), null))).GetProperty("status").GetString());
            Assert.Equal("cancelled", (await OkAsync(await server.Operator.PostAsync(Api($"/runs/{N(runId)}/cancel"), null))).GetProperty("status").GetString());
            Assert.Equal(FlowStatus.Cancelled, (await server.Flows.GetRunAsync(runId))!.Run.Status);
            Assert.Contains("olga did 'pause' on run", server.Logs.Text, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_completed_run_cannot_be_resumed_cancelled_retried_or_decided()
        {
            await using var server = await StartAsync();
            var runId = await StartRunAsync(server, "order", """{"input": {"orderId": "A-1", "amount": 3}}""");
            Assert.Equal(FlowStatus.Completed, await server.WaitAsync(runId));

            var problem = await ProblemAsync(await server.Operator.PostAsync(Api($"/runs/{N(runId)}/resume"), null), HttpStatusCode.Conflict);
            Assert.Equal(N(runId), problem.GetProperty("runId").GetString());
            Assert.Contains("completed", problem.GetProperty("detail").GetString());
            await ProblemAsync(await server.Operator.PostAsync(Api($"/runs/{N(runId)}/cancel"), null), HttpStatusCode.Conflict);
            await ProblemAsync(await server.Operator.PostAsync(Api($"/runs/{N(runId)}/retry"), null), HttpStatusCode.Conflict);
            await ProblemAsync(await server.Operator.PostAsync(Api($"/runs/{N(runId)}/approve"), Json("{}")), HttpStatusCode.Conflict);
            await ProblemAsync(await server.Operator.PostAsync(Api($"/runs/{N(runId)}/reject"), null), HttpStatusCode.Conflict);
        }

        [Fact]
        public async Task A_running_run_is_not_deleted_and_an_ended_one_is()
        {
            await using var server = await StartAsync();
            var runId = await StartRunAsync(server, "gated");
            Assert.Equal(FlowStatus.Running, await server.WaitAsync(runId, s => s == FlowStatus.Running));

            await ProblemAsync(await server.Admin.DeleteAsync(Api($"/runs/{N(runId)}")), HttpStatusCode.Conflict);

            Seen.Open("gated");
            Assert.Equal(FlowStatus.Completed, await server.WaitAsync(runId));
            var deleted = await server.Admin.DeleteAsync(Api($"/runs/{N(runId)}"));
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            Assert.Null(await server.Flows.GetRunAsync(runId));
            await ProblemAsync(await server.Viewer.GetAsync(Api($"/runs/{N(runId)}")), HttpStatusCode.NotFound);
        }

        [Fact]
        public async Task An_approval_is_shown_waiting_and_decided_by_a_caller_with_the_steps_role()
        {
            await using var server = await StartAsync();
            var manager = server.As("maria", "automations-operator", "manager");
            var runId = await StartRunAsync(server, "expense");
            Assert.Equal(FlowStatus.Waiting, await server.WaitAsync(runId, s => s == FlowStatus.Waiting));

            var view = await OkAsync(await manager.GetAsync(Api($"/runs/{N(runId)}")));
            Assert.Equal(("approval", "decide"), (view.GetProperty("waiting").GetProperty("kind").GetString(), view.GetProperty("waiting").GetProperty("name").GetString()));
            Assert.Equal(new[] { "pause", "cancel", "approve", "reject" }, Strings(view.GetProperty("actions")));

            var answer = await OkAsync(await manager.PostAsync(Api($"/runs/{N(runId)}/approve"), Json("""{"comment": "fine by me"}""")));
            Assert.Equal(N(runId), answer.GetProperty("runId").GetString());
            Assert.Equal(FlowStatus.Completed, await server.WaitAsync(runId));
            Assert.Equal(new[] { "approved:maria:fine by me" }, Seen.Entries);
            await ProblemAsync(await manager.PostAsync(Api($"/runs/{N(runId)}/reject"), null), HttpStatusCode.Conflict);
        }

        [Fact]
        public async Task A_dead_letter_is_listed_and_retried()
        {
            await using var server = await StartAsync();
            Seen.Failing["charge"] = true;
            var runId = await StartRunAsync(server, "charge");
            Assert.Equal(FlowStatus.Failed, await server.WaitAsync(runId));
            var other = await StartRunAsync(server, "order", """{"input": {"orderId": "A-1", "amount": 3}}""");
            Assert.Equal(FlowStatus.Completed, await server.WaitAsync(other));

            var dead = await OkAsync(await server.Viewer.GetAsync(Api("/dead-letters")));
            var letter = Assert.Single(dead.GetProperty("items").EnumerateArray());
            Assert.Equal((N(runId), "failed", "card declined"), (letter.GetProperty("runId").GetString(), letter.GetProperty("status").GetString(), letter.GetProperty("error").GetProperty("message").GetString()));
            Assert.Equal(System.Text.Json.JsonValueKind.Null, dead.GetProperty("continuation").ValueKind);
            Assert.Equal(new[] { "retry", "delete" }, Strings((await OkAsync(await server.Admin.GetAsync(Api($"/runs/{N(runId)}")))).GetProperty("actions")));

            Seen.Failing.TryRemove("charge", out _);
            await OkAsync(await server.Operator.PostAsync(Api($"/runs/{N(runId)}/retry"), null));
            Assert.Equal(FlowStatus.Completed, await server.WaitAsync(runId));
            Assert.Equal(new[] { "charged" }, Seen.Entries.Where(e => e == "charged").ToArray());
            Assert.Empty((await OkAsync(await server.Viewer.GetAsync(Api("/dead-letters?flow=charge")))).GetProperty("items").EnumerateArray());
        }

        [Fact]
        public async Task Runs_are_listed_newest_first_a_page_at_a_time_filtered_by_flow_and_status()
        {
            await using var server = await StartAsync();
            var ids = new Guid[3];
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = await StartRunAsync(server, "order", "{\"input\": {\"orderId\": \"A-" + i + "\", \"amount\": 3}}");
                Assert.Equal(FlowStatus.Completed, await server.WaitAsync(ids[i]));
            }

            var waiting = await StartRunAsync(server, "waits");
            Assert.Equal(FlowStatus.Waiting, await server.WaitAsync(waiting, s => s == FlowStatus.Waiting));

            var first = await OkAsync(await server.Viewer.GetAsync(Api("/runs?flow=order&limit=2")));
            var token = first.GetProperty("continuation").GetString();
            var second = await OkAsync(await server.Viewer.GetAsync(Api($"/runs?flow=order&limit=2&continuation={Uri.EscapeDataString(token!)}")));
            var listed = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(r => r.GetProperty("runId").GetString()).ToArray();
            Assert.Equal(ids.Reverse().Select(N).ToArray(), listed);
            Assert.Equal(System.Text.Json.JsonValueKind.Null, second.GetProperty("continuation").ValueKind);

            var byStatus = await OkAsync(await server.Viewer.GetAsync(Api("/runs?status=Waiting")));
            Assert.Equal(N(waiting), Assert.Single(byStatus.GetProperty("items").EnumerateArray()).GetProperty("runId").GetString());
            Assert.Equal(4, (await OkAsync(await server.Viewer.GetAsync(Api("/runs")))).GetProperty("items").GetArrayLength());
        }

        [Theory]
        [InlineData("status=bogus")]
        [InlineData("status=3")]
        [InlineData("from=yesterday")]
        [InlineData("to=2026-13-45")]
        [InlineData("limit=0")]
        [InlineData("limit=1001")]
        [InlineData("limit=ten")]
        [InlineData("continuation=not-a-token")]
        public async Task A_query_that_cannot_be_read_is_400(string query)
        {
            await using var server = await StartAsync();

            var problem = await ProblemAsync(await server.Viewer.GetAsync(Api("/runs?" + query)), HttpStatusCode.BadRequest);

            Assert.True(problem.GetProperty("errors").TryGetProperty(query.Split('=')[0], out _));
        }

        [Fact]
        public async Task The_other_lists_refuse_a_bad_limit_too()
        {
            await using var server = await StartAsync();

            await ProblemAsync(await server.Viewer.GetAsync(Api("/dead-letters?limit=0")), HttpStatusCode.BadRequest);
            await ProblemAsync(await server.Viewer.GetAsync(Api("/deferred?limit=5000")), HttpStatusCode.BadRequest);
            await ProblemAsync(await server.Viewer.GetAsync(Api("/lifecycles/door/entities?limit=-1")), HttpStatusCode.BadRequest);
            await ProblemAsync(await server.Viewer.GetAsync(Api("/schedules?next=51")), HttpStatusCode.BadRequest);
        }
    }
}
