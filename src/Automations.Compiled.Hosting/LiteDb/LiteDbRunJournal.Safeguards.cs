// TEMPORARY (not committed): lets the solution build until the safeguards land on this journal.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting.LiteDb
{
    public sealed partial class LiteDbRunJournal
    {
        /// <inheritdoc />
        public Task<KillSwitchChange> EngageKillSwitchAsync(KillSwitch kill, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        /// <inheritdoc />
        public Task<KillSwitchChange> LiftKillSwitchAsync(KillScope scope, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        /// <inheritdoc />
        public Task<IReadOnlyList<KillSwitch>> ListKillSwitchesAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
        /// <inheritdoc />
        public Task<bool> AdmitAsync(long itemId, string owner, string flowId, int limit, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
