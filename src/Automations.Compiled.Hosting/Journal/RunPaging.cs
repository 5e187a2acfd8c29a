using System;
using System.Collections.Generic;
using System.Globalization;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// What every journal's <c>ListRunsAsync</c> shares: the query's checks, its continuation token (the seq of the last
    /// run of the page before, as text), and a page built from rows read newest first, one row past the limit so the
    /// page knows whether another follows.
    /// </summary>
    internal sealed class RunPaging
    {
        /// <summary>The most runs a page may hold.</summary>
        public const int MaxLimit = 1000;

        private readonly List<RunInfo> _runs = new();
        private readonly int _limit;
        private long _lastSeq;
        private bool _more;

        private RunPaging(int limit) => _limit = limit;

        /// <summary>Rows to ask the store for: the limit and one more, which says whether another page follows.</summary>
        public int Fetch => _limit + 1;

        /// <summary>
        /// Checks <paramref name="query"/> and starts its page. <paramref name="before"/> is the seq the page starts below,
        /// or null for the first page.
        /// </summary>
        public static RunPaging Start(RunQuery query, out long? before)
        {
            ArgumentNullException.ThrowIfNull(query);
            ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, MaxLimit, nameof(query));
            if (query.CreatedFrom is { } from && query.CreatedBefore is { } until && from >= until)
            {
                throw new ArgumentException($"CreatedFrom ({from:O}) must be before CreatedBefore ({until:O}).", nameof(query));
            }

            if (query.IdempotencyKey is { Length: 0 })
            {
                throw new ArgumentException("An idempotency key to filter by cannot be empty.", nameof(query));
            }

            before = null;
            if (query.ContinuationToken is { } token)
            {
                before = long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
                    ? seq
                    : throw new ArgumentException($"'{token}' is not a continuation token of this journal.", nameof(query));
            }

            return new RunPaging(query.Limit);
        }

        /// <summary>True while the page has room for the row just read; false once it is full (and another page follows).</summary>
        public bool Accepts()
        {
            if (_runs.Count < _limit)
            {
                return true;
            }

            _more = true;
            return false;
        }

        /// <summary>Adds the run of the row just read (after <see cref="Accepts"/>).</summary>
        public void Add(long seq, RunInfo run)
        {
            _lastSeq = seq;
            _runs.Add(run);
        }

        /// <summary>The page, with a continuation token when another follows.</summary>
        public RunPage Page() => new(_runs, _more ? _lastSeq.ToString(CultureInfo.InvariantCulture) : null);
    }
}
