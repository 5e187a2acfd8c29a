namespace Automations.Compiled.Tests.Lifecycle
{
    public sealed record Server(string Name);

    [Flow("provision-server")]
    public sealed partial class ProvisionServer : IFlow<Server>
    {
        [Action(1)]
        private static string Provision(Server server) => "provisioned " + server.Name;
    }

    [Flow("start-server")]
    public sealed partial class StartServer : IFlow<Server>
    {
        [Action(1)]
        private static string Boot(Server server) => "booted " + server.Name;
    }

    /// <summary>SPEC §7's example: a server that is created, started, stopped, restarted and destroyed.</summary>
    [Lifecycle("server", typeof(Server), Description = "A virtual server")]
    [LifecycleState("Provisioning")]
    [LifecycleState("Stopped")]
    [LifecycleState("Starting")]
    [LifecycleState("Running")]
    [LifecycleState("Stopping")]
    [LifecycleState("Error")]
    [LifecycleState("Deleting")]
    [LifecycleState("Archived", Final = true)]
    [LifecycleAction("Create", Transit = "Provisioning", To = "Stopped", Flow = typeof(ProvisionServer))]
    [LifecycleAction("Start", From = "Stopped", Transit = "Starting", To = "Running", Error = "Error", Flow = typeof(StartServer), Priority = 1)]
    [LifecycleAction("Destroy", From = "Stopped", Transit = "Deleting", Access = AccessLevel.Manager, Priority = 9)]
    [LifecycleAction("Archive", From = "Stopped", Transit = "Deleting", To = "Archived", Access = AccessLevel.Root, Priority = 5)]
    [LifecycleAction("Stop", From = "Running", Transit = "Stopping", To = "Stopped", Priority = 1)]
    [LifecycleAction("Restart", From = "Running", Transit = "Starting", To = "Running", Error = "Error", Flow = typeof(StartServer), Priority = 2)]
    [LifecycleAction("Restart", From = "Error", Transit = "Starting", To = "Running", Error = "Error", Flow = typeof(StartServer), Priority = 1)]
    [LifecycleAction("Reset", Reference = "force-stop", From = "Error", Transit = "Stopping", To = "Stopped", Access = AccessLevel.Manager, Priority = 2, Note = "Clears the error")]
    public partial class ServerLifecycle
    {
    }
}
