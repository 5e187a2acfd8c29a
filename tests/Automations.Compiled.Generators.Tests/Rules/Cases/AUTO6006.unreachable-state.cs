// rule: AUTO6006
// message: State 'Archived' cannot be reached from any create action of lifecycle 'server'; add an action that leads to it, or remove it
using Automations.Compiled;

namespace RuleCases
{
    [Lifecycle("server", typeof(Server))]
    [LifecycleState("Stopped")]
    [LifecycleState("Starting")]
    [LifecycleState("Running")]
    [LifecycleState("Stopping")]
    [LifecycleState({|#0:"Archived"|}, Final = true)]
    [LifecycleAction("Create", Transit = "Starting", To = "Running", Flow = typeof(StartServer))]
    [LifecycleAction("Start", From = "Stopped", Transit = "Starting", To = "Running", Flow = typeof(StartServer))]
    [LifecycleAction("Stop", From = "Running", Transit = "Stopping", To = "Stopped")]
    [LifecycleAction("Delete", From = "Stopped", Transit = "Stopping")]
    public partial class ServerLifecycle
    {
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Lifecycle("server", typeof(Server))]
    [LifecycleState("Stopped")]
    [LifecycleState("Starting")]
    [LifecycleState("Running")]
    [LifecycleState("Stopping")]
    [LifecycleState("Archived", Final = true)]
    [LifecycleAction("Create", Transit = "Starting", To = "Running", Flow = typeof(StartServer))]
    [LifecycleAction("Start", From = "Stopped", Transit = "Starting", To = "Running", Flow = typeof(StartServer))]
    [LifecycleAction("Stop", From = "Running", Transit = "Stopping", To = "Stopped")]
    [LifecycleAction("Archive", From = "Stopped", Transit = "Stopping", To = "Archived")]
    [LifecycleAction("Delete", From = "Stopped", Transit = "Stopping")]
    public partial class ServerLifecycle
    {
    }
}
