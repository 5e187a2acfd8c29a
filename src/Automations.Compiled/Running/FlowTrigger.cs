namespace Automations.Compiled
{
    /// <summary>
    /// The event that started a run (SPEC §3 <c>trigger</c>): a record change, a webhook payload, an event.
    /// Steps read it through a <see cref="FlowTrigger"/> parameter; a suspended run keeps it (values read back
    /// from a snapshot as <c>System.Text.Json.JsonElement</c>).
    /// </summary>
    public sealed class FlowTrigger
    {
        /// <summary>What kind of trigger it was: <c>manual</c>, <c>record</c>, <c>schedule</c>, <c>webhook</c>, <c>event</c>, <c>lifecycle</c>.</summary>
        public string Kind { get; init; } = "manual";

        /// <summary>The record as written (<c>trigger.record</c>), for record triggers.</summary>
        public object? Record { get; init; }

        /// <summary>The record before the write (<c>trigger.old</c>), for update and delete triggers.</summary>
        public object? Old { get; init; }

        /// <summary>The payload of a webhook or event (<c>trigger.payload</c>).</summary>
        public object? Payload { get; init; }

        /// <summary>The event name, for event triggers.</summary>
        public string? EventName { get; init; }

        /// <summary>The lifecycle template id (<c>trigger.lifecycle</c>), for a lifecycle action's run.</summary>
        public string? Lifecycle { get; init; }

        /// <summary>The entity the action was triggered on (<c>trigger.entityId</c>), for a lifecycle action's run.</summary>
        public string? EntityId { get; init; }

        /// <summary>The reference of the lifecycle action (<c>trigger.action</c>), for a lifecycle action's run.</summary>
        public string? Action { get; init; }

        /// <summary>A manual start, with nothing else to tell.</summary>
        public static FlowTrigger Manual { get; } = new();
    }
}
