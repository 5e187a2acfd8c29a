namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>What an operator's verb on a run answers: the run's status now.</summary>
    internal sealed record RunStatusAnswer(string RunId, string Status);
}
