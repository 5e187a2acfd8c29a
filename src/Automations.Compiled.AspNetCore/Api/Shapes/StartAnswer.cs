using System;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>What a start answers (201).</summary>
    internal sealed record StartAnswer(string RunId, bool Created, string FlowId, int FlowVersion, string Status, DateTimeOffset? QueuedUntil);
}
