using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// A run as a benchmark seeds it straight into a journal (<c>SeedRunsAsync</c> of the SQLite and LiteDB journals):
    /// its record alone, in its final status, without payload, steps, snapshot nor outbox item. Not a way to start runs.
    /// </summary>
    /// <param name="FlowId">A flow with version 1 registered.</param>
    /// <param name="Status">The status it is left in; an ended one also sets its end time to <paramref name="CreatedAt"/>.</param>
    /// <param name="CreatedAt">When the journal accepted it.</param>
    /// <param name="IdempotencyKey">Its key, unique per flow; null for none.</param>
    internal sealed record SeedRun(string FlowId, FlowStatus Status, DateTimeOffset CreatedAt, string? IdempotencyKey);
}
