using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Host;
using Automations.Compiled.Hosting.Tests.Lifecycle;
using Automations.Compiled.Hosting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>SPEC §7 through a real generic host on a real journal file: triggers, flows that end, refusals, races, history, restarts.</summary>
    public abstract class LifecycleHostContract<TBackend> : HostTest<TBackend>
        where TBackend : IJournalBackend, new()
    {
        private const string Id = "srv-1";

        private Task<TestHost> StartHostAsync()
            => StartTestHostAsync(o => o
                .AddFlow<ProvisionServer>().AddFlow<StartServer>().AddFlow<DeployServer>().AddFlow<TeardownServer>()
                .AddLifecycle<ServerLifecycle>());

        private static ILifecycle<Server> Servers(TestHost host) => host.Services.GetRequiredService<ILifecycle<Server>>();

        private static async Task<EntityState?> RestAsync(ILifecycle<Server> servers, string id = Id)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return await servers.WaitForRestAsync(id, timeout.Token);
        }

        /// <summary>Creates the server and waits until it rests in Stopped.</summary>
        private static async Task<EntityState> CreatedAsync(ILifecycle<Server> servers, string id = Id)
        {
            await servers.TriggerAsync(id, "Create", new Server(id), AccessLevel.User);
            var rested = await RestAsync(servers, id);
            Assert.Equal("Stopped", rested?.State);
            return rested!;
        }

        private static string[] Moves(IEnumerable<EntityHistoryEntry> history)
            => history.Select(h => $"{h.Action}: {h.From ?? "-"} -> {h.To ?? "-"} {h.Outcome}").ToArray();

        [Fact]
        public async Task A_create_action_shows_the_entity_in_transit_while_its_flow_runs_then_in_its_to_state()
        {
            await using var host = await StartHostAsync();
            var servers = Servers(host);
            Effects.Held["provision"] = true;
            Assert.Null(await servers.GetAsync(Id));

            var transition = await servers.TriggerAsync(Id, "create", new Server(Id), AccessLevel.User);

            Assert.Equal(("create", null, "Provisioning", 1L), (transition.Action.Reference, transition.From, transition.State, transition.Revision));
            var runId = Assert.IsType<Guid>(transition.RunId);
            var inFlight = (await servers.GetAsync(Id))!;
            Assert.Equal(("Provisioning", "create", runId, false), (inFlight.State, inFlight.InFlight, inFlight.RunId, inFlight.AtRest));
            Assert.Empty(await servers.GetAvailableActionsAsync(Id, AccessLevel.Root));
            var run = (await host.Client.GetRunAsync(runId))!.Run;
            Assert.Equal(("provision-server", "lifecycle"), (run.FlowId, run.TriggerKind));

            Effects.Open("provision:" + Id);
            var rested = (await RestAsync(servers))!;

            Assert.Equal(("Stopped", null, null, 2L), (rested.State, rested.InFlight, rested.RunId, rested.Revision));
            Assert.Equal(FlowStatus.Completed, (await host.Client.GetRunAsync(runId))!.Run.Status);
            Assert.Equal(new[] { $"provision:{Id}:lifecycle/server/{Id}/create" }, Effects.Entries);
            var history = await servers.GetHistoryAsync(Id);
            Assert.Equal(new[] { "create: - -> Provisioning started", "create: Provisioning -> Stopped completed" }, Moves(history));
            Assert.All(history, h => Assert.Equal(runId, h.RunId));
            Assert.Equal(new AccessLevel?[] { AccessLevel.User, null }, history.Select(h => h.Access));
        }

        [Fact]
        public async Task An_action_whose_flow_a_kill_switch_covers_is_refused_whole_and_the_entity_does_not_move()
        {
            await using var host = await StartHostAsync();
            var servers = Servers(host);
            await host.Client.EngageKillSwitchAsync(KillScope.Flow("provision-server"), KillMode.Pause, "cloud quota");

            var refused = await Assert.ThrowsAsync<FlowRefusedException>(() => servers.TriggerAsync(Id, "create", new Server(Id), AccessLevel.User));

            Assert.Contains("cloud quota", refused.Message, StringComparison.Ordinal);
            Assert.Null(await servers.GetAsync(Id)); // not created, not left in transit on a dead letter
            Assert.Empty((await host.Client.ListRunsAsync(new RunQuery { FlowId = "provision-server" })).Runs);

            await host.Client.LiftKillSwitchAsync(KillScope.Flow("provision-server"));
            var transition = await servers.TriggerAsync(Id, "create", new Server(Id), AccessLevel.User);
            Assert.Equal("Provisioning", transition.State);
        }

        [Fact]
        public async Task Available_actions_are_the_ones_from_the_current_state_in_priority_order_filtered_by_access()
        {
            await using var host = await StartHostAsync();
            var servers = Servers(host);
            Assert.Equal(new[] { "Create" }, (await servers.GetAvailableActionsAsync(Id, AccessLevel.User)).Select(a => a.Name));
            await CreatedAsync(servers);

            Assert.Equal(new[] { "Start", "Deploy" }, (await servers.GetAvailableActionsAsync(Id, AccessLevel.User)).Select(a => a.Name));
            Assert.Equal(new[] { "Start", "Deploy", "Destroy" }, (await servers.GetAvailableActionsAsync(Id, AccessLevel.Manager)).Select(a => a.Name));
            Assert.Equal(new[] { "Start", "Deploy", "Archive", "Destroy" }, (await servers.GetAvailableActionsAsync(Id, AccessLevel.Root)).Select(a => a.Name));
        }

        [Fact]
        public async Task A_flow_that_succeeds_moves_the_entity_to_the_actions_to_state()
        {
            await using var host = await StartHostAsync();
            var servers = Servers(host);
            await CreatedAsync(servers);

            var transition = await servers.TriggerAsync(Id, "Start", new Server(Id), AccessLevel.User);

            Assert.Equal(("Stopped", "Starting", true), (transition.From, transition.State, transition.InFlight));
            var rested = (await RestAsync(servers))!;
            Assert.Equal(("Running", 4L), (rested.State, rested.Revision));
            Assert.Equal(FlowStatus.Completed, (await host.Client.GetRunAsync(transition.RunId!.Value))!.Run.Status);
            Assert.Contains($"start:{Id}:lifecycle/server/{Id}/start", Effects.Entries);
            Assert.Contains("announce:" + Id, Effects.Entries);
        }

        [Fact]
        public async Task A_flow_that_fails_moves_the_entity_to_the_actions_error_state()
        {
            await using var host = await StartHostAsync();
            var servers = Servers(host);
            await CreatedAsync(servers);
            Effects.Failing["start"] = true;

            var transition = await servers.TriggerAsync(Id, "Start", new Server(Id), AccessLevel.User);

            Assert.Equal("Error", (await RestAsync(servers))!.State);
            Assert.Equal(FlowStatus.Failed, (await host.Client.GetRunAsync(transition.RunId!.Value))!.Run.Status);
            Assert.DoesNotContain("announce:" + Id, Effects.Entries);
            Assert.Equal("start: Starting -> Error failed", Moves(await servers.GetHistoryAsync(Id)).Last());
            Assert.Equal(new[] { "Reset", "Decommission" }, (await servers.GetAvailableActionsAsync(Id, AccessLevel.Manager)).Select(a => a.Name));
        }

        [Fact]
        public async Task A_flow_that_fails_where_the_action_has_no_error_state_moves_the_entity_back_to_its_from_state()
        {
            await using var host = await StartHostAsync();
            var servers = Servers(host);
            await CreatedAsync(servers);
            Effects.Failing["deploy"] = true;

            var transition = await servers.TriggerAsync(Id, "deploy", new Server(Id), AccessLevel.User);

            Assert.Equal("Deploying", transition.State);
            Assert.Equal("Stopped", (await RestAsync(servers))!.State);
            Assert.Equal(FlowStatus.Failed, (await host.Client.GetRunAsync(transition.RunId!.Value))!.Run.Status);
            Assert.Equal(new[] { "deploy: Stopped -> Deploying started", "deploy: Deploying -> Stopped failed" }, Moves(await servers.GetHistoryAsync(Id)).Skip(2));
        }

        [Fact]
        public async Task A_create_whose_flow_fails_without_an_error_state_leaves_no_entity_and_the_id_can_be_created_again()
        {
            await using var host = await StartHostAsync();
            var servers = Servers(host);
            Effects.Failing["provision"] = true;

            var transition = await servers.TriggerAsync(Id, "Create", new Server(Id), AccessLevel.User);

            Assert.Null(await RestAsync(servers));
            Assert.Null(await servers.GetAsync(Id));
            Assert.Equal(FlowStatus.Failed, (await host.Client.GetRunAsync(transition.RunId!.Value))!.Run.Status);
            Assert.Equal(new[] { "create: - -> Provisioning started", "create: Provisioning -> - failed" }, Moves(await servers.GetHistoryAsync(Id)));

            Effects.Failing.Clear();
            var again = await servers.TriggerAsync(Id, "Create", new Server(Id), AccessLevel.User);
            Assert.Equal(3, again.Revision); // revisions never repeat for an id
            Assert.Equal("Stopped", (await RestAsync(servers))!.State);
        }

        [Fact]
        public async Task A_destroy_action_removes_the_entity_keeps_its_history_and_the_id_can_be_created_again()
        {
            await using var host = await StartHostAsync();
            var servers = Servers(host);
            var created = await CreatedAsync(servers);

            var destroyed = await servers.TriggerAsync(Id, "Destroy", new Server(Id), AccessLevel.Manager);

            Assert.Equal(("Stopped", null, null, false), (destroyed.From, destroyed.State, destroyed.RunId, destroyed.InFlight));
            Assert.Null(await servers.GetAsync(Id));
            Assert.Equal(new[] { "Create" }, (await servers.GetAvailableActionsAsync(Id, AccessLevel.Root)).Select(a => a.Name));
            Assert.Equal(
                new[] { "create: - -> Provisioning started", "create: Provisioning -> Stopped completed", "destroy: Stopped -> Deleting moved", "destroy: Deleting -> - moved" },
                Moves(await servers.GetHistoryAsync(Id)));

            var recreated = await CreatedAsync(servers);
            Assert.True(recreated.Revision > created.Revision, $"revision {recreated.Revision} after {created.Revision}");
            Assert.True(recreated.CreatedAt >= created.UpdatedAt);
            Assert.Equal(6, (await servers.GetHistoryAsync(Id)).Count);
        }

        [Fact]
        public async Task A_destroy_action_with_a_flow_removes_the_entity_when_its_flow_completes()
        {
            await using var host = await StartHostAsync();
            var servers = Servers(host);
            await CreatedAsync(servers);
            Effects.Failing["start"] = true;
            await servers.TriggerAsync(Id, "Start", new Server(Id), AccessLevel.User);
            Assert.Equal("Error", (await RestAsync(servers))!.State);

            var transition = await servers.TriggerAsync(Id, "decommission", new Server(Id), AccessLevel.Root);

            Assert.Equal("Deleting", transition.State);
            Assert.Null(await RestAsync(servers));
            Assert.Contains($"teardown:{Id}:decommission", Effects.Entries);
            Assert.Equal("decommission: Deleting -> - completed", Moves(await servers.GetHistoryAsync(Id)).Last());
        }

        [Fact]
        public async Task An_action_without_a_flow_moves_through_its_transit_state_at_once()
        {
            await using var host = await StartHostAsync();
            var servers = Servers(host);
            await CreatedAsync(servers);
            await servers.TriggerAsync(Id, "Start", new Server(Id), AccessLevel.User);
            var running = (await RestAsync(servers))!;
            var runs = (await host.Client.ListRunsAsync(new RunQuery())).Runs.Count;

            var stop = await servers.TriggerAsync(Id, "Stop", new Server(Id), AccessLevel.User);

            Assert.Equal(("Running", "Stopped", null, running.Revision + 1), (stop.From, stop.State, stop.RunId, stop.Revision));
            var stopped = (await servers.GetAsync(Id))!;
            Assert.Equal(("Stopped", true, running.Revision + 1), (stopped.State, stopped.AtRest, stopped.Revision));
            Assert.Equal(runs, (await host.Client.ListRunsAsync(new RunQuery())).Runs.Count);
            var last = (await servers.GetHistoryAsync(Id)).TakeLast(2).ToArray();
            Assert.Equal(new[] { "stop: Running -> Stopping moved", "stop: Stopping -> Stopped moved" }, Moves(last));
            Assert.All(last, h => Assert.Null(h.RunId));
            Assert.All(last, h => Assert.Equal(AccessLevel.User, h.Access));
        }

        [Fact]
        public async Task Refusals_say_why_and_what_to_do_and_write_nothing()
        {
            await using var host = await StartHostAsync();
            var servers = Servers(host);

            var missing = await Assert.ThrowsAsync<LifecycleException>(() => servers.TriggerAsync(Id, "Start", new Server(Id), AccessLevel.Root));
            Assert.Equal(LifecycleError.NotAvailable, missing.Error);
            Assert.Equal($"Action 'Start' is not available: server '{Id}' does not exist; available: Create.", missing.Message);

            await CreatedAsync(servers);
            var before = await servers.GetAsync(Id);
            var runs = (await host.Client.ListRunsAsync(new RunQuery())).Runs.Count;

            var unknown = await Assert.ThrowsAsync<LifecycleException>(() => servers.TriggerAsync(Id, "Explode", new Server(Id), AccessLevel.Root));
            Assert.Equal(LifecycleError.UnknownAction, unknown.Error);
            Assert.Equal("Lifecycle 'server' has no action 'Explode' (by name or reference); its actions are Create, Start, Stop, Reset, Deploy, Restart, Decommission, Archive, Destroy.", unknown.Message);

            var stop = await Assert.ThrowsAsync<LifecycleException>(() => servers.TriggerAsync(Id, "Stop", new Server(Id), AccessLevel.User));
            Assert.Equal(LifecycleError.NotAvailable, stop.Error);
            Assert.Equal($"Action 'Stop' is not available while server '{Id}' is 'Stopped'; available: Start, Deploy.", stop.Message);

            var exists = await Assert.ThrowsAsync<LifecycleException>(() => servers.TriggerAsync(Id, "Create", new Server(Id), AccessLevel.User));
            Assert.Equal(LifecycleError.NotAvailable, exists.Error);

            var denied = await Assert.ThrowsAsync<LifecycleException>(() => servers.TriggerAsync(Id, "Destroy", new Server(Id), AccessLevel.User));
            Assert.Equal(LifecycleError.AccessDenied, denied.Error);
            Assert.Equal($"Action 'Destroy' on server '{Id}' needs Manager access; the caller has User. Trigger it as a Manager or higher caller.", denied.Message);
            Assert.Equal(("server", Id, "Destroy"), (denied.Template, denied.EntityId, denied.Action));
            var root = await Assert.ThrowsAsync<LifecycleException>(() => servers.TriggerAsync(Id, "archive", new Server(Id), AccessLevel.Manager));
            Assert.Equal(LifecycleError.AccessDenied, root.Error);

            Assert.Equal(before, await servers.GetAsync(Id));
            Assert.Equal(2, (await servers.GetHistoryAsync(Id)).Count);
            Assert.Equal(runs, (await host.Client.ListRunsAsync(new RunQuery())).Runs.Count);
        }

        [Fact]
        public async Task A_trigger_while_an_action_is_in_flight_is_a_conflict_that_names_the_action_and_its_run()
        {
            await using var host = await StartHostAsync();
            var servers = Servers(host);
            await CreatedAsync(servers);
            Effects.Held["start"] = true;
            var start = await servers.TriggerAsync(Id, "Start", new Server(Id), AccessLevel.User);

            var busy = await Assert.ThrowsAsync<LifecycleException>(() => servers.TriggerAsync(Id, "Destroy", new Server(Id), AccessLevel.Root));

            Assert.Equal(LifecycleError.Conflict, busy.Error);
            Assert.Equal($"Conflict: server '{Id}' is in flight (action 'Start', run {start.RunId:N}); wait until it rests (WaitForRestAsync) and trigger 'Destroy' again.", busy.Message);
            var unknown = await Assert.ThrowsAsync<LifecycleException>(() => servers.TriggerAsync(Id, "Explode", new Server(Id), AccessLevel.Root));
            Assert.Equal(LifecycleError.UnknownAction, unknown.Error); // an unknown action is reported first

            Effects.Open("start:" + Id);
            Assert.Equal("Running", (await RestAsync(servers))!.State);
        }

        [Fact]
        public async Task Sixteen_concurrent_triggers_of_one_action_on_one_entity_start_exactly_one_run()
        {
            await using var host = await StartHostAsync();
            var servers = Servers(host);
            await CreatedAsync(servers);
            Effects.Held["start"] = true; // the winner's run stays in flight until every trigger has returned

            var triggers = Enumerable.Range(0, 16).Select(_ => Task.Run(() => servers.TriggerAsync(Id, "Start", new Server(Id), AccessLevel.User))).ToArray();
            try
            {
                await Task.WhenAll(triggers);
            }
            catch (LifecycleException)
            {
                // Asserted below, trigger by trigger.
            }

            var winner = await Assert.Single(triggers, t => t.IsCompletedSuccessfully);
            var losers = triggers.Where(t => !t.IsCompletedSuccessfully).Select(t => Assert.IsType<LifecycleException>(t.Exception!.InnerException)).ToArray();
            Assert.Equal(15, losers.Length);
            Assert.All(losers, l => Assert.Equal(LifecycleError.Conflict, l.Error));
            var starts = (await host.Client.ListRunsAsync(new RunQuery { FlowId = "start-server" })).Runs;
            Assert.Equal(winner.RunId, Assert.Single(starts).RunId);
            Assert.Single(await servers.GetHistoryAsync(Id), h => h.Outcome == EntityOutcome.Started && h.Action == "start");

            Effects.Open("start:" + Id);
            Assert.Equal("Running", (await RestAsync(servers))!.State);
            Assert.Equal(1, Effects.Count($"start:{Id}:lifecycle/server/{Id}/start"));
        }

        [Fact]
        public async Task The_history_keeps_every_move_in_order_with_its_outcome_run_and_access()
        {
            await using var host = await StartHostAsync();
            var servers = Servers(host);
            await CreatedAsync(servers);
            Effects.Failing["start"] = true;
            var failed = await servers.TriggerAsync(Id, "Start", new Server(Id), AccessLevel.User);
            await RestAsync(servers);
            Effects.Failing.Clear();
            await servers.TriggerAsync(Id, "force-stop", new Server(Id), AccessLevel.Manager);
            var started = await servers.TriggerAsync(Id, "Start", new Server(Id), AccessLevel.Root);
            await RestAsync(servers);
            await servers.TriggerAsync(Id, "Stop", new Server(Id), AccessLevel.User);

            var history = await servers.GetHistoryAsync(Id);

            Assert.Equal(
                new[]
                {
                    "create: - -> Provisioning started", "create: Provisioning -> Stopped completed",
                    "start: Stopped -> Starting started", "start: Starting -> Error failed",
                    "force-stop: Error -> Stopping moved", "force-stop: Stopping -> Stopped moved",
                    "start: Stopped -> Starting started", "start: Starting -> Running completed",
                    "stop: Running -> Stopping moved", "stop: Stopping -> Stopped moved",
                },
                Moves(history));
            Assert.Equal(history.Select(h => h.Sequence).Order(), history.Select(h => h.Sequence));
            Assert.Equal(new Guid?[] { failed.RunId, failed.RunId }, history.Skip(2).Take(2).Select(h => h.RunId));
            Assert.Equal(new Guid?[] { started.RunId, started.RunId }, history.Skip(6).Take(2).Select(h => h.RunId));
            Assert.Equal(
                new AccessLevel?[] { AccessLevel.User, null, AccessLevel.User, null, AccessLevel.Manager, AccessLevel.Manager, AccessLevel.Root, null, AccessLevel.User, AccessLevel.User },
                history.Select(h => h.Access));
            Assert.Equal(8, (await servers.GetAsync(Id))!.Revision); // one per committed move: a move without a flow is one
        }

        [Fact]
        public async Task Retrying_a_failed_run_later_does_not_move_the_entity_again()
        {
            await using var host = await StartHostAsync();
            var servers = Servers(host);
            await CreatedAsync(servers);
            Effects.Failing["start"] = true;
            var start = await servers.TriggerAsync(Id, "Start", new Server(Id), AccessLevel.User);
            var error = (await RestAsync(servers))!;
            Assert.Equal("Error", error.State);

            Effects.Failing.Clear();
            await host.Client.RetryAsync(start.RunId!.Value);

            Assert.Equal(FlowStatus.Completed, await host.Client.UntilAsync(start.RunId.Value, FlowStatus.Completed));
            Assert.Equal(error, await servers.GetAsync(Id));
            Assert.Equal(4, (await servers.GetHistoryAsync(Id)).Count);
        }

        [Fact]
        public async Task Cancelling_the_actions_run_moves_the_entity_as_a_failure_does()
        {
            await using var host = await StartHostAsync();
            var servers = Servers(host);
            await CreatedAsync(servers);
            Effects.Held["start"] = true;
            var start = await servers.TriggerAsync(Id, "Start", new Server(Id), AccessLevel.User);
            await WaitUntil(() => Effects.Entries.Any(e => e.StartsWith("start:", StringComparison.Ordinal)));

            await host.Client.CancelAsync(start.RunId!.Value); // taken at the run's next checkpoint
            Effects.Open("start:" + Id);

            Assert.Equal(FlowStatus.Cancelled, await host.Client.UntilAsync(start.RunId.Value, FlowStatus.Cancelled));
            Assert.Equal("Error", (await RestAsync(servers))!.State);
            Assert.Equal("start: Starting -> Error cancelled", Moves(await servers.GetHistoryAsync(Id)).Last());
        }

        [Fact]
        public async Task A_host_stopped_while_the_actions_flow_runs_finishes_it_after_a_restart_and_moves_the_entity()
        {
            Guid runId;
            await using (var first = await StartHostAsync())
            {
                var servers = Servers(first);
                await CreatedAsync(servers);
                Effects.Held["start"] = true;
                runId = (await servers.TriggerAsync(Id, "Start", new Server(Id), AccessLevel.User)).RunId!.Value;
                await WaitUntil(() => Effects.Entries.Any(e => e.StartsWith("start:", StringComparison.Ordinal)));
                var stopping = first.StopAsync();
                Effects.Open("start:" + Id); // the step in flight finishes and is committed; the run is handed back before Announce
                await stopping;
                Assert.Equal(("Starting", "start", runId), ((await servers.GetAsync(Id))!.State, (await servers.GetAsync(Id))!.InFlight, (await servers.GetAsync(Id))!.RunId));
            }

            Assert.DoesNotContain("announce:" + Id, Effects.Entries);
            await using var second = await StartHostAsync();
            var again = Servers(second);

            var rested = (await RestAsync(again))!;

            Assert.Equal(("Running", true), (rested.State, rested.AtRest));
            Assert.Equal(FlowStatus.Completed, (await second.Client.GetRunAsync(runId))!.Run.Status);
            Assert.Equal(1, Effects.Count($"start:{Id}:lifecycle/server/{Id}/start")); // the committed step did not run again
            Assert.Equal(1, Effects.Count("announce:" + Id));
            Assert.Equal("start: Starting -> Running completed", Moves(await again.GetHistoryAsync(Id)).Last());
        }

        private sealed class FixedSecrets : ISecretResolver
        {
            public ValueTask<string?> ResolveAsync(string name, CancellationToken cancellationToken) => new(name == "ROOT_PASSWORD" ? "pw-5e1f0c9a77d24b" : null);
        }

        [Fact]
        public async Task The_entity_reaches_the_journal_with_the_secret_values_the_host_resolved_taken_out()
        {
            const string secret = "pw-5e1f0c9a77d24b";
            Guid runId;
            await using (var host = await StartTestHostAsync(
                o => o.AddFlow<ProvisionServer>().AddFlow<StartServer>().AddFlow<DeployServer>().AddFlow<TeardownServer>().AddLifecycle<ServerLifecycle>(),
                s => s.AddSingleton<ISecretResolver, FixedSecrets>()))
            {
                Assert.Equal(secret, await host.Services.GetRequiredService<IHostedFlows>().Secrets.ResolveAsync("ROOT_PASSWORD", default));
                var servers = Servers(host);

                runId = (await servers.TriggerAsync(Id, "Create", new Server(Id, Note: secret), AccessLevel.User)).RunId!.Value;

                Assert.Equal("Stopped", (await RestAsync(servers))!.State);
                var payload = System.Text.Encoding.UTF8.GetString((await host.Client.GetRunAsync(runId))!.Payload.Span);
                Assert.Contains("***", payload, StringComparison.Ordinal);
                Assert.DoesNotContain(secret, payload, StringComparison.Ordinal);
            }

            foreach (var file in System.IO.Directory.GetFiles(Folder.Path))
            {
                Assert.True(System.IO.File.ReadAllBytes(file).AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(secret)) < 0, $"the secret is in {System.IO.Path.GetFileName(file)}");
            }
        }

        [Fact]
        public async Task A_JSON_template_runs_the_flow_its_action_names_by_id()
        {
            await using var host = await StartTestHostAsync(o => o.AddFlow<ChargeOrder>().AddLifecycle<OrderLifecycle>());
            var orders = host.Services.GetRequiredService<ILifecycle<Order>>();
            var order = new Order("A-7", 12m);
            Assert.Equal("Open", (await orders.TriggerAsync("A-7", "place", order, AccessLevel.User)).State);
            Effects.Failing["charge"] = true;

            var declined = await orders.TriggerAsync("A-7", "Pay Now", order, AccessLevel.User);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            Assert.Equal("Open", (await orders.WaitForRestAsync("A-7", timeout.Token))!.State); // no error state: back to Open

            Effects.Failing.Clear();
            var paid = await orders.TriggerAsync("A-7", "pay-now", order, AccessLevel.User);
            Assert.Equal("Paid", (await orders.WaitForRestAsync("A-7", timeout.Token))!.State);
            Assert.NotEqual(declined.RunId, paid.RunId);
            Assert.Equal(new[] { "charge:A-7:12:lifecycle/order/A-7/pay-now" }, Effects.Entries);
        }
    }
}
