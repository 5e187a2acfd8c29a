using System;

namespace Automations.Compiled
{
    /// <summary>Per-run settings for an in-memory run.</summary>
    public sealed class FlowRunOptions
    {
        internal static readonly FlowRunOptions Default = new();

        /// <summary>The run id; a new one when empty.</summary>
        public Guid RunId { get; set; }

        /// <summary>The event that started the run; <see cref="FlowTrigger.Manual"/> when not set.</summary>
        public FlowTrigger? Trigger { get; set; }

        /// <summary>Receives every step record; null (default) records nothing and costs nothing.</summary>
        public IFlowObserver? Observer { get; set; }

        /// <summary>The clock and timers for retry delays and wait deadlines. Default <see cref="TimeProvider.System"/>.</summary>
        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

        /// <summary>Resolves <c>[Secret]</c> parameters at call time. Default: environment variables.</summary>
        public ISecretResolver? Secrets { get; set; }

        /// <summary>Serves query, create, update and delete steps.</summary>
        public IRecordStore? Records { get; set; }

        /// <summary>Serves subflow steps.</summary>
        public FlowCatalog? Flows { get; set; }

        /// <summary>The subflow depth of this run (0 for a top-level run).</summary>
        public int Depth { get; set; }

        /// <summary>
        /// Commits the run at every step boundary (flows with journal mode <see cref="JournalMode.Durable"/>); null
        /// (default) takes no checkpoints and costs nothing.
        /// </summary>
        public IFlowCheckpoints? Checkpoints { get; set; }

        /// <summary>The run's W3C trace id; when null, the ambient <see cref="System.Diagnostics.Activity"/>'s, else a new one.</summary>
        public System.Diagnostics.ActivityTraceId? TraceId { get; set; }

        /// <summary>
        /// Stands in for action steps and compensations, for scenario tests (see <see cref="IActionFakes"/>); null
        /// (default) calls every action.
        /// </summary>
        public IActionFakes? Fakes { get; set; }

        /// <summary>
        /// When the run started, if not now: the host sets it to the run's journal creation time, so a run retried or recovered
        /// later keeps its original start and its time budget (<see cref="FlowSafeguards.TimeBudget"/>) counts from there. Null
        /// (default) starts the clock when the run starts; a resumed run keeps the deadline its snapshot carries.
        /// </summary>
        public DateTimeOffset? StartedAt { get; set; }

        /// <summary>Seeds the retry jitter, for reproducible runs; null uses a shared random source.</summary>
        public int? JitterSeed { get; set; }
    }
}
