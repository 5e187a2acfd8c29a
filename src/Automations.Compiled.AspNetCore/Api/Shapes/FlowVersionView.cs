using System;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>A registered version of a flow.</summary>
    internal sealed record FlowVersionView(int Version, string Hash, DateTimeOffset RegisteredAt, string? Description, bool Hosted);
}
