using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>What every journal checks of a lifecycle move (<see cref="IRunJournal.MoveEntityAsync"/>): its arguments before it queues the write, its compare-and-swap inside it.</summary>
    internal static class EntityMoveChecks
    {
        /// <summary>Checks a move before it is queued; returns its run's trace id and payload bytes (null without a run).</summary>
        public static (string? TraceId, byte[]? Payload) Check(EntityMove move, string parameter)
        {
            ArgumentNullException.ThrowIfNull(move, parameter);
            ArgumentException.ThrowIfNullOrEmpty(move.Template, parameter);
            ArgumentException.ThrowIfNullOrEmpty(move.EntityId, parameter);
            ArgumentException.ThrowIfNullOrEmpty(move.Action, parameter);
            ArgumentException.ThrowIfNullOrEmpty(move.Transit, parameter);
            if (move.Run is not { } run)
            {
                return (null, null);
            }

            var (traceId, payload) = NewRunChecks.Check(run, parameter);
            if (run.IdempotencyKey is not null)
            {
                // An existing run for the key could not be linked: it may have ended, or belong to another entity.
                throw new ArgumentException("A lifecycle action's run takes no idempotency key: the entity's revision guards the trigger.", parameter);
            }

            return (traceId, payload);
        }

        /// <summary>
        /// The compare-and-swap: whether the entity as it is now (null: none) is the one the move expects, at its revision
        /// and at rest, or, for a create (no expected revision), absent.
        /// </summary>
        public static bool Applies(EntityMove move, EntityState? current)
            => move.ExpectedRevision is { } revision
                ? current is not null && current.Revision == revision && current.AtRest
                : current is null;
    }
}
