using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>What a kill switch does to the runs in flight when it is engaged.</summary>
    public enum KillMode
    {
        /// <summary>They pause (a waiting run at once, a running one at its next step boundary); lifting the switch resumes them.</summary>
        Pause,

        /// <summary>They are cancelled (a waiting run at once, a running one at its next step boundary).</summary>
        Cancel,
    }

    /// <summary>What a kill switch covers: every flow, one flow, or one version of a flow.</summary>
    /// <param name="FlowId">The flow; null for every flow (the global switch).</param>
    /// <param name="Version">The version; 0 for every version of <paramref name="FlowId"/>.</param>
    public sealed record KillScope(string? FlowId = null, int Version = 0)
    {
        /// <summary>Every flow.</summary>
        public static KillScope Global { get; } = new();

        /// <summary>Every version of <paramref name="flowId"/>.</summary>
        public static KillScope Flow(string flowId) => new(flowId ?? throw new ArgumentNullException(nameof(flowId)));

        /// <summary>One version of <paramref name="flowId"/>.</summary>
        public static KillScope FlowVersion(string flowId, int version)
            => version > 0 ? new(flowId ?? throw new ArgumentNullException(nameof(flowId)), version) : throw new ArgumentOutOfRangeException(nameof(version), version, "A version is 1 or more.");

        /// <summary>The scope as the journal and the CLI write it: <c>*</c>, <c>flow</c> or <c>flow@3</c>.</summary>
        public string Key => FlowId is null ? "*" : Version == 0 ? FlowId : $"{FlowId}@{Version}";

        /// <summary>True when runs of <paramref name="flowId"/> v<paramref name="version"/> are covered.</summary>
        public bool Covers(string flowId, int version)
            => FlowId is null || (string.Equals(FlowId, flowId, StringComparison.Ordinal) && (Version == 0 || Version == version));

        /// <summary>Reads <see cref="Key"/> back: <c>*</c>, <c>flow</c> or <c>flow@3</c>.</summary>
        /// <exception cref="FormatException">The text is none of these.</exception>
        public static KillScope Parse(string key)
        {
            ArgumentNullException.ThrowIfNull(key);
            if (key == "*")
            {
                return Global;
            }

            var at = key.LastIndexOf('@');
            if (at < 0)
            {
                return key.Length > 0 && key.Trim() == key ? Flow(key) : throw Bad(key);
            }

            return at > 0 && int.TryParse(key.AsSpan(at + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) && version > 0
                ? FlowVersion(key.Substring(0, at), version)
                : throw Bad(key);
        }

        private static FormatException Bad(string key)
            => new($"'{key}' is not a kill switch scope: write '*' for every flow, 'flow-id' for a flow, or 'flow-id@3' for one version.");

        /// <inheritdoc />
        public override string ToString() => FlowId is null ? "every flow" : Version == 0 ? $"flow '{FlowId}'" : $"flow '{FlowId}' v{Version}";
    }

    /// <summary>An engaged kill switch, as the journal keeps it.</summary>
    /// <param name="Scope">What it covers.</param>
    /// <param name="Mode">What it did to the runs in flight.</param>
    /// <param name="Reason">Why, as the operator wrote it: it is what a refused start says.</param>
    /// <param name="By">Who engaged it, when known.</param>
    /// <param name="EngagedAt">When.</param>
    public sealed record KillSwitch(KillScope Scope, KillMode Mode, string Reason, string? By, DateTimeOffset EngagedAt);

    /// <summary>What engaging or lifting a kill switch did.</summary>
    /// <param name="Changed">False when the switch was engaged already (engaging again updates its mode and reason) or, for a lift, was not engaged.</param>
    /// <param name="Runs">
    /// Runs it touched: engaging, the runs paused or cancelled at once plus those asked to stop at their next step boundary;
    /// lifting, the runs it had paused that resume.
    /// </param>
    public readonly record struct KillSwitchChange(bool Changed, int Runs);

    /// <summary>
    /// A throttle a start must fit (<see cref="NewRun.Throttles"/>): at most <paramref name="Limit"/> starts counted under
    /// <paramref name="Key"/> per fixed <paramref name="Window"/> (windows are aligned to the Unix epoch).
    /// </summary>
    /// <param name="Key">What it counts: <c>flow:&lt;id&gt;</c> or <c>trigger:&lt;id&gt;</c>; shared by every host on the journal.</param>
    /// <param name="Limit">Starts per window.</param>
    /// <param name="Window">The window's length.</param>
    /// <param name="Refuse">True: a start beyond the limit is refused; false: it waits for the first window with room.</param>
    public sealed record ThrottleSlot(string Key, int Limit, TimeSpan Window, bool Refuse);

    /// <summary>The error types of the runs a safeguard refused or stopped (<see cref="RunError.ExceptionType"/>).</summary>
    public static class RunRefusals
    {
        /// <summary>A kill switch covers the flow.</summary>
        public const string KillSwitch = "Automations.KillSwitch";

        /// <summary>A throttle in refuse mode was full.</summary>
        public const string Throttle = "Automations.Throttle";

        /// <summary>The start's causation chain was too deep, or came back to the same flow and record.</summary>
        public const string Loop = "Automations.LoopPrevention";

        /// <summary>The flow calls an action the host's action policy does not allow.</summary>
        public const string ActionPolicy = "Automations.ActionPolicy";
    }
}
