// rule: AUTO6003
// message: Action 'Start' names to state 'Runing', which lifecycle 'server' does not declare; did you mean 'Running'?
using Automations.Compiled;

namespace RuleCases
{
    [Lifecycle("server", typeof(Server))]
    [LifecycleState("Stopped")]
    [LifecycleState("Starting")]
    [LifecycleState("Running")]
    [LifecycleState("Stopping")]
    [LifecycleAction("Create", Transit = "Starting", To = "Running", Flow = typeof(StartServer))]
    [LifecycleAction("Start", From = "Stopped", Transit = "Starting", To = {|#0:"Runing"|}, Flow = typeof(StartServer))]
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
