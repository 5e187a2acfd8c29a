using System;
using System.Collections.Generic;

namespace Automations.Compiled.Validation
{
    /// <summary>
    /// The patterns of action policies (<c>flow-policy.json</c>, the runtime's <c>ActionPolicy</c>): an exact action name
    /// (<c>"log"</c>), a prefix ending in <c>.*</c> (<c>"orders.*"</c>: <c>orders.ship</c>, <c>orders.refund.partial</c>), <c>*</c>
    /// for every action, or <c>tag:&lt;tag&gt;</c> for the actions carrying that tag. Names and tags compare ordinally.
    /// Depends on the BCL only: the generator, the analyzers, the CLI and the runtime compile this one file.
    /// </summary>
    internal static class ActionPatterns
    {
        public const string TagPrefix = "tag:";

        /// <summary>Why <paramref name="pattern"/> is not a pattern; null when it is one.</summary>
        public static string? Problem(string pattern)
        {
            if (pattern.Length == 0 || pattern.Trim().Length != pattern.Length)
            {
                return $"'{pattern}' is empty or padded with spaces; write an action name such as \"orders.ship\", a prefix such as \"orders.*\", \"*\" or \"tag:email\"";
            }

            if (pattern.StartsWith(TagPrefix, StringComparison.Ordinal))
            {
                return pattern.Length == TagPrefix.Length || pattern.IndexOf('*') >= 0
                    ? $"'{pattern}' names no tag; write \"tag:\" and one tag, such as \"tag:email\""
                    : null;
            }

            var star = pattern.IndexOf('*');
            if (star >= 0 && pattern != "*" && !(star == pattern.Length - 1 && pattern.EndsWith(".*", StringComparison.Ordinal) && pattern.Length > 2))
            {
                return $"'{pattern}' puts '*' where it cannot go; '*' is either the whole pattern (every action) or ends a prefix after a dot, such as \"orders.*\"";
            }

            return null;
        }

        /// <summary>True when <paramref name="pattern"/> (a valid one) allows the action <paramref name="name"/> with <paramref name="tags"/>.</summary>
        public static bool Matches(string pattern, string name, IEnumerable<string> tags)
        {
            if (pattern == "*")
            {
                return true;
            }

            if (pattern.StartsWith(TagPrefix, StringComparison.Ordinal))
            {
                var tag = pattern.Substring(TagPrefix.Length);
                foreach (var candidate in tags)
                {
                    if (string.Equals(candidate, tag, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (pattern.EndsWith(".*", StringComparison.Ordinal))
            {
                // "orders.*" allows "orders.ship", not "orders" itself nor "ordersx.ship".
                var prefix = pattern.Substring(0, pattern.Length - 1);
                return name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal);
            }

            return string.Equals(pattern, name, StringComparison.Ordinal);
        }

        /// <summary>True when one of <paramref name="patterns"/> allows the action; invalid patterns allow nothing.</summary>
        public static bool AnyMatches(IEnumerable<string> patterns, string name, IEnumerable<string> tags)
        {
            foreach (var pattern in patterns)
            {
                if (Problem(pattern) is null && Matches(pattern, name, tags))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The allowed list for messages: <c>'orders.*', 'tag:email'</c>, or "nothing" when empty.</summary>
        public static string Describe(IEnumerable<string> patterns)
        {
            var text = string.Join(", ", Quote(patterns));
            return text.Length == 0 ? "no action at all" : "only " + text;
        }

        private static IEnumerable<string> Quote(IEnumerable<string> patterns)
        {
            foreach (var pattern in patterns)
            {
                yield return "'" + pattern + "'";
            }
        }
    }
}
