using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Automations.Compiled.Hosting;
using Xunit;

namespace Automations.Compiled.AspNetCore.Tests
{
    /// <summary><c>/flows</c>: the list, one flow, and manual starts with their refusals.</summary>
    public sealed class ApiFlowTests : ApiTestBase
    {
        [Fact]
        public async Task The_flows_are_listed_with_their_trigger_roles_and_run_counts()
        {
            await using var server = await StartAsync();
            var runId = await StartRunAsync(server, "order", """{"input": {"orderId": "A-1", "amount": 3}}""");
            Assert.Equal(FlowStatus.Completed, await server.WaitAsync(runId));

            var flows = (await OkAsync(await server.Viewer.GetAsync(Api("/flows")))).EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!);

            Assert.Equal(new[] { "charge", "expense", "gated", "hourly", "order", "payout", "waits" }, flows.Keys.ToArray());
            var order = flows["order"];
            Assert.Equal(("Takes an order", 1, "manual", true, "durable"), (order.GetProperty("description").GetString(), order.GetProperty("latestVersion").GetInt32(),
                order.GetProperty("trigger").GetProperty("kind").GetString(), order.GetProperty("hosted").GetBoolean(), order.GetProperty("journal").GetString()));
            Assert.Equal((1, 1), (order.GetProperty("runs").GetProperty("total").GetInt32(), order.GetProperty("runs").GetProperty("completed").GetInt32()));
            Assert.Equal(new[] { "finance" }, Strings(flows["payout"].GetProperty("roles")));
            Assert.Equal(("schedule", "0 * * * * (Europe/Paris)"), (flows["hourly"].GetProperty("trigger").GetProperty("kind").GetString(), flows["hourly"].GetProperty("trigger").GetProperty("detail").GetString()));
        }

        [Fact]
        public async Task A_flow_only_another_host_has_is_listed_from_the_journal_as_not_hosted()
        {
            await using var other = await StartAsync();
            var runId = await StartRunAsync(other, "order", """{"input": {"orderId": "A-1", "amount": 3}}""");
            Assert.Equal(FlowStatus.Completed, await other.WaitAsync(runId));
            await using var server = await Support.ApiServer.StartAsync(Seen, o => o.AddFlow<GatedFlow>(), journalFile: other.JournalFile);

            var flows = (await OkAsync(await server.Viewer.GetAsync(Api("/flows")))).EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!);
            var order = await OkAsync(await server.Viewer.GetAsync(Api("/flows/order")));

            Assert.True(flows["gated"].GetProperty("hosted").GetBoolean());
            Assert.Equal((false, "unknown", 1, "Takes an order"), (flows["order"].GetProperty("hosted").GetBoolean(), flows["order"].GetProperty("trigger").GetProperty("kind").GetString(),
                flows["order"].GetProperty("runs").GetProperty("total").GetInt32(), flows["order"].GetProperty("description").GetString()));
            Assert.False(Assert.Single(order.GetProperty("versions").EnumerateArray()).GetProperty("hosted").GetBoolean());
            Assert.Empty(order.GetProperty("inputs").EnumerateArray());
            await ProblemAsync(await server.Operator.PostAsync(Api("/flows/order/runs"), Json("""{"input": {"orderId": "A-2", "amount": 3}}""")), HttpStatusCode.NotFound);
            await ProblemAsync(await server.Viewer.GetAsync(Api("/flows/order/versions/1/graph.svg")), HttpStatusCode.NotFound);
        }

        [Fact]
        public async Task A_flow_shows_its_versions_and_inputs_and_an_unknown_one_is_404()
        {
            await using var server = await StartAsync();

            var order = await OkAsync(await server.Viewer.GetAsync(Api("/flows/order")));
            var version = Assert.Single(order.GetProperty("versions").EnumerateArray());
            Assert.Equal((1, true), (version.GetProperty("version").GetInt32(), version.GetProperty("hosted").GetBoolean()));
            Assert.Equal(16, version.GetProperty("hash").GetString()!.Length);
            var inputs = order.GetProperty("inputs").EnumerateArray().Select(i => (i.GetProperty("name").GetString()!, i.GetProperty("type").GetString()!, i.GetProperty("required").GetBoolean())).ToArray();
            Assert.Equal(new[] { ("orderId", "string", true), ("amount", "number", true), ("password", "string", false) }, inputs);

            await ProblemAsync(await server.Viewer.GetAsync(Api("/flows/no-such-flow")), HttpStatusCode.NotFound);
        }

        [Fact]
        public async Task A_start_answers_201_with_the_run_and_its_address_and_a_repeated_key_returns_the_first_run()
        {
            await using var server = await StartAsync();
            const string Body = """{"input": {"orderId": "A-1", "amount": 12.5}, "idempotencyKey": "order-A-1"}""";

            var first = await server.Operator.PostAsync(Api("/flows/order/runs"), Json(Body));
            var answer = await OkAsync(first, HttpStatusCode.Created);
            var again = await OkAsync(await server.Operator.PostAsync(Api("/flows/order/runs"), Json(Body)), HttpStatusCode.Created);

            var runId = Guid.Parse(answer.GetProperty("runId").GetString()!);
            Assert.Equal(32, answer.GetProperty("runId").GetString()!.Length);
            Assert.Equal((true, "order", 1), (answer.GetProperty("created").GetBoolean(), answer.GetProperty("flowId").GetString(), answer.GetProperty("flowVersion").GetInt32()));
            Assert.Equal(Api("/runs/" + N(runId)), first.Headers.Location?.OriginalString);
            Assert.Equal((N(runId), false), (again.GetProperty("runId").GetString(), again.GetProperty("created").GetBoolean()));
            Assert.Equal(FlowStatus.Completed, await server.WaitAsync(runId));
            Assert.Equal(new[] { "take:A-1" }, Seen.Entries);
        }

        [Fact]
        public async Task Inputs_that_do_not_validate_are_422_with_an_error_per_input()
        {
            await using var server = await StartAsync();

            var problem = await ProblemAsync(await server.Operator.PostAsync(Api("/flows/order/runs"), Json("""{"input": {"orderId": 5, "colour": "red"}}""")), (HttpStatusCode)422);

            var errors = problem.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => Strings(e.Value));
            Assert.Equal(new[] { "input.amount", "input.colour", "input.orderId" }, errors.Keys.Order(StringComparer.Ordinal).ToArray());
            Assert.Equal("Input 'OrderId' of flow 'order' is a string, not a number.", Assert.Single(errors["input.orderId"]));
            Assert.Equal("Flow 'order' needs input 'Amount' (number).", Assert.Single(errors["input.amount"]));
            await ProblemAsync(await server.Operator.PostAsync(Api("/flows/order/runs"), Json("{}")), (HttpStatusCode)422);
            await ProblemAsync(await server.Operator.PostAsync(Api("/flows/gated/runs"), Json("""{"input": {"x": 1}}""")), (HttpStatusCode)422);
            Assert.Empty((await server.Flows.ListRunsAsync(new RunQuery())).Runs);
        }

        [Fact]
        public async Task A_start_of_an_unknown_flow_or_version_is_404_and_an_unreadable_body_400()
        {
            await using var server = await StartAsync();

            await ProblemAsync(await server.Operator.PostAsync(Api("/flows/no-such-flow/runs"), Json("{}")), HttpStatusCode.NotFound);
            await ProblemAsync(await server.Operator.PostAsync(Api("/flows/gated/runs"), Json("""{"version": 7}""")), HttpStatusCode.NotFound);
            await ProblemAsync(await server.Operator.PostAsync(Api("/flows/gated/runs"), Json("{not json")), HttpStatusCode.BadRequest);
            await ProblemAsync(await server.Operator.PostAsync(Api("/flows/gated/runs"), Json("[1]")), HttpStatusCode.BadRequest);
            await ProblemAsync(await server.Operator.PostAsync(Api("/flows/gated/runs"), Json("""{"version": "three"}""")), HttpStatusCode.BadRequest);
            Assert.Empty((await server.Flows.ListRunsAsync(new RunQuery())).Runs);
        }

        [Fact]
        public async Task A_start_a_kill_switch_refuses_is_409_naming_the_refused_runs_record()
        {
            await using var server = await StartAsync();
            var engaged = await OkAsync(await server.Admin.PostAsync(Api("/kill-switches"), Json("""{"scope": "payout", "mode": "cancel", "reason": "bank outage"}""")));
            Assert.True(engaged.GetProperty("changed").GetBoolean());

            var problem = await ProblemAsync(await server.As("fiona", "automations-operator", "finance").PostAsync(Api("/flows/payout/runs"), Json("{}")), HttpStatusCode.Conflict);
            var refused = Guid.Parse(problem.GetProperty("runId").GetString()!);
            Assert.Contains("bank outage", problem.GetProperty("detail").GetString());
            Assert.Equal(FlowStatus.Failed, (await server.Flows.GetRunAsync(refused))!.Run.Status);
            Assert.Empty(Seen.Entries);
        }
    }
}
