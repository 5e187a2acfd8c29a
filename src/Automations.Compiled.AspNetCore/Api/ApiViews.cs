using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Automations.Compiled.Hosting;
using Automations.Compiled.Hosting.Redaction;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>The journal's records as the API shows them, redacted (docs/http-api.md, "Shapes").</summary>
    internal static class ApiViews
    {
        public static RunSummary Summary(RunInfo run, RedactionScope redaction) => new(
            ApiResults.Id(run.RunId), run.FlowId, run.FlowVersion, ApiResults.Name(run.Status), run.TriggerKind, run.IdempotencyKey,
            run.ParentRunId is { } parent ? ApiResults.Id(parent) : null, run.CreatedAt, run.UpdatedAt, run.EndedAt,
            redaction.Redact(run.Message), Error(run.Error, redaction));

        public static ErrorView? Error(RunError? error, RedactionScope redaction)
            => error is null ? null : new ErrorView(error.StepId, redaction.Redact(error.Message) ?? "", error.ExceptionType);

        public static StepView Step(StepEntry step, RedactionScope redaction) => new(
            step.StepId, step.Attempt, ApiResults.Name(step.Status), step.Endpoint, step.StartedAt, step.EndedAt,
            (step.EndedAt - step.StartedAt).TotalMilliseconds, Json(step.Output, redaction), redaction.Redact(step.Error));

        public static AuditView Audit(AuditEntry entry) => new(entry.At, entry.By, entry.Action, entry.Detail);

        /// <summary>The input of a start payload (<c>{"trigger": .., "input": ..}</c>), redacted; null when it has none.</summary>
        public static JsonElement? Input(ReadOnlyMemory<byte> payload, RedactionScope redaction)
        {
            if (Json(payload.IsEmpty ? null : payload.ToArray(), redaction) is not { ValueKind: JsonValueKind.Object } start)
            {
                return null;
            }

            return start.TryGetProperty("input", out var input) && input.ValueKind != JsonValueKind.Null ? input : null;
        }

        /// <summary>Stored JSON, redacted (values of key-like names, resolved secret values); text that is not JSON comes back as a string.</summary>
        public static JsonElement? Json(byte[]? utf8, RedactionScope redaction)
        {
            if (utf8 is null || utf8.Length == 0)
            {
                return null;
            }

            var redacted = redaction.RedactJson(utf8);
            try
            {
                using var document = JsonDocument.Parse(redacted);
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return JsonSerializer.SerializeToElement(System.Text.Encoding.UTF8.GetString(redacted));
            }
        }

        public static DeferredView Deferred(DeferredItem item) => new(item.ItemId, ApiResults.Id(item.RunId), item.FlowId, item.FlowVersion, item.Reason, item.VisibleAt);

        public static KillSwitchView Kill(KillSwitch kill) => new(kill.Scope.Key, ApiResults.Name(kill.Mode), kill.Reason, kill.By, kill.EngagedAt);

        public static TriggerView Trigger(FlowTriggerInfo trigger) => new(trigger.Kind, trigger.Kind switch
        {
            "schedule" => trigger.Cron is { } cron ? cron + " (" + (trigger.TimeZone ?? "UTC") + ")" : null,
            "webhook" => trigger.Method + " " + trigger.Path,
            "event" => trigger.Event,
            "record" => trigger.RecordObject,
            _ => null,
        });

        public static LifecycleActionView Action(LifecycleAction action, HostedLifecycle hosted) => new(
            action.Name, action.Reference, action.From, action.Transit, action.To, action.Error, ApiResults.Name(action.Access),
            hosted.Flows.TryGetValue(action, out var flow) ? flow.Info.Id : action.FlowId, action.Priority);

        public static EntityView Entity(EntityState entity, IReadOnlyList<EntityHistoryEntry>? history = null, IReadOnlyList<LifecycleActionView>? actions = null) => new(
            entity.Template, entity.EntityId, entity.State, entity.InFlight, entity.RunId is { } run ? ApiResults.Id(run) : null, entity.Revision,
            entity.CreatedAt, entity.UpdatedAt,
            history?.Select(h => new EntityHistoryView(h.Sequence, h.At, h.Action, h.From, h.To, h.RunId is { } r ? ApiResults.Id(r) : null, h.Outcome, h.Access is { } a ? ApiResults.Name(a) : null)).ToArray(),
            actions);
    }
}
