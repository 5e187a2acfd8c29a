using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>How the host protects itself from runaway automations (docs/safeguards.md); set in <see cref="AutomationsOptions.Safeguards"/>.</summary>
    public sealed class SafeguardOptions
    {
        /// <summary>
        /// How many runs a causation chain may hold (a record change or event made by a run starts another, which starts
        /// another...): the start that would make it longer is stopped and recorded with the chain. Default 8.
        /// </summary>
        public int MaxCausationDepth { get; set; } = 8;

        /// <summary>
        /// A start caused by a run whose chain already started the same flow for the same record (or event) within this
        /// window is stopped as a loop and recorded with the chain. Default 10 minutes; <see cref="TimeSpan.Zero"/> turns the check off.
        /// </summary>
        public TimeSpan RevisitWindow { get; set; } = TimeSpan.FromMinutes(10);

        /// <summary>How long a run held back by its flow's concurrency limit waits before a worker looks at it again. Default 1 s.</summary>
        public TimeSpan ConcurrencyRetry { get; set; } = TimeSpan.FromSeconds(1);
    }
}
