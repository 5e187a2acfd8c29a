using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Automations.Compiled.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Automations.Compiled.AspNetCore.Tests
{
    /// <summary><c>/schedules</c>, <c>/kill-switches</c>, <c>/deferred</c> and <c>/lifecycles</c>.</summary>
    public sealed class ApiOperationsTests : ApiTestBase
    {
        [Fact]
        public async Task A_scheduled_flow_is_listed_with_its_next_occurrences_in_its_time_zone()
        {
            await using var server = await StartAsync();

            var schedule = Assert.Single((await OkAsync(await server.Viewer.GetAsync(Api("/schedules")))).EnumerateArray());
            var two = Assert.Single((await OkAsync(await server.Viewer.GetAsync(Api("/schedules?next=2")))).EnumerateArray());

            Assert.Equal(("hourly", "0 * * * *", "Europe/Paris"), (schedule.GetProperty("flowId").GetString(), schedule.GetProperty("cron").GetString(), schedule.GetProperty("timeZone").GetString()));
            var next = schedule.GetProperty("next").EnumerateArray().Select(n => n.GetDateTimeOffset()).ToArray();
            Assert.Equal(5, next.Length);
            Assert.All(next, n => Assert.Equal((0, 0), (n.Minute, n.Second)));
            Assert.All(next.Zip(next.Skip(1)), pair => Assert.Equal(TimeSpan.FromHours(1), pair.Second - pair.First));
            Assert.True(next[0] > DateTimeOffset.UtcNow && next[0] <= DateTimeOffset.UtcNow.AddHours(1));
            Assert.Equal(2, two.GetProperty("next").GetArrayLength());
            await ProblemAsync(await server.Viewer.GetAsync(Api("/schedules?next=0")), HttpStatusCode.BadRequest);
        }

        [Fact]
        public async Task An_admin_engages_lists_and_lifts_a_kill_switch()
        {
            await using var server = await StartAsync();
            var runId = await StartRunAsync(server, "waits");
            Assert.Equal(FlowStatus.Waiting, await server.WaitAsync(runId, s => s == FlowStatus.Waiting));

            var engaged = await OkAsync(await server.Admin.PostAsync(Api("/kill-switches"), Json("""{"scope": "waits@1", "mode": "pause", "reason": "maintenance"}""")));
            Assert.Equal((true, 1), (engaged.GetProperty("changed").GetBoolean(), engaged.GetProperty("runs").GetInt32()));
            Assert.Equal(FlowStatus.Paused, (await server.Flows.GetRunAsync(runId))!.Run.Status);

            var kill = Assert.Single((await OkAsync(await server.Viewer.GetAsync(Api("/kill-switches")))).EnumerateArray());
            Assert.Equal(("waits@1", "pause", "maintenance", "adam"), (kill.GetProperty("scope").GetString(), kill.GetProperty("mode").GetString(), kill.GetProperty("reason").GetString(), kill.GetProperty("by").GetString()));

            var lifted = await OkAsync(await server.Admin.DeleteAsync(Api("/kill-switches/" + Uri.EscapeDataString("waits@1"))));
            Assert.Equal((true, 1), (lifted.GetProperty("changed").GetBoolean(), lifted.GetProperty("runs").GetInt32()));
            Assert.Equal(FlowStatus.Waiting, await server.WaitAsync(runId, s => s == FlowStatus.Waiting));
            Assert.Empty((await OkAsync(await server.Viewer.GetAsync(Api("/kill-switches")))).EnumerateArray());
            Assert.False((await OkAsync(await server.Admin.DeleteAsync(Api("/kill-switches/*")))).GetProperty("changed").GetBoolean());
            Assert.Contains("adam engaged the kill switch on waits@1", server.Logs.Text, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("""{"scope": "a@b@0", "mode": "pause", "reason": "x"}""", "scope")]
        [InlineData("""{"scope": " ", "mode": "pause", "reason": "x"}""", "scope")]
        [InlineData("""{"scope": "*", "mode": "explode", "reason": "x"}""", "mode")]
        [InlineData("""{"scope": "*", "mode": "cancel"}""", "reason")]
        public async Task A_kill_switch_that_cannot_be_read_is_400(string body, string field)
        {
            await using var server = await StartAsync();

            var problem = await ProblemAsync(await server.Admin.PostAsync(Api("/kill-switches"), Json(body)), HttpStatusCode.BadRequest);

            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
            await ProblemAsync(await server.Admin.PostAsync(Api("/kill-switches"), Json("")), HttpStatusCode.BadRequest);
            await ProblemAsync(await server.Admin.DeleteAsync(Api("/kill-switches/flow@0")), HttpStatusCode.BadRequest);
            Assert.Empty(await server.Flows.ListKillSwitchesAsync());
        }

        [Fact]
        public async Task Nothing_deferred_is_an_empty_list_and_an_unknown_item_is_404()
        {
            await using var server = await StartAsync();

            Assert.Empty((await OkAsync(await server.Viewer.GetAsync(Api("/deferred")))).EnumerateArray());
            await ProblemAsync(await server.Operator.PostAsync(Api("/deferred/42/retry"), null), HttpStatusCode.NotFound);
            await ProblemAsync(await server.Operator.PostAsync(Api("/deferred/forty-two/retry"), null), HttpStatusCode.NotFound);
        }

        [Fact]
        public async Task The_lifecycles_are_listed_with_their_states_and_actions()
        {
            await using var server = await StartAsync();

            var door = Assert.Single((await OkAsync(await server.Viewer.GetAsync(Api("/lifecycles")))).EnumerateArray());

            Assert.Equal(("door", "Door"), (door.GetProperty("template").GetString(), door.GetProperty("entityType").GetString()));
            Assert.Equal(new[] { "Closed", "Installing", "Opening", "Open", "Locking", "Removing" }, door.GetProperty("states").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToArray());
            var remove = door.GetProperty("actions").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "Remove");
            Assert.Equal(("Closed", "root"), (remove.GetProperty("from").GetString(), remove.GetProperty("access").GetString()));
            Assert.Equal(System.Text.Json.JsonValueKind.Null, remove.GetProperty("to").ValueKind);
        }

        [Fact]
        public async Task An_entity_shows_its_history_and_the_actions_the_callers_access_allows()
        {
            await using var server = await StartAsync();
            var doors = server.Services.GetRequiredService<ILifecycle<Door>>();
            await doors.TriggerAsync("front", "Install", new Door("front"), AccessLevel.Root);

            var asViewer = await OkAsync(await server.Viewer.GetAsync(Api("/lifecycles/door/entities/front")));
            var asOperator = await OkAsync(await server.Operator.GetAsync(Api("/lifecycles/door/entities/front")));
            var asAdmin = await OkAsync(await server.Admin.GetAsync(Api("/lifecycles/door/entities/front")));

            Assert.Equal(("door", "front", "Closed"), (asViewer.GetProperty("template").GetString(), asViewer.GetProperty("entityId").GetString(), asViewer.GetProperty("state").GetString()));
            var history = asViewer.GetProperty("history").EnumerateArray().ToArray();
            Assert.Equal("install", history[^1].GetProperty("action").GetString());
            Assert.Equal("Closed", history[^1].GetProperty("to").GetString());
            Assert.Empty(asViewer.GetProperty("actions").EnumerateArray());
            Assert.Equal(new[] { "Open", "Lock" }, asOperator.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("name").GetString()).ToArray());
            Assert.Equal(new[] { "Open", "Lock", "Remove" }, asAdmin.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("name").GetString()).ToArray());
            await ProblemAsync(await server.Viewer.GetAsync(Api("/lifecycles/door/entities/back")), HttpStatusCode.NotFound);
            await ProblemAsync(await server.Viewer.GetAsync(Api("/lifecycles/window/entities/front")), HttpStatusCode.NotFound);
            await ProblemAsync(await server.Viewer.GetAsync(Api("/lifecycles/window/entities")), HttpStatusCode.NotFound);
        }
    }
}
