using System;
using System.Collections;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Automations.Compiled.Cel
{
    /// <summary>
    /// What compiled CEL expressions call: checked arithmetic, comparisons, conversions, string, time and collection
    /// functions, and the dynamic dispatch used for <c>dyn</c> values. Typed overloads allocate nothing.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static partial class CelRuntime
    {
        /// <summary>cel-spec's "no such overload" error for <paramref name="function"/>.</summary>
        public static CelException NoSuchOverload(string function) => new($"no such overload: {function}");

        /// <summary>Throws <paramref name="message"/> as a CEL error where an expression of type <typeparamref name="T"/> is expected.</summary>
        public static T Fail<T>(string message) => throw new CelException(message);

        /// <summary>Returns <paramref name="value"/>, or fails when it is null (selecting a field of a null object).</summary>
        public static T NotNull<T>([NotNull] T value)
        {
            if (value is null)
            {
                throw new CelException("cannot select a field of null");
            }

            return value;
        }

        /// <summary>Whether a field holds a value (<c>has(x.f)</c> on an object).</summary>
        public static bool HasValue<T>(T value) => value is not null;

        /// <summary>A <c>dyn</c> used where CEL needs a bool (<c>&amp;&amp;</c>, <c>||</c>, <c>!</c>, a condition).</summary>
        public static bool Bool(object? value) => Normalize(value) is bool b ? b : throw NoSuchOverload("bool operator");

        /// <summary>
        /// Brings a <c>dyn</c> value to CEL's representation: C# integers become <c>long</c> (unsigned: <c>ulong</c>),
        /// <c>float</c> and <c>decimal</c> become <c>double</c>, <c>DateTime</c> a UTC <c>DateTimeOffset</c>, and
        /// <see cref="JsonElement"/> its CEL value (numbers without a fraction are ints).
        /// </summary>
        public static object? Normalize(object? value)
        {
            switch (value)
            {
                case null:
                case long:
                case string:
                case bool:
                case double:
                case ulong:
                    return value;
                case int i:
                    return (long)i;
                case JsonElement json:
                    return FromJson(json);
                case short s:
                    return (long)s;
                case byte b:
                    return (long)b;
                case sbyte sb:
                    return (long)sb;
                case ushort us:
                    return (ulong)us;
                case uint ui:
                    return (ulong)ui;
                case float f:
                    return (double)f;
                case decimal m:
                    return (double)m;
                case char c:
                    return c.ToString();
                case DateTime dt:
                    return Timestamp(dt);
                case DateTimeOffset dto:
                    return dto.Offset == TimeSpan.Zero ? value : dto.ToUniversalTime();
                case Enum e:
                    return Convert.ToInt64(e, CultureInfo.InvariantCulture);
                default:
                    return value;
            }
        }

        /// <summary>A <c>DateTime</c> as a CEL timestamp (unspecified kinds are taken as UTC).</summary>
        public static DateTimeOffset Timestamp(DateTime value)
            => new(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc));

        private static object? FromJson(JsonElement json)
        {
            switch (json.ValueKind)
            {
                case JsonValueKind.String:
                    return json.GetString();
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                case JsonValueKind.Number:
                    return FromJsonNumber(json);
                case JsonValueKind.Array:
                    var list = new object?[json.GetArrayLength()];
                    var index = 0;
                    foreach (var item in json.EnumerateArray())
                    {
                        list[index++] = item;
                    }

                    return list;
                case JsonValueKind.Object:
                    var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var property in json.EnumerateObject())
                    {
                        map[property.Name] = property.Value;
                    }

                    return map;
                default:
                    return null;
            }
        }

        private static object FromJsonNumber(JsonElement json)
        {
            var raw = JsonMarshal.GetRawUtf8Value(json);
            var integral = raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;
            if (integral && json.TryGetInt64(out var l))
            {
                return l;
            }

            if (integral && json.TryGetUInt64(out var u))
            {
                return u;
            }

            return json.GetDouble();
        }

        /// <summary>The elements of a list, or the keys of a map, that a macro iterates over.</summary>
        public static IReadOnlyList<object?> Elements(object? range)
        {
            switch (Normalize(range))
            {
                case IReadOnlyList<object?> list:
                    return list;
                case IDictionary map:
                    var keys = new List<object?>(map.Count);
                    foreach (var key in map.Keys)
                    {
                        keys.Add(key);
                    }

                    return keys;
                case IList list:
                    var items = new object?[list.Count];
                    list.CopyTo(items, 0);
                    return items;
                case IReadOnlyDictionary<string, object?> map:
                    return new List<object?>(map.Keys);
                default:
                    throw NoSuchOverload("comprehension over a value that is not a list or map");
            }
        }

        /// <summary>A typed list as a list of <c>dyn</c> (copies only lists of value types).</summary>
        public static IReadOnlyList<object?> DynList<T>(IReadOnlyList<T> list)
        {
            if (list is IReadOnlyList<object?> objects)
            {
                return objects;
            }

            var copy = new object?[list.Count];
            for (var i = 0; i < copy.Length; i++)
            {
                copy[i] = list[i];
            }

            return copy;
        }

        /// <summary>A typed map as a map of <c>dyn</c> keys and values.</summary>
        public static IReadOnlyDictionary<object, object?> DynMap<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> map)
            where TKey : notnull
        {
            if (map is IReadOnlyDictionary<object, object?> objects)
            {
                return objects;
            }

            var copy = new Dictionary<object, object?>(map.Count, CelKeyComparer.Instance);
            foreach (var entry in map)
            {
                copy[entry.Key] = entry.Value;
            }

            return copy;
        }

        /// <summary>A typed map as a map of <c>dyn</c> values with the same keys (map(string, string) given where map(string, dyn) is wanted).</summary>
        public static IReadOnlyDictionary<TKey, object?> DynValues<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> map)
            where TKey : notnull
        {
            if (map is IReadOnlyDictionary<TKey, object?> objects)
            {
                return objects;
            }

            var copy = new Dictionary<TKey, object?>(map.Count);
            foreach (var entry in map)
            {
                copy[entry.Key] = entry.Value;
            }

            return copy;
        }

        /// <summary>A map literal; a repeated key is an error.</summary>
        public static IReadOnlyDictionary<TKey, TValue> Map<TKey, TValue>(params (TKey Key, TValue Value)[] entries)
            where TKey : notnull
        {
            var map = new Dictionary<TKey, TValue>(entries.Length, typeof(TKey) == typeof(object) ? (IEqualityComparer<TKey>)(object)CelKeyComparer.Instance : null);
            foreach (var (key, value) in entries)
            {
                var normalized = typeof(TKey) == typeof(object) ? (TKey)Normalize(key)! : key;
                if (normalized is not (long or ulong or string or bool))
                {
                    throw new CelException($"unsupported key type: {TypeOf(normalized)}");
                }

                if (map.ContainsKey(normalized))
                {
                    throw new CelException($"Failed with repeated key: {Format(normalized)}");
                }

                map.Add(normalized, value);
            }

            return map;
        }

        /// <summary>A value as it appears in an error message.</summary>
        internal static string Format(object? value) => Normalize(value) switch
        {
            null => "null",
            string s => "\"" + s + "\"",
            bool b => b ? "true" : "false",
            ulong u => u.ToString(CultureInfo.InvariantCulture) + "u",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var other => other.ToString() ?? "",
        };
    }
}
