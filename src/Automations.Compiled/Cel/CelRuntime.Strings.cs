using System;
using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Automations.Compiled.Cel
{
    public static partial class CelRuntime
    {
        // Literal patterns are few and fixed per expression: compile each once for the process.
        private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

        /// <summary><c>s.contains(t)</c>, ordinal.</summary>
        public static bool Contains(string s, string t) => s.Contains(t, StringComparison.Ordinal);

        /// <summary><c>s.startsWith(t)</c>, ordinal.</summary>
        public static bool StartsWith(string s, string t) => s.StartsWith(t, StringComparison.Ordinal);

        /// <summary><c>s.endsWith(t)</c>, ordinal.</summary>
        public static bool EndsWith(string s, string t) => s.EndsWith(t, StringComparison.Ordinal);

        /// <summary><c>s.matches(re)</c> with a literal pattern: compiled once and cached.</summary>
        public static bool Matches(string s, string pattern)
        {
            var regex = Patterns.GetOrAdd(pattern, static p => Compile(p, RegexOptions.Compiled));
            return regex.IsMatch(s);
        }

        /// <summary><c>s.matches(re)</c> with a computed pattern (uses .NET's own small regex cache).</summary>
        public static bool MatchesDynamic(string s, string pattern) => Compile(pattern, RegexOptions.None).IsMatch(s);

        /// <summary>String functions on <c>dyn</c> receivers: <c>contains</c>, <c>startsWith</c>, <c>endsWith</c>, <c>matches</c>.</summary>
        public static bool StringFunction(string function, object? s, object? t)
        {
            if (Normalize(s) is not string a || Normalize(t) is not string b)
            {
                throw NoSuchOverload(function);
            }

            return function switch
            {
                "contains" => Contains(a, b),
                "startsWith" => StartsWith(a, b),
                "endsWith" => EndsWith(a, b),
                "matches" => MatchesDynamic(a, b),
                _ => throw NoSuchOverload(function),
            };
        }

        private static Regex Compile(string pattern, RegexOptions options)
        {
            try
            {
                return new Regex(pattern, options | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                throw new CelException($"invalid regular expression '{pattern}': {e.Message}");
            }
        }
    }
}
