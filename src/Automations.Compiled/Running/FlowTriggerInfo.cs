using System;
using System.Collections.Generic;

namespace Automations.Compiled
{
    /// <summary>
    /// When a flow runs (SPEC §6), as compiled: its trigger kind, its settings as written, and its CEL condition
    /// compiled to a predicate. The host reads it to schedule, route webhooks, and start flows on records and events.
    /// </summary>
    public sealed class FlowTriggerInfo
    {
        private readonly Dictionary<string, string> _settings;

        /// <summary>Created by generated code: <paramref name="settings"/> is name, value, name, value...</summary>
        public FlowTriggerInfo(string kind, string[] settings, Func<FlowTrigger, bool>? condition = null)
        {
            Kind = kind ?? throw new ArgumentNullException(nameof(kind));
            _settings = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i + 1 < (settings?.Length ?? 0); i += 2)
            {
                _settings[settings![i]] = settings[i + 1];
            }

            Condition = condition;
        }

        /// <summary>A flow without a trigger declaration: started manually.</summary>
        public static FlowTriggerInfo Manual { get; } = new("manual", Array.Empty<string>());

        /// <summary><c>manual</c>, <c>record</c>, <c>schedule</c>, <c>webhook</c> or <c>event</c>.</summary>
        public string Kind { get; }

        /// <summary>The settings as written (object, event, cron, timeZone, catchUp, path, method, condition).</summary>
        public IReadOnlyDictionary<string, string> Settings => _settings;

        /// <summary>The compiled condition; null when the trigger has none (every event matches).</summary>
        public Func<FlowTrigger, bool>? Condition { get; }

        /// <summary>A schedule's cron expression.</summary>
        public string? Cron => Get("cron");

        /// <summary>A schedule's IANA time zone; null means UTC.</summary>
        public string? TimeZone => Get("timeZone");

        /// <summary>A schedule's catch-up after downtime: <c>none</c> (default), <c>one</c> or <c>all</c>.</summary>
        public string CatchUp => Get("catchUp") ?? "none";

        /// <summary>A record trigger's object (<c>order</c>).</summary>
        public string? RecordObject => Kind == "record" ? Get("object") : null;

        /// <summary>A record trigger's event (<c>before_insert</c> ... <c>after_delete</c>), or an event trigger's event name.</summary>
        public string? Event => Get("event");

        /// <summary>A webhook's path.</summary>
        public string? Path => Get("path");

        /// <summary>A webhook's HTTP method (default POST).</summary>
        public string Method => Get("method") ?? "POST";

        /// <summary>True when <paramref name="trigger"/> satisfies the condition (always, without one).</summary>
        public bool Matches(FlowTrigger trigger) => Condition is null || Condition(trigger);

        private string? Get(string name) => _settings.TryGetValue(name, out var value) ? value : null;

        /// <inheritdoc />
        public override string ToString() => Kind;
    }
}
