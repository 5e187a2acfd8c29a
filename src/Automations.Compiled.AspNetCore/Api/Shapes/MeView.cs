using System.Collections.Generic;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary><c>GET /me</c>: who calls, and which buttons a dashboard shows them.</summary>
    internal sealed record MeView(string Name, IReadOnlyList<string> Roles, bool CanOperate, bool CanAdminister);
}
