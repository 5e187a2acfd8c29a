using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>Operator actions on runs: logged, and written to the journal as audit entries (docs/http-api.md, "Authorization").</summary>
    internal static class ApiAudit
    {
        /// <summary>
        /// Logs the action and writes its audit entry. The action is committed by then, so its entry is written even if the
        /// caller goes away (no cancellation), and a journal that keeps no audit entries (one that does not implement
        /// <see cref="IRunJournal.AppendAuditAsync"/>) is logged as such rather than failing an action that took place.
        /// </summary>
        public static async Task WriteAsync(ApiContext api, IRunJournal journal, ApiCaller caller, Guid runId, string flowId, string action, string? detail)
        {
            ApiLog.RunAction(api.Logger, caller.Name, action, runId, flowId, detail);
            try
            {
                await journal.AppendAuditAsync(new AuditEntry(runId, api.Clock.GetUtcNow(), caller.Name, action, detail), CancellationToken.None).ConfigureAwait(false);
            }
            catch (NotSupportedException error)
            {
                ApiLog.AuditNotWritten(api.Logger, action, runId, caller.Name, "the journal keeps no audit entries (" + error.Message + ")");
            }
        }

        /// <summary>A run's audit entries, oldest first; none from a journal that keeps none.</summary>
        public static async Task<IReadOnlyList<AuditEntry>> ListAsync(IRunJournal journal, Guid runId, CancellationToken cancellationToken)
        {
            try
            {
                return await journal.ListAuditAsync(runId, cancellationToken).ConfigureAwait(false);
            }
            catch (NotSupportedException)
            {
                return Array.Empty<AuditEntry>();
            }
        }
    }
}
