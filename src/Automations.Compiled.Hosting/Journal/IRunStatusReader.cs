using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// A journal that can read a run's status alone, synchronously and without building its <see cref="RunInfo"/>: what
    /// <c>WaitForStatusAsync</c> looks at on every wake-up. A journal without it is read through
    /// <see cref="IRunJournal.GetRunInfoAsync"/>.
    /// </summary>
    internal interface IRunStatusReader
    {
        /// <summary>The run's committed status, or null when there is no such run.</summary>
        FlowStatus? ReadStatus(Guid runId);
    }
}
