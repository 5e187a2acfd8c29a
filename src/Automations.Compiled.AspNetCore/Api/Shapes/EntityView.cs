using System;
using System.Collections.Generic;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>An entity of a lifecycle template (with its history and actions when shown alone).</summary>
    internal sealed record EntityView(
        string Template, string EntityId, string State, string? InFlight, string? RunId, long Revision, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
        IReadOnlyList<EntityHistoryView>? History, IReadOnlyList<LifecycleActionView>? Actions);
}
