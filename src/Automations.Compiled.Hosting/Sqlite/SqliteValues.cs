using System;
using Microsoft.Data.Sqlite;

namespace Automations.Compiled.Hosting.Sqlite
{
    /// <summary>
    /// How values are stored: ids as 32 hex digits and enums by name (so the file reads well in the sqlite3 shell),
    /// instants as Unix milliseconds (sortable integers for the due-time and lease indexes).
    /// </summary>
    internal static class SqliteValues
    {
        public static string Id(Guid id) => id.ToString("N");

        public static Guid Id(string text) => Guid.ParseExact(text, "N");

        public static long Time(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

        public static DateTimeOffset Time(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

        public static T Enum<T>(string text)
            where T : struct, System.Enum
            => System.Enum.Parse<T>(text);

        /// <summary>Sets a parameter, adding it the first time: the writer reuses its prepared commands.</summary>
        public static SqliteCommand Bind(this SqliteCommand command, string name, object? value)
        {
            var parameter = command.Parameters.Contains(name) ? command.Parameters[name] : command.Parameters.Add(new SqliteParameter { ParameterName = name });
            parameter.Value = value switch
            {
                null => DBNull.Value,
                ReadOnlyMemory<byte> bytes => bytes.ToArray(),
                _ => value,
            };
            return command;
        }

        public static string? NullableString(this SqliteDataReader reader, int ordinal)
            => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

        public static long? NullableInt64(this SqliteDataReader reader, int ordinal)
            => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

        public static DateTimeOffset? NullableTime(this SqliteDataReader reader, int ordinal)
            => reader.IsDBNull(ordinal) ? null : Time(reader.GetInt64(ordinal));

        public static byte[]? NullableBytes(this SqliteDataReader reader, int ordinal)
            => reader.IsDBNull(ordinal) ? null : (byte[])reader.GetValue(ordinal);
    }
}
