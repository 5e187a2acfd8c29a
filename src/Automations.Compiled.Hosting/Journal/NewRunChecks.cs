using System;
using System.Diagnostics;

namespace Automations.Compiled.Hosting
{
    /// <summary>What every journal checks of a run to start before it queues the write.</summary>
    internal static class NewRunChecks
    {
        /// <summary>Checks a run to start before it is queued; returns its trace id (made when not given) and its payload bytes.</summary>
        public static (string TraceId, byte[] Payload) Check(NewRun run, string parameter)
        {
            ArgumentNullException.ThrowIfNull(run, parameter);
            ArgumentException.ThrowIfNullOrWhiteSpace(run.FlowId, parameter);
            ArgumentException.ThrowIfNullOrWhiteSpace(run.TriggerKind, parameter);
            if (run.TraceId is { } given && !IsTraceId(given))
            {
                throw new ArgumentException($"'{given}' is not a W3C trace id (32 lowercase hex digits, not all zero).", parameter);
            }

            if (run.LeaseOwner is not null)
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(run.LeaseOwner, parameter);
                ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(run.Lease, TimeSpan.Zero, parameter);
            }

            if (run.Throttles is { } throttles)
            {
                foreach (var slot in throttles)
                {
                    if (slot is null || string.IsNullOrWhiteSpace(slot.Key) || slot.Limit < 1 || slot.Window < TimeSpan.FromMilliseconds(1))
                    {
                        throw new ArgumentException("A throttle has a key, a limit of 1 or more and a window of 1 ms or more.", parameter);
                    }
                }
            }

            if (run.Refusal is { } refusal)
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(refusal.Message, parameter);
            }

            return (run.TraceId ?? ActivityTraceId.CreateRandom().ToHexString(), run.Payload.ToArray());
        }

        public static bool IsTraceId(string text)
        {
            if (text.Length != 32)
            {
                return false;
            }

            var zero = true;
            foreach (var c in text)
            {
                if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
                {
                    return false;
                }

                zero &= c == '0';
            }

            return !zero;
        }
    }
}
