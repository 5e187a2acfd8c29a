using System;
using System.Globalization;

namespace Automations.Compiled.Testing
{
    /// <summary>
    /// One expected line of a step trace, written as the trace prints a try: <c>id</c>, then optionally <c>#attempt</c>,
    /// a status (<c>succeeded</c>, <c>failed</c>, <c>suspended</c>, <c>compensated</c>) and <c>-&gt; endpoint</c>:
    /// <c>"charge"</c>, <c>"charge #2"</c>, <c>"charge #1 failed"</c>, <c>"check -&gt; then"</c>. What a line leaves
    /// out matches anything.
    /// </summary>
    internal sealed record StepPattern(string StepId, int? Attempt, StepStatus? Status, string? Endpoint)
    {
        /// <summary>Reads a pattern; a malformed one is an <see cref="FormatException"/> saying what the grammar is.</summary>
        public static StepPattern Parse(string text)
        {
            var rest = text.Trim();
            string? endpoint = null;
            var arrow = rest.IndexOf("->", StringComparison.Ordinal);
            if (arrow >= 0)
            {
                endpoint = rest[(arrow + 2)..].Trim();
                rest = rest[..arrow].Trim();
                if (endpoint.Length == 0)
                {
                    throw Malformed(text, "an endpoint name after '->'");
                }
            }

            var parts = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                throw Malformed(text, "a step id");
            }

            int? attempt = null;
            StepStatus? status = null;
            foreach (var part in parts[1..])
            {
                if (part.StartsWith('#') && attempt is null && int.TryParse(part[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1)
                {
                    attempt = n;
                }
                else if (status is null && Enum.TryParse<StepStatus>(part, ignoreCase: true, out var s) && !int.TryParse(part, out _))
                {
                    status = s;
                }
                else
                {
                    throw Malformed(text, "'#<try>' (from 1) or a status (succeeded, failed, suspended, compensated)");
                }
            }

            return new StepPattern(parts[0], attempt, status, endpoint);
        }

        /// <summary>Whether a try of the run fits this line.</summary>
        public bool Matches(in StepRecord record)
            => record.StepId == StepId
                && (Attempt is null || record.Attempt == Attempt)
                && (Status is null || record.Status == Status)
                && (Endpoint is null || record.Endpoint == Endpoint);

        /// <summary>A try as the trace prints it, the form the patterns are written in.</summary>
        public static string Print(in StepRecord record)
        {
            var text = $"{record.StepId} #{record.Attempt} {record.Status.ToString().ToLowerInvariant()}";
            if (record.Endpoint is not null)
            {
                text += " -> " + record.Endpoint;
            }

            return record.Error is null ? text : $"{text} ({record.Error})";
        }

        /// <inheritdoc />
        public override string ToString()
        {
            var text = StepId;
            if (Attempt is { } attempt)
            {
                text += " #" + attempt.ToString(CultureInfo.InvariantCulture);
            }

            if (Status is { } status)
            {
                text += " " + status.ToString().ToLowerInvariant();
            }

            return Endpoint is null ? text : text + " -> " + Endpoint;
        }

        private static FormatException Malformed(string text, string wanted)
            => new($"Step trace line '{text}' is not 'id [#try] [status] [-> endpoint]': expected {wanted}.");
    }
}
