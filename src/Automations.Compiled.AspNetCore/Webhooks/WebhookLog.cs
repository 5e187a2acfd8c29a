using System;
using Microsoft.Extensions.Logging;

namespace Automations.Compiled.AspNetCore.Webhooks
{
    /// <summary>Every log line the webhook endpoints write (source-generated). No body, signature or secret value is logged.</summary>
    internal static partial class WebhookLog
    {
        [LoggerMessage(101, LogLevel.Information, "Webhook {Method} {Path} starts flow '{FlowId}' v{Version} (signed: {Signed}, roles: {Roles}).")]
        public static partial void Mapped(ILogger logger, string method, string path, string flowId, int version, bool signed, string roles);

        [LoggerMessage(102, LogLevel.Information, "Webhook {Method} {Path} started run {RunId} of flow '{FlowId}' (new run: {Created}).")]
        public static partial void Started(ILogger logger, string method, string path, Guid runId, string flowId, bool created);

        [LoggerMessage(103, LogLevel.Information, "Webhook {Method} {Path} refused a call with {Status}: {Reason}")]
        public static partial void Refused(ILogger logger, string method, string path, int status, string reason);

        [LoggerMessage(104, LogLevel.Error, "Webhook {Method} {Path}: the signature secret named '{SecretName}' could not be resolved, so every call is refused with 500 until it can.")]
        public static partial void SecretMissing(ILogger logger, string method, string path, string secretName);
    }
}
