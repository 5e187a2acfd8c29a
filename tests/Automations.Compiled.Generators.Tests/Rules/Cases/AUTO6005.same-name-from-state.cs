// rule: AUTO6005
// message: Actions 'Start' and 'Start' are both called 'Start' from state 'Stopped'; the name picks the action offered there, so rename one of them
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
    [LifecycleAction({|#0:"Start"|}, From = "Stopped", Transit = "Starting", To = "Running", Priority = 1)]
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
    [LifecycleAction("Start Without Checks", From = "Stopped", Transit = "Starting", To = "Running", Priority = 1)]
    [LifecycleAction("Delete", From = "Stopped", Transit = "Stopping")]
    public partial class ServerLifecycle
    {
    }
}
