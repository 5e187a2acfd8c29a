using System;
using System.Globalization;
using LiteDB;

namespace Automations.Compiled.Hosting.LiteDb
{
    /// <summary>
    /// How values are stored in the journal's documents: run ids as BSON GUIDs, enums by name, instants as Unix
    /// milliseconds (sortable integers for the due-time and lease indexes), and composite index keys as one string whose
    /// parts sort as the tuple would (LiteDB 5 indexes one expression, so a composite key is a field of its own).
    /// </summary>
    internal static class LiteDbValues
    {
        /// <summary>Separates the parts of a composite key; below every character a name or an id can hold.</summary>
        public const char KeySeparator = '\u0001';

        public static long Time(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

        public static DateTimeOffset Time(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

        public static T Enum<T>(string text)
            where T : struct, System.Enum
            => System.Enum.Parse<T>(text);

        /// <summary>A number that sorts as text in the order it sorts as a number (non-negative values).</summary>
        public static string Sortable(long value) => value.ToString("D19", CultureInfo.InvariantCulture);

        /// <summary>A composite key of two parts.</summary>
        public static string Key(string first, string second) => string.Concat(first, KeySeparator.ToString(), second);

        /// <summary>A composite key of three parts.</summary>
        public static string Key(string first, string second, string third)
            => string.Concat(first, KeySeparator.ToString(), second, KeySeparator.ToString(), third);

        /// <summary>The lowest key that starts with <paramref name="prefix"/> and one more part.</summary>
        public static string After(string prefix) => prefix + KeySeparator;

        /// <summary>The first key above every key that starts with <paramref name="prefix"/> and one more part.</summary>
        public static string Past(string prefix) => prefix + (char)(KeySeparator + 1);

        public static BsonValue Nullable(string? value) => value is null ? BsonValue.Null : new BsonValue(value);

        public static BsonValue Nullable(long? value) => value is { } v ? new BsonValue(v) : BsonValue.Null;

        public static BsonValue Nullable(byte[]? value) => value is null ? BsonValue.Null : new BsonValue(value);

        public static BsonValue Nullable(Guid? value) => value is { } v ? new BsonValue(v) : BsonValue.Null;

        public static string? String(this BsonDocument document, string field)
            => document.TryGetValue(field, out var value) && !value.IsNull ? value.AsString : null;

        public static long? Int64(this BsonDocument document, string field)
            => document.TryGetValue(field, out var value) && !value.IsNull ? value.AsInt64 : null;

        public static DateTimeOffset? NullableTime(this BsonDocument document, string field)
            => document.Int64(field) is { } ms ? Time(ms) : null;

        public static byte[]? Bytes(this BsonDocument document, string field)
            => document.TryGetValue(field, out var value) && !value.IsNull ? value.AsBinary : null;

        public static Guid? NullableGuid(this BsonDocument document, string field)
            => document.TryGetValue(field, out var value) && !value.IsNull ? value.AsGuid : null;
    }
}
