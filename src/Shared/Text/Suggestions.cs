using System;
using System.Collections.Generic;

namespace Automations.Compiled.Text
{
    /// <summary>"Did you mean" for misspelt names: the closest candidate within a small edit distance.</summary>
    internal static class Suggestions
    {
        /// <summary>" (did you mean 'x'?)" or an empty string when no candidate is close.</summary>
        public static string DidYouMean(string written, IEnumerable<string> candidates)
        {
            var best = Closest(written, candidates);
            return best is null ? "" : $"; did you mean '{best}'?";
        }

        public static string? Closest(string written, IEnumerable<string> candidates)
        {
            string? best = null;
            var bestDistance = int.MaxValue;
            // Allow about one edit in three characters, at least one: "emial" → "email", not "id" → "to".
            var limit = Math.Max(1, written.Length / 3);
            foreach (var candidate in candidates)
            {
                var distance = Distance(written.ToLowerInvariant(), candidate.ToLowerInvariant());
                if (distance <= limit && distance < bestDistance)
                {
                    best = candidate;
                    bestDistance = distance;
                }
            }

            return best;
        }

        /// <summary>Optimal string alignment distance (Levenshtein plus adjacent transpositions).</summary>
        internal static int Distance(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (var i = 0; i <= a.Length; i++)
            {
                d[i, 0] = i;
            }

            for (var j = 0; j <= b.Length; j++)
            {
                d[0, j] = j;
            }

            for (var i = 1; i <= a.Length; i++)
            {
                for (var j = 1; j <= b.Length; j++)
                {
                    var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    {
                        d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                    }
                }
            }

            return d[a.Length, b.Length];
        }
    }
}
