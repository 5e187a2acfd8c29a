using System.Collections.Generic;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>A hosted lifecycle template.</summary>
    internal sealed record LifecycleView(string Template, string EntityType, IReadOnlyList<LifecycleStateView> States, IReadOnlyList<LifecycleActionView> Actions);
}
