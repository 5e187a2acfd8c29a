using System;
using System.Collections.Generic;
using System.Text.Json;

// The JSON shapes of docs/http-api.md ("Shapes"), one record each, kept together so the contract reads in one place.
namespace Automations.Compiled.AspNetCore.Api
{
    internal sealed record Page<T>(IReadOnlyList<T> Items, string? Continuation);

    internal sealed record MeView(string Name, IReadOnlyList<string> Roles, bool CanOperate, bool CanAdminister);

    internal sealed record TriggerView(string Kind, string? Detail);

    internal sealed record RunCounts(long? Total, int Running, int Waiting, int Failed, int Completed);

    internal record FlowSummary(string Id, string? Description, int LatestVersion, TriggerView Trigger, IReadOnlyList<string> Roles, string Journal, bool Hosted, RunCounts Runs);

    internal sealed record FlowVersionView(int Version, string Hash, DateTimeOffset RegisteredAt, string? Description, bool Hosted);

    internal sealed record InputView(string Name, string Type, bool Required);

    internal sealed record FlowView(
        string Id, string? Description, int LatestVersion, TriggerView Trigger, IReadOnlyList<string> Roles, string Journal, bool Hosted, RunCounts Runs,
        IReadOnlyList<FlowVersionView> Versions, IReadOnlyList<InputView> Inputs)
        : FlowSummary(Id, Description, LatestVersion, Trigger, Roles, Journal, Hosted, Runs);

    internal sealed record ErrorView(string? StepId, string Message, string? Type);

    internal record RunSummary(
        string RunId, string FlowId, int FlowVersion, string Status, string Trigger, string? IdempotencyKey, string? ParentRunId,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? EndedAt, string? Message, ErrorView? Error);

    internal sealed record StepView(
        string StepId, int Attempt, string Status, string? Endpoint, DateTimeOffset StartedAt, DateTimeOffset EndedAt, double DurationMs,
        JsonElement? Output, string? Error);

    internal sealed record AuditView(DateTimeOffset At, string By, string Action, string? Detail);

    internal sealed record WaitingView(string Kind, string? Name, DateTimeOffset? Until);

    internal sealed record RunView(
        string RunId, string FlowId, int FlowVersion, string Status, string Trigger, string? IdempotencyKey, string? ParentRunId,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? EndedAt, string? Message, ErrorView? Error,
        string TraceId, JsonElement? Input, JsonElement? Output, IReadOnlyList<StepView> Steps, IReadOnlyList<AuditView> Audit,
        WaitingView? Waiting, IReadOnlyList<string> Actions)
        : RunSummary(RunId, FlowId, FlowVersion, Status, Trigger, IdempotencyKey, ParentRunId, CreatedAt, UpdatedAt, EndedAt, Message, Error);

    internal sealed record StartRequest(JsonElement? Input, string? IdempotencyKey, int? Version);

    internal sealed record StartAnswer(string RunId, bool Created, string FlowId, int FlowVersion, string Status, DateTimeOffset? QueuedUntil);

    internal sealed record RunStatusAnswer(string RunId, string Status);

    internal sealed record DecisionRequest(string? Comment);

    internal sealed record DeferredView(long ItemId, string RunId, string FlowId, int FlowVersion, string Reason, DateTimeOffset VisibleAt);

    internal sealed record ScheduleView(string FlowId, string Cron, string TimeZone, DateTimeOffset? NextAt, DateTimeOffset? LastAt, IReadOnlyList<DateTimeOffset> Next);

    internal sealed record KillSwitchView(string Scope, string Mode, string Reason, string? By, DateTimeOffset EngagedAt);

    internal sealed record KillSwitchRequest(string? Scope, string? Mode, string? Reason);

    internal sealed record KillSwitchAnswer(bool Changed, int Runs);

    internal sealed record LifecycleStateView(string Name, bool Final, bool Transit, string? Description);

    internal sealed record LifecycleActionView(string Name, string Reference, string? From, string Transit, string? To, string? Error, string Access, string? FlowId, int Priority);

    internal sealed record LifecycleView(string Template, string EntityType, IReadOnlyList<LifecycleStateView> States, IReadOnlyList<LifecycleActionView> Actions);

    internal sealed record EntityHistoryView(long Sequence, DateTimeOffset At, string Action, string? From, string? To, string? RunId, string Outcome, string? Access);

    internal sealed record EntityView(
        string Template, string EntityId, string State, string? InFlight, string? RunId, long Revision, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
        IReadOnlyList<EntityHistoryView>? History, IReadOnlyList<LifecycleActionView>? Actions);
}
