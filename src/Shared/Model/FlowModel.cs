using System;
using Automations.Compiled.Validation;

namespace Automations.Compiled.Model
{
    /// <summary>Where a flow came from: an attributed C# class or a <c>*.flow.json</c> file.</summary>
    internal enum FlowOrigin
    {
        CSharp,
        Json,
    }

    /// <summary>How much of a run the journal records (SPEC §5).</summary>
    internal enum JournalKind
    {
        Durable,
        Checkpoint,
        None,
    }

    /// <summary>
    /// The one model of a flow (SPEC §1–§4). Both front ends produce it; the validator checks it;
    /// the emitter turns it into a state machine. Holds no Roslyn object, so it is a cacheable
    /// incremental-generator model.
    /// </summary>
    internal sealed record FlowModel
    {
        public string Id { get; init; } = "";

        public int Version { get; init; } = 1;

        public string? Description { get; init; }

        public FlowOrigin Origin { get; init; }

        /// <summary>Namespace of the generated partial class; null for the global namespace.</summary>
        public string? Namespace { get; init; }

        /// <summary>Simple name of the flow class.</summary>
        public string TypeName { get; init; } = "";

        /// <summary>Declarations of the types that contain the flow class, outermost first ("partial class Outer").</summary>
        public EquatableArray<string> ContainingTypes { get; init; } = EquatableArray<string>.Empty;

        /// <summary>Fully qualified input type (<c>global::...</c>), or null when the flow takes no input.</summary>
        public string? InputType { get; init; }

        public JournalKind Journal { get; init; }

        public int StepBudget { get; init; } = FlowLimits.DefaultStepBudget;

        public int GotoHopBudget { get; init; } = FlowLimits.DefaultGotoHopBudget;

        public int MaxSubflowDepth { get; init; } = FlowLimits.DefaultMaxSubflowDepth;

        public EquatableArray<VariableModel> Variables { get; init; } = EquatableArray<VariableModel>.Empty;

        public EquatableArray<string> Roles { get; init; } = EquatableArray<string>.Empty;

        /// <summary>The main sequence.</summary>
        public ScopeModel Root { get; init; } = ScopeModel.Empty;

        /// <summary>Scopes headed by standalone steps: never iterated by the main loop, reached by goto or run.</summary>
        public EquatableArray<ScopeModel> Standalone { get; init; } = EquatableArray<ScopeModel>.Empty;

        public SourceSpan? Location { get; init; }

        /// <summary>
        /// JSON flows: a short key of the file's path, so two files that (wrongly) declare one class still get two
        /// generated files and the user sees the duplicate reported, not a generator crash.
        /// </summary>
        public string? SourceKey { get; init; }

        /// <summary>How the generated part of the class is declared: the C# front end repeats the user's <c>partial class</c>; JSON flows own their class.</summary>
        public string TypeDeclaration { get; init; } = "partial class";

        /// <summary>
        /// JSON flows: the members user code calls besides the entry points, verbatim: the nested <c>Input</c> class their
        /// <c>inputs</c> become and the constructor taking the action classes. Emitted for invalid flows too, so the
        /// user's code still compiles and only the flow's own errors are reported.
        /// </summary>
        public EquatableArray<string> Surface { get; init; } = EquatableArray<string>.Empty;

        /// <summary>Members the front end adds to the class verbatim (JSON flows: the input type, the constructor, compiled expressions and action calls).</summary>
        public EquatableArray<string> Members { get; init; } = EquatableArray<string>.Empty;

        /// <summary>What starts the flow (SPEC §6); null for a manual flow written in C#.</summary>
        public TriggerModel? Trigger { get; init; }

        /// <summary>Throttles, the cap on runs in flight, the time and cost budgets, and the actions the flow calls.</summary>
        public SafeguardsModel Safeguards { get; init; } = SafeguardsModel.Empty;

        /// <summary>JSON flows: the action policy that applies (the nearest <c>flow-policy.json</c>); null when none does.</summary>
        public FlowPolicyModel? Policy { get; init; }

        /// <summary>Problems the front end found while reading the source (bad signatures, unknown parents, ...).</summary>
        public EquatableArray<FlowDiagnostic> FrontEndDiagnostics { get; init; } = EquatableArray<FlowDiagnostic>.Empty;
    }

    /// <summary>Default safeguards of SPEC §4.</summary>
    internal static class FlowLimits
    {
        public const int DefaultStepBudget = 10_000;
        public const int DefaultGotoHopBudget = 1_000;
        public const int DefaultMaxSubflowDepth = 8;
    }

    /// <summary>A typed flow variable (<c>vars.name</c>).</summary>
    internal sealed record VariableModel(string Name, string Type, SourceSpan? Location)
    {
        /// <summary>A C# expression giving the variable's value when a run starts; null for <c>default</c>.</summary>
        public string? Initializer { get; init; }
    }

    /// <summary>
    /// A trigger (SPEC §6): its <see cref="Kind"/> (manual, record, schedule, webhook, event) and its settings by name
    /// (object, event, cron, timeZone, catchUp, path, method, condition), as written.
    /// </summary>
    internal sealed record TriggerModel(string Kind, EquatableArray<TriggerSetting> Settings, SourceSpan? Location)
    {
        /// <summary>The record events, as both front ends write them (C#'s <c>RecordEvent</c> enum is in this order).</summary>
        public static readonly string[] RecordEvents = { "before_insert", "before_update", "before_delete", "after_insert", "after_update", "after_delete" };

        /// <summary>A schedule's catch-up settings (C#'s <c>CatchUp</c> enum is in this order).</summary>
        public static readonly string[] CatchUps = { "none", "one", "all" };

        public string? Get(string name)
        {
            foreach (var setting in Settings)
            {
                if (string.Equals(setting.Name, name, StringComparison.Ordinal))
                {
                    return setting.Value;
                }
            }

            return null;
        }
    }

    /// <summary>One trigger setting; <see cref="Location"/> is the span of its value token (quotes included).</summary>
    internal sealed record TriggerSetting(string Name, string Value)
    {
        public SourceSpan? Location { get; init; }
    }

    /// <summary>An ordered list of sibling steps.</summary>
    internal sealed record ScopeModel(string? Name, EquatableArray<StepModel> Steps)
    {
        public static readonly ScopeModel Empty = new(null, EquatableArray<StepModel>.Empty);
    }

    /// <summary>One node of the graph.</summary>
    internal sealed record StepModel
    {
        public string Id { get; init; } = "";

        public StepKind Kind { get; init; }

        public SourceSpan? Location { get; init; }

        /// <summary>Named endpoints that hold nested steps or a goto; the <c>next</c> slot is <see cref="NextGoto"/>.</summary>
        public EquatableArray<EndpointModel> Endpoints { get; init; } = EquatableArray<EndpointModel>.Empty;

        /// <summary>A goto on the <c>next</c> slot; only valid on the last step of a scope.</summary>
        public GotoModel? NextGoto { get; init; }

        public RetryModel? Retry { get; init; }

        public ErrorMode OnError { get; init; }

        /// <summary>The user code the step calls: the action, the predicate, the item source, the wait spec, ...</summary>
        public CallModel? Call { get; init; }

        /// <summary>Undoes this step on rollback.</summary>
        public CallModel? Compensation { get; init; }

        /// <summary>Run: the target step. Subflow: the flow id. Set: the variable. Record steps: the object name.</summary>
        public string? Target { get; init; }

        public SourceSpan? TargetLocation { get; init; }

        /// <summary>Subflow: the pinned version of the child flow (0 = latest).</summary>
        public int TargetVersion { get; init; }

        /// <summary>Foreach: how many items run at once (1 = sequential).</summary>
        public int Parallelism { get; init; } = 1;

        /// <summary>Fully qualified type of <c>steps.&lt;id&gt;.output</c>, or null when the step has no output.</summary>
        public string? OutputType { get; init; }

        /// <summary>Foreach: fully qualified type of <c>item</c>.</summary>
        public string? ItemType { get; init; }

        /// <summary>Wait and approval: what to wait for, when no method computes it.</summary>
        public WaitModel? Wait { get; init; }

        /// <summary>Stop: the status the run ends with.</summary>
        public StopStatus StopStatus { get; init; }

        /// <summary>Stop: a fixed message (when no method supplies one).</summary>
        public string? Message { get; init; }

        public EndpointModel? FindEndpoint(string name)
        {
            foreach (var endpoint in Endpoints)
            {
                if (string.Equals(endpoint.Name, name, StringComparison.Ordinal))
                {
                    return endpoint;
                }
            }

            return null;
        }
    }

    internal enum StepKind
    {
        Action,
        Condition,
        ForEach,
        Parallel,
        Wait,
        Approval,
        Subflow,
        Query,
        Create,
        Update,
        Delete,
        Set,
        Stop,
        Run,

        /// <summary>A C# snippet of a JSON flow, compiled into the flow class (docs/json-flows.md, "Code steps").</summary>
        Code,
        /// <summary>Asks the app's chat model for a typed, validated answer (docs/ai-steps.md).</summary>
        Llm,
    }

    internal static class StepKinds
    {
        /// <summary>True for the kinds that suspend a run (SPEC §2.9–§2.11): it waits in its journal, holding no thread.</summary>
        public static bool Suspends(StepKind kind) => kind is StepKind.Wait or StepKind.Approval or StepKind.Subflow;
    }

    internal enum ErrorMode
    {
        Fail,
        Continue,
        Rollback,
    }

    internal enum StopStatus
    {
        Completed,
        Failed,
        Cancelled,
    }

    /// <summary>
    /// An endpoint with content: nested steps (a child scope) or a goto link. Parallel steps have one
    /// <c>branches</c> endpoint per branch, told apart by <see cref="Branch"/>.
    /// </summary>
    internal sealed record EndpointModel(string Name, string? Branch, ScopeModel? Scope, GotoModel? Goto, SourceSpan? Location);

    /// <summary>
    /// A declarative wait (SPEC §2.9, §2.10): a duration, an event (with an optional timeout), or an
    /// approval by roles (with an optional timeout). Times are in milliseconds; 0 means none.
    /// </summary>
    internal sealed record WaitModel(long DurationMs, string? EventName, long TimeoutMs, EquatableArray<string> Roles);

    internal sealed record GotoModel(string Target, SourceSpan? Location);

    /// <summary>Retry policy: <see cref="Attempts"/> counts every try, the first included.</summary>
    internal sealed record RetryModel(int Attempts, int InitialDelayMs, double Multiplier, int MaxDelayMs, double Jitter, SourceSpan? Location);

    internal enum ReturnKind
    {
        Void,
        Value,
        ValueTask,
        ValueTaskOfT,
        Task,
        TaskOfT,
    }

    /// <summary>A call from generated code into user code.</summary>
    internal sealed record CallModel(
        string MethodName,
        bool IsStatic,
        ReturnKind ReturnKind,
        string? ResultType,
        EquatableArray<ArgumentModel> Arguments,
        bool IsDeclarationOnly);

    internal enum ArgumentKind
    {
        Input,
        StepOutput,
        Variable,
        Item,
        Index,
        Secret,
        CancellationToken,
        Context,
        Trigger,
        /// <summary>The run's clock (CEL's <c>now</c>).</summary>
        Now,
    }

    /// <summary>One parameter of a called method and where its value comes from.</summary>
    internal sealed record ArgumentModel(ArgumentKind Kind, string Type, string? Name, SourceSpan? Location);
}
