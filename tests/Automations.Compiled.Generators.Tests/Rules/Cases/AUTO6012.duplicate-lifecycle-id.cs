// rule: AUTO6012
// message: Lifecycle id 'server' is declared by 'RuleCases.ServerLifecycle' and by 'RuleCases.SmallServerLifecycle'; a host finds templates by id, so give one of them another id
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

    [Lifecycle({|#0:"server"|}, typeof(Server))]
    [LifecycleState("Running", Final = true)]
    [LifecycleState("Starting")]
    [LifecycleAction("Create", Transit = "Starting", To = "Running")]
    public partial class SmallServerLifecycle
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

    [Lifecycle("small-server", typeof(Server))]
    [LifecycleState("Running", Final = true)]
    [LifecycleState("Starting")]
    [LifecycleAction("Create", Transit = "Starting", To = "Running")]
    public partial class SmallServerLifecycle
    {
    }
}
