using System.Collections.Generic;

namespace Automations.Compiled.Hosting
{
    /// <summary>One page of runs.</summary>
    /// <param name="Runs">The runs, newest first.</param>
    /// <param name="ContinuationToken">Pass it in the next <see cref="RunQuery"/> for the following page; null on the last page.</param>
    public sealed record RunPage(IReadOnlyList<RunInfo> Runs, string? ContinuationToken);
}
