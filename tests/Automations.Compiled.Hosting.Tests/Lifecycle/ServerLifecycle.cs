using System;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Host;

namespace Automations.Compiled.Hosting.Tests.Lifecycle
{
    /// <summary>The entity of the test templates: a server (its flows take it as input).</summary>
    public sealed record Server(string Name, string? Note = null);

    /// <summary>
    /// SPEC §7's server, with one of each kind of action: create with a flow, actions with a flow and an error state
    /// (Start), with a flow and no error state (Deploy: back to Stopped), without a flow (Stop, Reset, Archive), destroy
    /// without a flow (Destroy) and with one (Decommission), at each access level.
    /// </summary>
    [Lifecycle("server", typeof(Server))]
    [LifecycleState("Provisioning")]
    [LifecycleState("Stopped")]
    [LifecycleState("Starting")]
    [LifecycleState("Deploying")]
    [LifecycleState("Running")]
    [LifecycleState("Stopping")]
    [LifecycleState("Error")]
    [LifecycleState("Deleting")]
    [LifecycleState("Archived", Final = true)]
    [LifecycleAction("Create", Transit = "Provisioning", To = "Stopped", Flow = typeof(ProvisionServer))]
    [LifecycleAction("Start", From = "Stopped", Transit = "Starting", To = "Running", Error = "Error", Flow = typeof(StartServer), Priority = 1)]
    [LifecycleAction("Deploy", From = "Stopped", Transit = "Deploying", To = "Running", Flow = typeof(DeployServer), Priority = 2)]
    [LifecycleAction("Archive", From = "Stopped", Transit = "Deleting", To = "Archived", Access = AccessLevel.Root, Priority = 5)]
    [LifecycleAction("Destroy", From = "Stopped", Transit = "Deleting", Access = AccessLevel.Manager, Priority = 9)]
    [LifecycleAction("Stop", From = "Running", Transit = "Stopping", To = "Stopped", Priority = 1)]
    [LifecycleAction("Restart", From = "Running", Transit = "Starting", To = "Running", Error = "Error", Flow = typeof(StartServer), Priority = 2)]
    [LifecycleAction("Reset", Reference = "force-stop", From = "Error", Transit = "Stopping", To = "Stopped", Access = AccessLevel.Manager, Priority = 1)]
    [LifecycleAction("Decommission", From = "Error", Transit = "Deleting", Access = AccessLevel.Manager, Flow = typeof(TeardownServer), Priority = 2)]
    public partial class ServerLifecycle
    {
    }

    [Flow("provision-server")]
    public sealed partial class ProvisionServer : IFlow<Server>
    {
        private readonly Effects _e;

        public ProvisionServer(Effects e) => _e = e;

        [Action(1)]
        private Task Provision(Server server, FlowTrigger trigger) => ServerSteps.RunAsync(_e, "provision", server, trigger);
    }

    /// <summary>Two steps, so a host that stops after the first checkpoints the run between them.</summary>
    [Flow("start-server")]
    public sealed partial class StartServer : IFlow<Server>
    {
        private readonly Effects _e;

        public StartServer(Effects e) => _e = e;

        [Action(1)]
        private Task Boot(Server server, FlowTrigger trigger) => ServerSteps.RunAsync(_e, "start", server, trigger);

        [Action(2)]
        private void Announce(Server server) => _e.Add("announce:" + server.Name);
    }

    [Flow("deploy-server")]
    public sealed partial class DeployServer : IFlow<Server>
    {
        private readonly Effects _e;

        public DeployServer(Effects e) => _e = e;

        [Action(1)]
        private Task Deploy(Server server, FlowTrigger trigger) => ServerSteps.RunAsync(_e, "deploy", server, trigger);
    }

    /// <summary>A flow without input: an action's flow may take the entity or nothing.</summary>
    [Flow("teardown-server")]
    public sealed partial class TeardownServer
    {
        private readonly Effects _e;

        public TeardownServer(Effects e) => _e = e;

        [Action(1)]
        private void Teardown(FlowTrigger trigger) => _e.Add($"teardown:{trigger.EntityId}:{trigger.Action}");
    }

    /// <summary>What the test flows' steps do: record themselves with their trigger, then wait or fail when the test says so.</summary>
    internal static class ServerSteps
    {
        public static async Task RunAsync(Effects effects, string step, Server server, FlowTrigger trigger)
        {
            effects.Add($"{step}:{server.Name}:{trigger.Kind}/{trigger.Lifecycle}/{trigger.EntityId}/{trigger.Action}");
            if (effects.Held.ContainsKey(step))
            {
                await effects.Gate(step + ":" + server.Name);
            }

            if (effects.Failing.ContainsKey(step))
            {
                throw new InvalidOperationException($"{step} failed for {server.Name}");
            }
        }
    }
}
