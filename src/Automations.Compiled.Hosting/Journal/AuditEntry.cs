using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// An operator's action on a run, kept in the journal: who did what, when. Written by the HTTP API for every action it
    /// takes on a run; kept when the run's record is deleted (the delete is itself an entry) and purged with it by retention.
    /// </summary>
    /// <param name="RunId">The run acted on.</param>
    /// <param name="At">When the action was taken.</param>
    /// <param name="By">Who took it: the caller's name.</param>
    /// <param name="Action">What was done: <c>start</c>, <c>pause</c>, <c>resume</c>, <c>cancel</c>, <c>retry</c>, <c>delete</c>, <c>approve</c>, <c>reject</c>, <c>deferred-retry</c>.</param>
    /// <param name="Detail">What else there is to say: an approval's comment, the status reached; never a secret.</param>
    public sealed record AuditEntry(Guid RunId, DateTimeOffset At, string By, string Action, string? Detail = null);

    /// <summary>A page of lifecycle entities of one template (<see cref="IRunJournal.ListEntitiesAsync"/>).</summary>
    /// <param name="Entities">The entities, in entity id order.</param>
    /// <param name="ContinuationToken">Where the next page starts; null on the last page.</param>
    public sealed record EntityPage(System.Collections.Generic.IReadOnlyList<EntityState> Entities, string? ContinuationToken);
}
