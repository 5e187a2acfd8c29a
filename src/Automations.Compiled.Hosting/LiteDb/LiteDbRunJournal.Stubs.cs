using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting.LiteDb
{
#pragma warning disable CS1591 // TEMPORARY: replaced by the Legs, Entities and Schedules partials being ported.
    public sealed partial class LiteDbRunJournal
    {
        public Task<IReadOnlyList<ScheduleState>> ListSchedulesAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<bool> AdvanceScheduleAsync(ScheduleState? expected, ScheduleState next, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<EntityState?> GetEntityAsync(string template, string entityId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<EntityMoveResult> MoveEntityAsync(EntityMove move, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<EntityHistoryEntry>> GetEntityHistoryAsync(string template, string entityId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        private static void SettleEntity(LiteDbWriter w, Guid runId, FlowStatus status, long now) { }
    }
}
