// rule: AUTO6010
// message: State 'Running' is declared twice in lifecycle 'server'; remove one of them
using Automations.Compiled;

namespace RuleCases
{
    [Lifecycle("server", typeof(Server))]
    [LifecycleState("Stopped")]
    [LifecycleState("Starting")]
    [LifecycleState("Running")]
    [LifecycleState("Stopping")]
    [LifecycleState({|#0:"Running"|})]
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
    [LifecycleAction("Create", Transit = "Starting", To = "Running", Flow = typeof(StartServer))]
    [LifecycleAction("Start", From = "Stopped", Transit = "Starting", To = "Running", Flow = typeof(StartServer))]
    [LifecycleAction("Stop", From = "Running", Transit = "Stopping", To = "Stopped")]
    [LifecycleAction("Delete", From = "Stopped", Transit = "Stopping")]
    public partial class ServerLifecycle
    {
    }
}
