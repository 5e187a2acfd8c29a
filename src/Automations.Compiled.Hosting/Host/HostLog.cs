using System;
using Microsoft.Extensions.Logging;

namespace Automations.Compiled.Hosting
{
    /// <summary>Every log line the host writes (source-generated; run data in them is redacted first).</summary>
    internal static partial class HostLog
    {
        [LoggerMessage(1, LogLevel.Information, "Automations host {WorkerId} started on {Journal} with {FlowCount} flow versions, concurrency {Concurrency}.")]
        public static partial void Started(ILogger logger, string workerId, string journal, int flowCount, int concurrency);

        [LoggerMessage(2, LogLevel.Warning, "Flow '{FlowId}' v{Version} changed without a version bump; runs pinned to it resume on the changed code.")]
        public static partial void VersionChanged(ILogger logger, string flowId, int version);

        [LoggerMessage(3, LogLevel.Debug, "Run {RunId} of '{FlowId}' v{Version} {Status} ({Steps} step tries in this leg).")]
        public static partial void LegEnded(ILogger logger, Guid runId, string flowId, int version, FlowStatus status, int steps);

        [LoggerMessage(4, LogLevel.Warning, "Run {RunId} failed {Where}: {Error}")]
        public static partial void RunFailed(ILogger logger, Guid runId, string where, string error);

        [LoggerMessage(5, LogLevel.Warning, "Run {RunId} is pinned to flow '{FlowId}' v{Version}, which this host does not have; it is put aside and looked at again at {RetryAt:o}.")]
        public static partial void VersionMissing(ILogger logger, Guid runId, string flowId, int version, DateTimeOffset retryAt);

        [LoggerMessage(6, LogLevel.Warning, "Run {RunId} was taken over by another worker (lease lost); this host stopped running it.")]
        public static partial void LeaseLost(ILogger logger, Guid runId);

        [LoggerMessage(7, LogLevel.Error, "Run {RunId}: the host could not run it: {Error}")]
        public static partial void LegCrashed(ILogger logger, Guid runId, string error);

        [LoggerMessage(8, LogLevel.Error, "The automations worker loop failed and retries in {Delay}: {Error}")]
        public static partial void LoopFailed(ILogger logger, TimeSpan delay, string error);

        [LoggerMessage(9, LogLevel.Information, "Automations host {WorkerId} stopping: {InFlight} runs in flight finish their step and are checkpointed.")]
        public static partial void Stopping(ILogger logger, string workerId, int inFlight);

        [LoggerMessage(10, LogLevel.Warning, "Shutdown timeout reached with {InFlight} runs in flight; their steps are cancelled and they resume from their last checkpoint at the next start.")]
        public static partial void StopTimedOut(ILogger logger, int inFlight);

        [LoggerMessage(12, LogLevel.Warning, "The trigger condition of flow '{FlowId}' v{Version} failed, so the event does not start it: {Error}")]
        public static partial void ConditionFailed(ILogger logger, string flowId, int version, string error);

        [LoggerMessage(13, LogLevel.Error, "The schedule of flow '{FlowId}' v{Version} cannot be used, so it never fires: {Error}")]
        public static partial void ScheduleInvalid(ILogger logger, string flowId, int version, string error);

        [LoggerMessage(14, LogLevel.Information, "Lifecycle '{Template}' entity '{EntityId}': action '{Action}' moved it from '{From}' to '{State}' ({Run}, revision {Revision}).")]
        public static partial void LifecycleMoved(ILogger logger, string template, string entityId, string action, string from, string state, string run, long revision);

        [LoggerMessage(15, LogLevel.Debug, "Lifecycle '{Template}' entity '{EntityId}': action '{Action}' refused ({Error}): {Reason}")]
        public static partial void LifecycleRefused(ILogger logger, string template, string entityId, string action, LifecycleError error, string reason);

        [LoggerMessage(16, LogLevel.Information, "Retention: deleted {Count} runs that ended before {Cut:o}, with their step history.")]
        public static partial void RunsPurged(ILogger logger, int count, DateTimeOffset cut);

        [LoggerMessage(17, LogLevel.Warning, "A start of flow '{FlowId}' v{Version} was refused (recorded as run {RunId}): {Reason}")]
        public static partial void StartRefused(ILogger logger, string flowId, int version, Guid runId, string reason);

        [LoggerMessage(18, LogLevel.Warning, "Kill switch engaged on {Scope} ({Mode}) by {By}: {Reason}. {Runs} runs in flight paused, cancelled or asked to stop.")]
        public static partial void KillEngaged(ILogger logger, string scope, KillMode mode, string reason, string by, int runs);

        [LoggerMessage(19, LogLevel.Warning, "Kill switch on {Scope} lifted; {Runs} runs it paused resume.")]
        public static partial void KillLifted(ILogger logger, string scope, int runs);

        [LoggerMessage(20, LogLevel.Debug, "Run {RunId} of '{FlowId}' waits: the flow runs its limit of {Limit} at once; looked at again at {RetryAt:o}.")]
        public static partial void LegHeld(ILogger logger, Guid runId, string flowId, int limit, DateTimeOffset retryAt);

        [LoggerMessage(21, LogLevel.Error, "Flow '{FlowId}' v{Version} calls actions the host's action policy does not allow; every start of it is refused: {Reason}")]
        public static partial void PolicyRefuses(ILogger logger, string flowId, int version, string reason);

        [LoggerMessage(22, LogLevel.Warning, "Run {RunId}: the journal is unavailable, so the run is handed back and taken again in {Delay} from its last checkpoint: {Error}")]
        public static partial void JournalUnavailable(ILogger logger, Guid runId, TimeSpan delay, string error);

        [LoggerMessage(11, LogLevel.Debug, "Run {RunId} handed back at shutdown; it resumes from its last checkpoint.")]
        public static partial void HandedBack(ILogger logger, Guid runId);
    }
}
