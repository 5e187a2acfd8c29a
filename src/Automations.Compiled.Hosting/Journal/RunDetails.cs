using System;
using System.Collections.Generic;

namespace Automations.Compiled.Hosting
{
    /// <summary>A run with everything the journal holds about it.</summary>
    /// <param name="Run">The run.</param>
    /// <param name="Payload">Its trigger event and input, as given at the start.</param>
    /// <param name="Output">Its output, once completed.</param>
    /// <param name="Steps">Its step tries, in the order they were committed.</param>
    public sealed record RunDetails(RunInfo Run, ReadOnlyMemory<byte> Payload, byte[]? Output, IReadOnlyList<StepEntry> Steps);
}
