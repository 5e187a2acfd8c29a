using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Reflection;
using System.Text.Json;

namespace Automations.Compiled.Cel
{
    public static partial class CelRuntime
    {
        private static readonly ConcurrentDictionary<(Type, string), PropertyInfo?> Properties = new();

        /// <summary><c>list[index]</c>; out of range is an error.</summary>
        public static T Index<T>(IReadOnlyList<T> list, long index)
            => index >= 0 && index < list.Count ? list[(int)index] : throw new CelException($"index out of range: {index}");

        /// <summary><c>list[dyn]</c>: the index may be an int, a uint or a double without a fraction.</summary>
        public static T Index<T>(IReadOnlyList<T> list, object? index) => Index(list, ListIndex(index));

        /// <summary><c>map[key]</c>; a missing key is an error.</summary>
        public static TValue Index<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> map, TKey key)
            where TKey : notnull
            => map.TryGetValue(key, out var value) ? value : throw NoSuchKey(key);

        /// <summary><c>dyn[dyn]</c>.</summary>
        public static object? Index(object? container, object? key)
        {
            switch (Normalize(container))
            {
                case IList list:
                    var i = ListIndex(key);
                    return i >= 0 && i < list.Count ? list[(int)i] : throw new CelException($"index out of range: {i}");
                case IDictionary map:
                    return TryGet(map, Normalize(key), out var value) ? value : throw NoSuchKey(key);
                case IReadOnlyDictionary<string, object?> map:
                    return Normalize(key) is string s && map.TryGetValue(s, out var v) ? v : throw NoSuchKey(key);
                default:
                    throw NoSuchOverload("_[_]");
            }
        }

        /// <summary><c>key in map</c> for a map of <c>dyn</c> keys, or <c>x in list</c> of any list.</summary>
        public static bool In(object? value, object? container)
        {
            switch (Normalize(container))
            {
                case IList list:
                    foreach (var item in list)
                    {
                        if (Equal(value, item))
                        {
                            return true;
                        }
                    }

                    return false;
                case IDictionary map:
                    return TryGet(map, Normalize(value), out _);
                case IReadOnlyDictionary<string, object?> map:
                    return Normalize(value) is string s && map.ContainsKey(s);
                default:
                    throw NoSuchOverload("@in");
            }
        }

        /// <summary><c>int in list(int)</c>.</summary>
        public static bool In(long value, IReadOnlyList<long> list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] == value)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>string in list(string)</c>.</summary>
        public static bool In(string value, IReadOnlyList<string> list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (string.Equals(list[i], value, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>x in list(T)</c> with CEL equality.</summary>
        public static bool In<T>(T value, IReadOnlyList<T> list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (Equal(value, list[i]))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>size(dyn)</c>: code points of a string, bytes, list elements or map entries.</summary>
        public static long Size(object? value) => Normalize(value) switch
        {
            string s => Size(s),
            byte[] b => b.Length,
            ICollection c => c.Count,
            IReadOnlyCollection<KeyValuePair<string, object?>> m => m.Count,
            _ => throw NoSuchOverload("size"),
        };

        /// <summary><c>size(list)</c> and <c>size(map)</c>.</summary>
        public static long Count<T>(IReadOnlyCollection<T> collection) => collection.Count;

        /// <summary><c>size(string)</c>: the number of code points.</summary>
        public static long Size(string value)
        {
            var count = value.Length;
            foreach (var c in value)
            {
                if (char.IsLowSurrogate(c))
                {
                    count--;
                }
            }

            return count;
        }

        /// <summary><c>dyn.field</c>: a map key, or a property of a C# object; a missing key is an error.</summary>
        public static object? Select(object? value, string field)
        {
            // A JSON object (the host's payloads and records): one property, without converting the whole object to a map.
            if (value is JsonElement { ValueKind: JsonValueKind.Object } json)
            {
                return json.TryGetProperty(field, out var property) ? property : throw NoSuchKey(field);
            }

            switch (Normalize(value))
            {
                case IDictionary map:
                    return TryGet(map, field, out var v) ? v : throw NoSuchKey(field);
                case IReadOnlyDictionary<string, object?> map:
                    return map.TryGetValue(field, out var w) ? w : throw NoSuchKey(field);
                case null:
                    throw new CelException($"cannot select '{field}' of null");
                case var other when Property(other, field) is { } property:
                    return property.GetValue(other);
                default:
                    throw new CelException($"no such field: '{field}'");
            }
        }

        /// <summary><c>has(dyn.field)</c>: whether a map has the key, or a C# object has the property set.</summary>
        public static bool Has(object? value, string field)
        {
            if (value is JsonElement { ValueKind: JsonValueKind.Object } json)
            {
                return json.TryGetProperty(field, out _);
            }

            return Normalize(value) switch
            {
                IDictionary map => TryGet(map, field, out _),
                IReadOnlyDictionary<string, object?> map => map.ContainsKey(field),
                null => throw new CelException($"cannot test '{field}' of null"),
                var other => Property(other, field) is { } property
                    ? property.GetValue(other) is not null
                    : throw new CelException($"no such field: '{field}'"),
            };
        }

        /// <summary><c>has(map.key)</c> on a typed map.</summary>
        public static bool Has<TValue>(IReadOnlyDictionary<string, TValue> map, string key) => map.ContainsKey(key);

        private static CelException NoSuchKey(object? key) => new($"no such key: {Format(key)}");

        private static long ListIndex(object? index) => Normalize(index) switch
        {
            long l => l,
            ulong u => u <= long.MaxValue ? (long)u : throw new CelException($"index out of range: {u}"),
            double d when d == Math.Floor(d) && d > -TwoTo63 && d < TwoTo63 => (long)d,
            double d => throw new CelException($"invalid_argument: index {Format(d)} is not an integer"),
            _ => throw new CelException("invalid_argument: no such overload for a list index"),
        };

        /// <summary>A map lookup with CEL's key equality: 1, 1u and 1.0 find the same entry.</summary>
        private static bool TryGet(IDictionary map, object? key, out object? value)
        {
            value = null;
            if (key is not null && KeyOrNull(map, key, out value))
            {
                return true;
            }

            switch (key)
            {
                case long l:
                    return (l >= 0 && KeyOrNull(map, (ulong)l, out value)) || KeyOrNull(map, (double)l, out value);
                case ulong u:
                    return (u <= long.MaxValue && KeyOrNull(map, (long)u, out value)) || KeyOrNull(map, (double)u, out value);
                case double d when d == Math.Floor(d) && d > -TwoTo63 && d < TwoTo64:
                    return (d < TwoTo63 && KeyOrNull(map, (long)d, out value)) || (d >= 0 && KeyOrNull(map, (ulong)d, out value));
            }

            value = null;
            return false;
        }

        private static bool KeyOrNull(IDictionary map, object key, out object? value)
        {
            // IDictionary.Contains returns false (no exception) for a key of another type.
            try
            {
                if (map.Contains(key))
                {
                    value = map[key];
                    return true;
                }
            }
            catch (ArgumentException)
            {
            }

            value = null;
            return false;
        }

        private static PropertyInfo? Property(object value, string name)
            => Properties.GetOrAdd((value.GetType(), name), static key => key.Item1.GetProperty(key.Item2, BindingFlags.Public | BindingFlags.Instance));
    }
}
