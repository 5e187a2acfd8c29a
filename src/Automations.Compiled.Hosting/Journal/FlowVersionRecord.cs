using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>A registered flow version: what runs pin themselves to (SPEC §5).</summary>
    /// <param name="FlowId">The flow id.</param>
    /// <param name="Version">The flow version.</param>
    /// <param name="Hash">A hash of the compiled flow, to notice a flow that changed without a version bump.</param>
    /// <param name="Description">The flow's description, for tools.</param>
    /// <param name="Journal">How much of its runs the journal records.</param>
    public sealed record FlowVersionRecord(string FlowId, int Version, string Hash, string? Description = null, JournalMode Journal = JournalMode.Durable)
    {
        /// <summary>When the version was first registered (set by the journal when read back).</summary>
        public DateTimeOffset RegisteredAt { get; init; }

        /// <summary>The record for a compiled flow.</summary>
        public static FlowVersionRecord From(FlowInfo flow, string hash)
            => new(flow.Id, flow.Version, hash, flow.Description, flow.Journal);
    }
}
