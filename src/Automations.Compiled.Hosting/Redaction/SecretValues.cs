using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;

namespace Automations.Compiled.Hosting.Redaction
{
    /// <summary>
    /// An immutable set of secret values, longest first, with what the searches need prepared once: the values a
    /// longer text is searched for (<see cref="MinSubstringLength"/> characters or more) and every value's UTF-8 bytes.
    /// </summary>
    internal sealed class SecretValues
    {
        /// <summary>Shorter values are redacted only where they are a whole value, never inside a longer text.</summary>
        /// <remarks>Replacing every "ab" in a log would wreck it and, by the pattern of the stars, tell the secret.</remarks>
        internal const int MinSubstringLength = 4;

        internal const string Mask = "***";

        internal static readonly byte[] MaskUtf8 = "***"u8.ToArray();

        internal static readonly byte[] QuotedMaskUtf8 = "\"***\""u8.ToArray();

        public static readonly SecretValues Empty = new([]);

        private readonly string[] _values;
        private readonly byte[][] _utf8;
        private readonly HashSet<string> _exact;
        private readonly int _longCount;
        private readonly SearchValues<string>? _long;

        public SecretValues(IEnumerable<string> values)
        {
            var distinct = new HashSet<string>(StringComparer.Ordinal);
            foreach (var value in values)
            {
                if (!string.IsNullOrEmpty(value))
                {
                    distinct.Add(value);
                }
            }

            var sorted = new List<string>(distinct);

            // Longest first (ordinal after that, for a stable order): where two values overlap, the longer one is found first.
            sorted.Sort(static (a, b) => a.Length != b.Length ? b.Length.CompareTo(a.Length) : string.CompareOrdinal(a, b));
            _values = [.. sorted];
            _utf8 = Array.ConvertAll(_values, Encoding.UTF8.GetBytes);
            _exact = distinct;
            _longCount = Array.FindIndex(_values, static v => v.Length < MinSubstringLength) is var i and >= 0 ? i : _values.Length;
            _long = _longCount == 0 ? null : SearchValues.Create(_values.AsSpan(0, _longCount), StringComparison.Ordinal);
        }

        public int Count => _values.Length;

        public bool IsEmpty => _values.Length == 0;

        /// <summary>Whether <paramref name="value"/> is one of the values.</summary>
        public bool Contains(string value) => _exact.Contains(value);

        /// <summary>Whether the UTF-8 text equals a value, or contains one long enough to be searched for.</summary>
        public bool Matches(ReadOnlySpan<byte> utf8)
        {
            for (var i = 0; i < _utf8.Length; i++)
            {
                var value = _utf8[i];
                if (i < _longCount ? utf8.IndexOf(value) >= 0 : utf8.SequenceEqual(value))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// <paramref name="text"/> with every value replaced by <c>***</c>, the same instance when none occurs. Where
        /// occurrences overlap or touch, the whole stretch they cover becomes one <c>***</c>.
        /// </summary>
        public string Redact(string text)
        {
            if (_values.Length == 0 || text.Length == 0)
            {
                return text;
            }

            if (_exact.Contains(text))
            {
                return Mask;
            }

            if (_long is null)
            {
                return text;
            }

            var span = text.AsSpan();
            var at = span.IndexOfAny(_long);
            if (at < 0)
            {
                return text;
            }

            var builder = new StringBuilder(text.Length);
            var copied = 0;
            var runStart = -1;
            var runEnd = -1;
            while (at >= 0)
            {
                var end = at + LongestAt(span, at);
                if (runStart >= 0 && at <= runEnd)
                {
                    runEnd = Math.Max(runEnd, end);
                }
                else
                {
                    if (runStart >= 0)
                    {
                        builder.Append(span[copied..runStart]).Append(Mask);
                        copied = runEnd;
                    }

                    runStart = at;
                    runEnd = end;
                }

                // From the next character, not after the match: another value may start inside this one.
                var next = at + 1 < span.Length ? span[(at + 1)..].IndexOfAny(_long) : -1;
                at = next < 0 ? -1 : at + 1 + next;
            }

            builder.Append(span[copied..runStart]).Append(Mask).Append(span[runEnd..]);
            return builder.ToString();
        }

        /// <summary>
        /// UTF-8 text (or any bytes) with every value's bytes replaced by <c>***</c>; null when none occurs. The bytes
        /// in between are kept as they are, valid UTF-8 or not.
        /// </summary>
        public byte[]? RedactUtf8(ReadOnlySpan<byte> utf8)
        {
            if (_values.Length == 0 || utf8.IsEmpty)
            {
                return null;
            }

            for (var i = _longCount; i < _utf8.Length; i++)
            {
                if (utf8.SequenceEqual(_utf8[i]))
                {
                    return [.. MaskUtf8];
                }
            }

            List<(int Start, int End)>? found = null;
            for (var i = 0; i < _longCount; i++)
            {
                var value = _utf8[i];
                var from = 0;
                while (from < utf8.Length)
                {
                    var at = utf8[from..].IndexOf(value);
                    if (at < 0)
                    {
                        break;
                    }

                    (found ??= []).Add((from + at, from + at + value.Length));
                    from += at + 1;
                }
            }

            if (found is null)
            {
                return null;
            }

            found.Sort(static (a, b) => a.Start.CompareTo(b.Start));
            var output = new ArrayBufferWriter<byte>(utf8.Length);
            var copied = 0;
            var runStart = found[0].Start;
            var runEnd = found[0].End;
            for (var i = 1; i <= found.Count; i++)
            {
                if (i < found.Count && found[i].Start <= runEnd)
                {
                    runEnd = Math.Max(runEnd, found[i].End);
                    continue;
                }

                output.Write(utf8[copied..runStart]);
                output.Write(MaskUtf8);
                copied = runEnd;
                if (i < found.Count)
                {
                    (runStart, runEnd) = found[i];
                }
            }

            output.Write(utf8[copied..]);
            return output.WrittenSpan.ToArray();
        }

        private int LongestAt(ReadOnlySpan<char> span, int at)
        {
            var rest = span[at..];
            for (var i = 0; i < _longCount; i++)
            {
                if (rest.StartsWith(_values[i], StringComparison.Ordinal))
                {
                    return _values[i].Length;
                }
            }

            return 0;
        }
    }
}
