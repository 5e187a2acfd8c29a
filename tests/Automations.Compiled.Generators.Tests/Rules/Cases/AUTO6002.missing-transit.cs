// rule: AUTO6002
// message: Action 'Stop' has no transit state; set Transit to the state the entity shows while the action runs (such as 'Stopping') and declare that state
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
    [LifecycleAction({|#0:"Stop"|}, From = "Running", To = "Stopped")]
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
