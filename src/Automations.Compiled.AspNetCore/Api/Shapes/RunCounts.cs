namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>A flow's runs: every run started, and those per status (counted to a cap).</summary>
    internal sealed record RunCounts(long? Total, int Running, int Waiting, int Failed, int Completed);
}
