using System;
using Npgsql;

namespace Automations.Compiled.Hosting.PostgreSql
{
    /// <summary>
    /// How values are stored, as in the SQLite journal: instants as Unix milliseconds (<c>bigint</c>, sortable for the
    /// due-time and lease indexes), enums by name (<c>text</c>, readable in psql); run ids are <c>uuid</c>s.
    /// </summary>
    internal static class PostgresValues
    {
        public static long Time(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

        public static DateTimeOffset Time(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

        public static long? Time(DateTimeOffset? instant) => instant is { } value ? Time(value) : null;

        public static T Enum<T>(string text)
            where T : struct, System.Enum
            => System.Enum.Parse<T>(text);

        /// <summary>Sets positional parameter <paramref name="position"/> (1 for <c>$1</c>); null binds NULL.</summary>
        public static NpgsqlCommand Bind(this NpgsqlCommand command, int position, object? value)
        {
            command.Parameters[position - 1].Value = value ?? DBNull.Value;
            return command;
        }

        /// <summary>Sets positional parameter <paramref name="position"/> of a batch's statement; null binds NULL.</summary>
        public static NpgsqlBatchCommand Bind(this NpgsqlBatchCommand command, int position, object? value)
        {
            command.Parameters[position - 1].Value = value ?? DBNull.Value;
            return command;
        }

        public static string? NullableString(this NpgsqlDataReader reader, int ordinal)
            => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

        public static long? NullableInt64(this NpgsqlDataReader reader, int ordinal)
            => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

        public static DateTimeOffset? NullableTime(this NpgsqlDataReader reader, int ordinal)
            => reader.IsDBNull(ordinal) ? null : Time(reader.GetInt64(ordinal));

        public static byte[]? NullableBytes(this NpgsqlDataReader reader, int ordinal)
            => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<byte[]>(ordinal);

        public static Guid? NullableGuid(this NpgsqlDataReader reader, int ordinal)
            => reader.IsDBNull(ordinal) ? null : reader.GetGuid(ordinal);

        public static T? NullableEnum<T>(this NpgsqlDataReader reader, int ordinal)
            where T : struct, System.Enum
            => reader.IsDBNull(ordinal) ? null : Enum<T>(reader.GetString(ordinal));
    }
}
