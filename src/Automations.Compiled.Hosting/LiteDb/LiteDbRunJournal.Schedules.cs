using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LiteDB;

namespace Automations.Compiled.Hosting.LiteDb
{
    // The next occurrence of every scheduled flow, advanced by compare-and-swap (docs/journal.md, "schedules").
    public sealed partial class LiteDbRunJournal
    {
        /// <inheritdoc />
        public Task<IReadOnlyList<ScheduleState>> ListSchedulesAsync(CancellationToken cancellationToken = default)
            => ReadAsync<IReadOnlyList<ScheduleState>>(db =>
            {
                var schedules = new List<ScheduleState>();
                foreach (var d in db.Schedules.FindAll())
                {
                    schedules.Add(new ScheduleState(d["_id"].AsString, d.String("cron")!, d.String("zone")!, d.NullableTime("next"), d.NullableTime("last")));
                }

                schedules.Sort((a, b) => string.CompareOrdinal(a.FlowId, b.FlowId));
                return schedules;
            }, cancellationToken);

        /// <inheritdoc />
        public Task<bool> AdvanceScheduleAsync(ScheduleState? expected, ScheduleState next, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(next);
            ArgumentException.ThrowIfNullOrWhiteSpace(next.FlowId);
            if (expected is not null && !string.Equals(expected.FlowId, next.FlowId, StringComparison.Ordinal))
            {
                throw new ArgumentException($"The expected schedule is flow '{expected.FlowId}''s, not '{next.FlowId}''s.", nameof(expected));
            }

            return _writer.WriteAsync(
                w =>
                {
                    var now = LiteDbValues.Time(w.Time.GetUtcNow());
                    var stored = w.Db.Schedules.FindById(next.FlowId);
                    if (expected is null)
                    {
                        if (stored is not null)
                        {
                            return false;
                        }

                        stored = new BsonDocument { ["_id"] = next.FlowId };
                    }
                    else if (stored is null
                        || !string.Equals(stored.String("cron"), expected.Cron, StringComparison.Ordinal)
                        || !string.Equals(stored.String("zone"), expected.TimeZone, StringComparison.Ordinal)
                        || stored.Int64("next") != Time(expected.NextAt))
                    {
                        // Compared here, not in a query: text compares by the file's collation, and the swap must match exactly.
                        return false;
                    }

                    stored["cron"] = next.Cron;
                    stored["zone"] = next.TimeZone;
                    stored["next"] = LiteDbValues.Nullable(Time(next.NextAt));
                    stored["last"] = LiteDbValues.Nullable(Time(next.LastAt));
                    stored["updated"] = now;
                    w.Db.Schedules.Upsert(stored);
                    return true;
                },
                cancellationToken);
        }

        private static long? Time(DateTimeOffset? instant) => instant is { } value ? LiteDbValues.Time(value) : null;
    }
}
