namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>One of a flow's declared inputs.</summary>
    internal sealed record InputView(string Name, string Type, bool Required);
}
