using System;

namespace Automations.Compiled.Runtime
{
    /// <summary>Exponential backoff with jitter (SPEC §4).</summary>
    internal static class RetryDelays
    {
        /// <summary>
        /// The delay before try <paramref name="nextAttempt"/> (2 for the first retry):
        /// <c>initial * multiplier^(nextAttempt-2)</c>, capped at <paramref name="maxDelayMs"/>, then spread by
        /// <c>±jitter</c> using <paramref name="sample"/> in [0, 1) (0.5 means no spread).
        /// </summary>
        public static TimeSpan Compute(int nextAttempt, int initialDelayMs, double multiplier, int maxDelayMs, double jitter, double sample)
        {
            var exponent = Math.Max(0, nextAttempt - 2);
            var delay = initialDelayMs * Math.Pow(multiplier, exponent);
            if (maxDelayMs > 0)
            {
                delay = Math.Min(delay, maxDelayMs);
            }

            delay *= 1 + (jitter * ((2 * sample) - 1));
            return TimeSpan.FromMilliseconds(Math.Max(0, delay));
        }
    }
}
