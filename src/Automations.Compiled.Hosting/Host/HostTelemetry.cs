using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Automations.Compiled.Hosting
{
    /// <summary>Traces and metrics of the hosted runtime, both named "Automations.Compiled".</summary>
    public static class AutomationsTelemetry
    {
        /// <summary>The name of the <see cref="ActivitySource"/> and the <see cref="Meter"/>.</summary>
        public const string Name = "Automations.Compiled";

        /// <summary>
        /// One activity per leg of a run (from a start or a resume to its next suspension or its end), in the run's trace;
        /// one per lifecycle trigger, whose trace the action's run continues.
        /// </summary>
        public static readonly ActivitySource Source = new(Name);

        internal static readonly Meter Meter = new(Name);

        internal static readonly Counter<long> RunsStarted = Meter.CreateCounter<long>("automations.runs.started", "{run}", "Runs accepted into the journal.");

        internal static readonly Counter<long> RunsRefused = Meter.CreateCounter<long>("automations.runs.refused", "{run}", "Starts a safeguard refused (recorded as failed runs), by kind: kill switch, throttle, loop, action policy.");

        internal static readonly Counter<long> LegsHeld = Meter.CreateCounter<long>("automations.legs.held", "{leg}", "Legs put back because their flow ran its concurrency limit.");

        internal static readonly Counter<long> LegsEnded = Meter.CreateCounter<long>("automations.legs.ended", "{leg}", "Legs of runs that ended, by the status they reached.");

        internal static readonly Histogram<double> LegDuration = Meter.CreateHistogram<double>("automations.leg.duration", "ms", "How long a leg of a run took, from claim to commit.");

        internal static readonly Counter<long> LifecycleTriggers = Meter.CreateCounter<long>("automations.lifecycle.triggers", "{trigger}", "Lifecycle actions triggered, by template and result (started, moved, or the refusal).");

        internal static readonly UpDownCounter<long> ActiveLegs = Meter.CreateUpDownCounter<long>("automations.legs.active", "{leg}", "Legs executing now.");
    }
}
