using System;
using System.Globalization;
using System.Linq;

namespace Automations.Compiled.Model
{
    /// <summary>Which starts a throttle counts (the runtime's <c>ThrottleScope</c>, in its order).</summary>
    internal enum ThrottleScopeKind
    {
        Flow,
        Trigger,
    }

    /// <summary>What happens to a start beyond a throttle's limit (the runtime's <c>ThrottleMode</c>, in its order).</summary>
    internal enum ThrottleModeKind
    {
        Queue,
        Refuse,
    }

    /// <summary>
    /// What a flow declares to protect the host and itself (docs/safeguards.md), as written: throttles, a cap on runs in
    /// flight, a wall-clock budget, a cost budget, and the actions its steps call. Values are kept as written (the window
    /// and the time budget as text) so the one validator judges both front ends; the emitter reads them once valid.
    /// </summary>
    internal sealed record SafeguardsModel
    {
        public static readonly SafeguardsModel Empty = new();

        public EquatableArray<ThrottleModel> Throttles { get; init; } = EquatableArray<ThrottleModel>.Empty;

        /// <summary>The cap on runs in flight as written; null when the flow declares none.</summary>
        public int? MaxConcurrentRuns { get; init; }

        public SourceSpan? MaxConcurrentRunsLocation { get; init; }

        /// <summary>The time budget as written (<c>"00:05:00"</c>); null when the flow declares none.</summary>
        public string? TimeBudget { get; init; }

        public SourceSpan? TimeBudgetLocation { get; init; }

        /// <summary>The cost budget as written; null when the flow declares none.</summary>
        public long? CostBudget { get; init; }

        public SourceSpan? CostBudgetLocation { get; init; }

        /// <summary>Every action call of a JSON flow's steps and compensations, in document order (C# flows call their own methods: none).</summary>
        public EquatableArray<ActionCallModel> Calls { get; init; } = EquatableArray<ActionCallModel>.Empty;

        /// <summary>True when the flow declares something the host or the run enforces (what decides whether FlowInfo.Safeguards is emitted).</summary>
        public bool Declares => !Throttles.IsEmpty || MaxConcurrentRuns is > 0 || TimeBudget is not null || CostBudget is > 0 || !Calls.IsEmpty;

        /// <summary>The time budget once valid; null when none or not a positive <see cref="TimeSpan"/> in invariant format.</summary>
        public TimeSpan? ParsedTimeBudget => TimeBudget is { } text && SafeguardText.TryParseTimeSpan(text, out var span) ? span : null;

        /// <summary>The cost charged before each try of action step <paramref name="stepId"/> (0 for none).</summary>
        public long CostOf(string stepId)
        {
            foreach (var call in Calls)
            {
                if (!call.Compensation && string.Equals(call.StepId, stepId, StringComparison.Ordinal))
                {
                    return call.Cost;
                }
            }

            return 0;
        }
    }

    /// <summary>One throttle, as written: the limit, the window text, and where each argument is.</summary>
    internal sealed record ThrottleModel(int Limit, string Window, ThrottleModeKind Mode, ThrottleScopeKind Scope, SourceSpan? Location)
    {
        public SourceSpan? LimitLocation { get; init; }

        public SourceSpan? WindowLocation { get; init; }

        public SourceSpan? ScopeLocation { get; init; }
    }

    /// <summary>
    /// An action a JSON step calls (or its compensation): the action's name, tags and declared cost, and whether the action
    /// can report what it actually cost (it takes a <c>StepContext</c>). <see cref="Location"/> is the step's <c>action</c> value.
    /// </summary>
    internal sealed record ActionCallModel(string StepId, string Name, EquatableArray<string> Tags, long Cost, bool ReportsCost, bool Compensation, SourceSpan? Location);

    /// <summary>The action policy that applies to a JSON flow (<c>flow-policy.json</c>): the patterns it allows, and where they come from.</summary>
    /// <param name="Path">The policy file.</param>
    /// <param name="Allow">The patterns: the flow's own entry when it has one, else the file's list.</param>
    /// <param name="ForFlow">True when the flow has its own entry in the file.</param>
    internal sealed record FlowPolicyModel(string Path, EquatableArray<string> Allow, bool ForFlow);

    /// <summary>Reads what safeguards are written as.</summary>
    internal static class SafeguardText
    {
        /// <summary>
        /// A positive <see cref="TimeSpan"/> in the invariant constant format (<c>"00:01:00"</c>, <c>"1.00:00:00"</c>). A bare
        /// number ("5", which .NET would read as days) is refused: it is almost always meant as something else.
        /// </summary>
        public static bool TryParseTimeSpan(string text, out TimeSpan value)
        {
            value = default;
            return text.IndexOf(':') >= 0
                && TimeSpan.TryParseExact(text.Trim(), "c", CultureInfo.InvariantCulture, out value)
                && value > TimeSpan.Zero;
        }

        /// <summary>The invariant text of a duration: what a fix writes in place of "1m".</summary>
        public static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

        /// <summary>A duration such as "1m" or "90s" turned into "00:01:00" text; null when the text is no such duration.</summary>
        public static string? Suggest(string text)
        {
            if (Json.JsonTypeNames.TryParseDuration(text.Trim(), out var milliseconds) && milliseconds > 0)
            {
                return Format(TimeSpan.FromMilliseconds(milliseconds));
            }

            return null;
        }

        /// <summary>Tags as a list for messages.</summary>
        public static string Describe(EquatableArray<string> tags) => tags.IsEmpty ? "no tags" : "tags " + string.Join(", ", tags.Select(t => "'" + t + "'"));
    }
}
