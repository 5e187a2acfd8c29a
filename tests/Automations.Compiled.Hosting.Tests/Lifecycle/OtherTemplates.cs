using Automations.Compiled.Hosting.Tests.Host;

namespace Automations.Compiled.Hosting.Tests.Lifecycle
{
    /// <summary>The entity of the JSON template (order.lifecycle.json), whose action runs a flow named by id.</summary>
    public sealed record Order(string Id, decimal Amount);

    [Flow("charge-order")]
    public sealed partial class ChargeOrder : IFlow<Order>
    {
        private readonly Effects _e;

        public ChargeOrder(Effects e) => _e = e;

        [Action(1)]
        private void Charge(Order order, FlowTrigger trigger)
        {
            if (_e.Failing.ContainsKey("charge"))
            {
                throw new System.InvalidOperationException("card declined for " + order.Id);
            }

            _e.Add($"charge:{order.Id}:{order.Amount}:{trigger.Kind}/{trigger.Lifecycle}/{trigger.EntityId}/{trigger.Action}");
        }
    }

    // ---- templates the host refuses (the analyzers would flag some at build time; this project runs only the generator) ----

    public sealed record Gadget(string Serial);

    public sealed record Widget(string Serial);

    /// <summary>A flow whose journal mode is none: it cannot move an entity in the commit that ends it.</summary>
    [Flow("ping-gadget", Journal = JournalMode.None)]
    public sealed partial class PingGadget : IFlow<Gadget>
    {
        [Action(1)]
        private static string Ping(Gadget gadget) => "pong " + gadget.Serial;
    }

    /// <summary>Two unfit flows: Make takes an Order, not a Gadget; Ping's flow runs in memory only.</summary>
    [Lifecycle("gadget", typeof(Gadget))]
    [LifecycleState("Making")]
    [LifecycleState("Ready", Final = true)]
    [LifecycleState("Pinging")]
    [LifecycleAction("Make", Transit = "Making", To = "Ready", Flow = typeof(ChargeOrder))]
    [LifecycleAction("Ping", From = "Ready", Transit = "Pinging", To = "Ready", Flow = typeof(PingGadget))]
    public partial class GadgetLifecycle
    {
    }

    /// <summary>A second template for <see cref="Server"/>: one ILifecycle&lt;Server&gt; cannot serve two.</summary>
    [Lifecycle("server-copy", typeof(Server))]
    [LifecycleState("Making")]
    [LifecycleState("Up", Final = true)]
    [LifecycleAction("Make", Transit = "Making", To = "Up")]
    public partial class ServerCopyLifecycle
    {
    }

    /// <summary>Another template with the id 'server'.</summary>
    [Lifecycle("server", typeof(Widget))]
    [LifecycleState("Making")]
    [LifecycleState("Up", Final = true)]
    [LifecycleAction("Make", Transit = "Making", To = "Up")]
    public partial class ServerTwinLifecycle
    {
    }
}
