using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>One move of an entity, as its history keeps it (<see cref="ILifecycle{TEntity}.GetHistoryAsync"/>).</summary>
    /// <param name="Sequence">The journal's order of moves (increasing; not contiguous per entity).</param>
    /// <param name="At">When the move was committed.</param>
    /// <param name="Action">The reference of the action that moved the entity.</param>
    /// <param name="From">The state before; null when the move created the entity.</param>
    /// <param name="To">The state after; null when the move destroyed the entity (or a failed create left none).</param>
    /// <param name="RunId">The run of the action's flow, if it has one.</param>
    /// <param name="Outcome">Why it moved: one of <see cref="EntityOutcome"/> (<c>started</c>, <c>completed</c>, <c>failed</c>, <c>cancelled</c>, <c>moved</c>).</param>
    /// <param name="Access">The access level of the caller who triggered the action; null for the moves the run's end made (the run acts as the system).</param>
    public sealed record EntityHistoryEntry(long Sequence, DateTimeOffset At, string Action, string? From, string? To, Guid? RunId, string Outcome, AccessLevel? Access);
}
