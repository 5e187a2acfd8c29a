using System;

namespace Automations.Compiled
{
    /// <summary>
    /// What starts a flow (SPEC §6). Put at most one trigger attribute on a flow class; without one the flow is
    /// started manually (by API or button). The analyzers check each trigger's settings at build time.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public abstract class TriggerAttribute : Attribute
    {
    }

    /// <summary>The flow is started by API or button with its typed input (the default).</summary>
    public sealed class ManualTriggerAttribute : TriggerAttribute
    {
    }

    /// <summary>The flow starts on a cron schedule in an IANA time zone.</summary>
    public sealed class ScheduleTriggerAttribute : TriggerAttribute
    {
        /// <summary>Starts the flow on <paramref name="cron"/>.</summary>
        /// <param name="cron">Five fields (minute hour day-of-month month day-of-week), or six with seconds first.</param>
        public ScheduleTriggerAttribute(string cron) => Cron = cron;

        /// <summary>The cron expression.</summary>
        public string Cron { get; }

        /// <summary>The IANA time zone the expression is read in, such as "Europe/Paris"; "UTC" by default.</summary>
        public string TimeZone { get; set; } = "UTC";

        /// <summary>What happens to occurrences missed while the host was down.</summary>
        public CatchUp CatchUp { get; set; }
    }

    /// <summary>Occurrences of a schedule missed during downtime.</summary>
    public enum CatchUp
    {
        /// <summary>Skip them; run at the next occurrence.</summary>
        None,

        /// <summary>Run once for all of them.</summary>
        One,

        /// <summary>Run once for each of them.</summary>
        All,
    }

    /// <summary>The flow starts when a record of an object is inserted, updated or deleted.</summary>
    public sealed class RecordTriggerAttribute : TriggerAttribute
    {
        /// <summary>Starts the flow on <paramref name="event"/> of records of <paramref name="object"/>.</summary>
        public RecordTriggerAttribute(string @object, RecordEvent @event)
        {
            Object = @object;
            Event = @event;
        }

        /// <summary>The object (table) whose records start the flow.</summary>
        public string Object { get; }

        /// <summary>When: before_* runs inline in the write and must not suspend; after_* is queued.</summary>
        public RecordEvent Event { get; }

        /// <summary>An optional CEL condition on <c>trigger.record</c> and <c>trigger.old</c>.</summary>
        public string? Condition { get; set; }
    }

    /// <summary>The moment of a record change a flow runs at.</summary>
    public enum RecordEvent
    {
        /// <summary>Inline, before an insert is written.</summary>
        BeforeInsert,

        /// <summary>Inline, before an update is written.</summary>
        BeforeUpdate,

        /// <summary>Inline, before a delete is written.</summary>
        BeforeDelete,

        /// <summary>Queued after an insert commits.</summary>
        AfterInsert,

        /// <summary>Queued after an update commits.</summary>
        AfterUpdate,

        /// <summary>Queued after a delete commits.</summary>
        AfterDelete,
    }

    /// <summary>The flow starts when an HTTP request reaches a path; its payload is <c>trigger.payload</c>.</summary>
    public sealed class WebhookTriggerAttribute : TriggerAttribute
    {
        /// <summary>Listens on <paramref name="path"/>, such as "/hooks/orders".</summary>
        public WebhookTriggerAttribute(string path) => Path = path;

        /// <summary>The path.</summary>
        public string Path { get; }

        /// <summary>"POST" (the default) or "GET".</summary>
        public string Method { get; set; } = "POST";
    }

    /// <summary>The flow starts when a named event is published.</summary>
    public sealed class EventTriggerAttribute : TriggerAttribute
    {
        /// <summary>Starts the flow on the event <paramref name="name"/>.</summary>
        public EventTriggerAttribute(string name) => Name = name;

        /// <summary>The event name.</summary>
        public string Name { get; }

        /// <summary>An optional CEL condition on <c>trigger.payload</c>.</summary>
        public string? Condition { get; set; }
    }
}
