namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>What engaging or lifting a kill switch did.</summary>
    internal sealed record KillSwitchAnswer(bool Changed, int Runs);
}
