using System;
using System.Text;
using Automations.Compiled.Runtime;
using System.Text.Json;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// A suspended run's <see cref="WaitSpec"/> as JSON, so a journal can keep all of it in one column: the roles of an
    /// approval and, for a subflow, the child run's whole snapshot (nested to any depth). The fields a journal queries
    /// (due time, event name) are kept in columns of their own beside it.
    /// </summary>
    internal static class WaitSpecJson
    {
        // A checkpoint's wait: the same text every time.
        private static readonly string NoWait = Write(WaitSpec.Restore(WaitKind.None, null, null, null, null), cache: false);

        public static string Write(WaitSpec wait) => Write(wait, cache: true);

        private static string Write(WaitSpec wait, bool cache)
        {
            if (cache && wait is { Kind: WaitKind.None, Until: null, Duration: null, EventName: null, Roles: null, ChildSnapshot: null })
            {
                return NoWait;
            }

            var scratch = JsonScratch.Rent();
            try
            {
                WriteWait(scratch.Json, wait);
                return Encoding.UTF8.GetString(scratch.Written);
            }
            finally
            {
                scratch.Return();
            }
        }

        public static WaitSpec Read(string text)
        {
            using var document = JsonDocument.Parse(text);
            return ReadWait(document.RootElement);
        }

        private static void WriteWait(Utf8JsonWriter json, WaitSpec wait)
        {
            json.WriteStartObject();
            json.WriteString("kind", wait.Kind.ToString());
            if (wait.Until is { } until)
            {
                json.WriteNumber("until", until.ToUnixTimeMilliseconds());
            }

            if (wait.EventName is { } eventName)
            {
                json.WriteString("event", eventName);
            }

            if (wait.Roles is { } roles)
            {
                json.WriteStartArray("roles");
                foreach (var role in roles)
                {
                    json.WriteStringValue(role);
                }

                json.WriteEndArray();
            }

            if (wait.ChildSnapshot is { } child)
            {
                json.WriteStartObject("child");
                json.WriteString("flowId", child.FlowId);
                json.WriteNumber("flowVersion", child.FlowVersion);
                json.WriteString("runId", child.RunId.ToString("N"));
                json.WriteString("traceId", child.TraceId);
                json.WriteString("stepId", child.StepId);
                json.WritePropertyName("wait");
                WriteWait(json, child.Wait);
                json.WriteBase64String("state", child.State);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        private static WaitSpec ReadWait(JsonElement wait)
        {
            var kind = Enum.Parse<WaitKind>(wait.GetProperty("kind").GetString()!);
            DateTimeOffset? until = wait.TryGetProperty("until", out var u) ? DateTimeOffset.FromUnixTimeMilliseconds(u.GetInt64()) : null;
            var eventName = wait.TryGetProperty("event", out var e) ? e.GetString() : null;
            string[]? roles = null;
            if (wait.TryGetProperty("roles", out var r))
            {
                roles = new string[r.GetArrayLength()];
                var i = 0;
                foreach (var role in r.EnumerateArray())
                {
                    roles[i++] = role.GetString()!;
                }
            }

            FlowSnapshot? child = null;
            if (wait.TryGetProperty("child", out var c))
            {
                child = new FlowSnapshot(
                    c.GetProperty("flowId").GetString()!,
                    c.GetProperty("flowVersion").GetInt32(),
                    Guid.ParseExact(c.GetProperty("runId").GetString()!, "N"),
                    c.GetProperty("traceId").GetString()!,
                    c.GetProperty("stepId").GetString()!,
                    ReadWait(c.GetProperty("wait")),
                    c.GetProperty("state").GetBytesFromBase64());
            }

            return WaitSpec.Restore(kind, until, eventName, roles, child);
        }
    }
}
