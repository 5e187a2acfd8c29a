using System;
using Microsoft.Extensions.Logging;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>What the API logs: every operator or admin action, and the audit entries it could not write.</summary>
    internal static partial class ApiLog
    {
        [LoggerMessage(201, LogLevel.Information, "{By} did '{Action}' on run {RunId} of flow '{FlowId}': {Detail}")]
        public static partial void RunAction(ILogger logger, string by, string action, Guid runId, string flowId, string? detail);

        [LoggerMessage(202, LogLevel.Information, "{By} engaged the kill switch on {Scope} ({Mode}): {Reason}; {Runs} runs touched.")]
        public static partial void KillEngaged(ILogger logger, string by, string scope, string mode, string reason, int runs);

        [LoggerMessage(203, LogLevel.Information, "{By} lifted the kill switch on {Scope}; {Runs} runs resume.")]
        public static partial void KillLifted(ILogger logger, string by, string scope, int runs);

        [LoggerMessage(204, LogLevel.Warning, "The audit entry of '{Action}' on run {RunId} by {By} was not written: {Reason}")]
        public static partial void AuditNotWritten(ILogger logger, string action, Guid runId, string by, string reason);
    }
}
