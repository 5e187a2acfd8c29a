using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Automations.Compiled.Hosting.PostgreSql
{
    // Inside the namespace: Automations.Compiled.Text would hide NpgsqlDbType.Text otherwise.
    using static NpgsqlTypes.NpgsqlDbType;

    // The next occurrence of every scheduled flow, advanced by compare-and-swap (docs/journal.md, "schedules"): every host
    // runs the scheduler, and the one whose swap succeeds fires the occurrence.
    public sealed partial class PostgresRunJournal
    {
        /// <inheritdoc />
        public async Task<IReadOnlyList<ScheduleState>> ListSchedulesAsync(CancellationToken cancellationToken = default)
        {
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT flow_id, cron, time_zone, next_at, last_at FROM schedules ORDER BY flow_id", connection);
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
                (expected, next),
                static (w, args) =>
                {
                    var (expected, next) = args;
                    var now = PostgresValues.Time(w.Time.GetUtcNow());

                    // Either statement waits for another host's swap of the same row and then sees what it committed: the
                    // insert does nothing, the update finds the row moved on. One of the two hosts fires the occurrence.
                    var command = expected is null
                        ? w.Command(InsertScheduleSql)
                        : w.Command(AdvanceScheduleSql).Bind(7, expected.Cron).Bind(8, expected.TimeZone).Bind(9, PostgresValues.Time(expected.NextAt));
                    return command
                        .Bind(1, next.FlowId).Bind(2, next.Cron).Bind(3, next.TimeZone)
                        .Bind(4, PostgresValues.Time(next.NextAt)).Bind(5, PostgresValues.Time(next.LastAt)).Bind(6, now)
                        .ExecuteNonQuery() == 1;
                },
                cancellationToken);
        }

        private static readonly PostgresSql InsertScheduleSql = new("""
            INSERT INTO schedules (flow_id, cron, time_zone, next_at, last_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (flow_id) DO NOTHING
            """, Text, Text, Text, Bigint, Bigint, Bigint);

        private static readonly PostgresSql AdvanceScheduleSql = new("""
            UPDATE schedules SET cron = $2, time_zone = $3, next_at = $4, last_at = $5, updated_at = $6
            WHERE flow_id = $1 AND cron = $7 AND time_zone = $8 AND next_at IS NOT DISTINCT FROM $9
            """, Text, Text, Text, Bigint, Bigint, Bigint, Text, Text, Bigint);
    }
}
