using System;
using System.Runtime.CompilerServices;
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

        /// <summary>An enum's name as stored, from a table built once per enum (no boxing, no new string).</summary>
        public static string Name<T>(T value)
            where T : struct, System.Enum
        {
            var names = EnumNames<T>.ByValue;
            var index = Unsafe.SizeOf<T>() == sizeof(int) ? Unsafe.As<T, int>(ref value) : -1;
            return (uint)index < (uint)names.Length && names[index] is { } name ? name : value.ToString();
        }

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

        private static class EnumNames<T>
            where T : struct, System.Enum
        {
            public static readonly string?[] ByValue = Build();

            private static string?[] Build()
            {
                if (Unsafe.SizeOf<T>() != sizeof(int))
                {
                    return [];
                }

                var values = System.Enum.GetValues<T>();
                var names = new string?[values.Length == 0 ? 0 : Math.Clamp(MaxOf(values) + 1, 0, 64)];
                foreach (var value in values)
                {
                    var copy = value;
                    var index = Unsafe.As<T, int>(ref copy);
                    if ((uint)index < (uint)names.Length)
                    {
                        names[index] = value.ToString();
                    }
                }

                return names;
            }

            private static int MaxOf(T[] values)
            {
                var max = 0;
                foreach (var value in values)
                {
                    var copy = value;
                    max = Math.Max(max, Unsafe.As<T, int>(ref copy));
                }

                return max;
            }
        }
    }
}
