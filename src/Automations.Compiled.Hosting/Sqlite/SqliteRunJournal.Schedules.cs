using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting.Sqlite
{
    // The next occurrence of every scheduled flow, advanced by compare-and-swap (docs/journal.md, "schedules").
    public sealed partial class SqliteRunJournal
    {
        /// <inheritdoc />
        public async Task<IReadOnlyList<ScheduleState>> ListSchedulesAsync(CancellationToken cancellationToken = default)
        {
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT flow_id, cron, time_zone, next_at, last_at FROM schedules ORDER BY flow_id";
            var schedules = new List<ScheduleState>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                schedules.Add(new ScheduleState(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.NullableTime(3), reader.NullableTime(4)));
            }

            return schedules;
        }

        /// <inheritdoc />
        public Task<bool> AdvanceScheduleAsync(ScheduleState? expected, ScheduleState next, CancellationToken cancellationToken = default)
        {
            ScheduleChecks.Check(expected, next);

            return _writer.WriteAsync(
                w =>
                {
                    var now = SqliteValues.Time(w.Time.GetUtcNow());
                    if (expected is null)
                    {
                        return w.Command("""
                            INSERT INTO schedules (flow_id, cron, time_zone, next_at, last_at, updated_at) VALUES ($flow, $cron, $zone, $next, $last, $now)
                            ON CONFLICT (flow_id) DO NOTHING
                            """)
                            .Bind("$flow", next.FlowId).Bind("$cron", next.Cron).Bind("$zone", next.TimeZone)
                            .Bind("$next", Time(next.NextAt)).Bind("$last", Time(next.LastAt)).Bind("$now", now)
                            .ExecuteNonQuery() == 1;
                    }

                    return w.Command("""
                        UPDATE schedules SET cron = $cron, time_zone = $zone, next_at = $next, last_at = $last, updated_at = $now
                        WHERE flow_id = $flow AND cron = $oldCron AND time_zone = $oldZone AND next_at IS $oldNext
                        """)
                        .Bind("$flow", next.FlowId).Bind("$cron", next.Cron).Bind("$zone", next.TimeZone)
                        .Bind("$next", Time(next.NextAt)).Bind("$last", Time(next.LastAt)).Bind("$now", now)
                        .Bind("$oldCron", expected.Cron).Bind("$oldZone", expected.TimeZone).Bind("$oldNext", Time(expected.NextAt))
                        .ExecuteNonQuery() == 1;
                },
                cancellationToken);
        }

        private static object? Time(DateTimeOffset? instant) => instant is { } value ? SqliteValues.Time(value) : null;
    }
}
