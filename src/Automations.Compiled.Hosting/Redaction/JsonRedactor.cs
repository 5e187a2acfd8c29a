using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace Automations.Compiled.Hosting.Redaction
{
    /// <summary>
    /// Redacts a JSON document by splicing: it reads the tokens, notes the byte ranges of the values to hide, and copies
    /// the document with <c>"***"</c> in their place. Everything else (spacing, escapes, number forms) stays byte for byte.
    /// </summary>
    internal static class JsonRedactor
    {
        private static readonly JsonReaderOptions ReaderOptions = new()
        {
            // Comments are refused, so a document with one goes to the text redaction, which sees inside comments.
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            MaxDepth = 1024,
        };

        // Unescaped names and strings up to this size are compared on the stack.
        private const int StackLimit = 256;

        /// <summary>
        /// The redacted document: null when nothing was hidden. False when <paramref name="json"/> is not one valid JSON value.
        /// </summary>
        public static bool TryRedact(ReadOnlySpan<byte> json, SecretValues secrets, out byte[]? redacted)
        {
            redacted = null;
            List<(int Start, int End)>? ranges = null;
            try
            {
                var reader = new Utf8JsonReader(json, ReaderOptions);
                var keyLike = false;
                while (reader.Read())
                {
                    var start = checked((int)reader.TokenStartIndex);
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.PropertyName:
                            // A name holding a secret (a map keyed by tokens) is hidden too; its value is judged by the name.
                            keyLike = Inspect(ref reader, secrets, out var nameMatches, name: true);
                            if (nameMatches)
                            {
                                (ranges ??= []).Add((start, start + reader.ValueSpan.Length + 2));
                            }

                            continue;

                        case JsonTokenType.StartObject or JsonTokenType.StartArray when keyLike:
                            // A credential object ({"user": .., "pass": ..}) is hidden whole.
                            reader.Skip();
                            (ranges ??= []).Add((start, checked((int)reader.TokenStartIndex) + 1));
                            break;

                        case JsonTokenType.String:
                            Inspect(ref reader, secrets, out var stringMatches, name: false);
                            if (keyLike || stringMatches)
                            {
                                (ranges ??= []).Add((start, start + reader.ValueSpan.Length + 2));
                            }

                            break;

                        case JsonTokenType.Number:
                            // A secret turned into a number by user code (a PIN) is still its digits.
                            if (keyLike || (!secrets.IsEmpty && secrets.Matches(reader.ValueSpan)))
                            {
                                (ranges ??= []).Add((start, start + reader.ValueSpan.Length));
                            }

                            break;
                    }

                    // true, false and null under a key-like name stay: they say whether there is a credential, not what it is.
                    keyLike = false;
                }
            }
            catch (JsonException)
            {
                return false;
            }
            catch (InvalidOperationException)
            {
                // A string that is not valid UTF-8 once unescaped.
                return false;
            }

            if (ranges is not null)
            {
                redacted = Splice(json, ranges);
            }

            return true;
        }

        /// <summary>
        /// A JSON text redacted, through its UTF-8 bytes: <paramref name="redacted"/> is null when nothing was hidden.
        /// False when the text is not one valid JSON value (the caller falls back to the text redaction).
        /// </summary>
        public static bool TryRedact(string json, SecretValues secrets, out string? redacted)
        {
            redacted = null;
            var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
            try
            {
                var utf8 = rented.AsSpan(0, Encoding.UTF8.GetBytes(json, rented));
                if (!TryRedact(utf8, secrets, out var bytes))
                {
                    return false;
                }

                redacted = bytes is null ? null : Encoding.UTF8.GetString(bytes);
                return true;
            }
            finally
            {
                // The text may hold a secret: clear it before another renter sees it.
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
        }

        /// <summary>Whether a text starts like a JSON object or array, so it is worth parsing.</summary>
        public static bool LooksLikeJson(string text)
        {
            var trimmed = text.AsSpan().TrimStart();
            return trimmed.Length > 1 && trimmed[0] is '{' or '[';
        }

        /// <summary>For a name: whether it is key-like. For a name or a string: whether it holds a secret value.</summary>
        private static bool Inspect(ref Utf8JsonReader reader, SecretValues secrets, out bool matches, bool name)
        {
            var raw = reader.ValueSpan;
            if (!reader.ValueIsEscaped)
            {
                matches = !secrets.IsEmpty && secrets.Matches(raw);
                return name && KeyLikeNames.IsKeyLike(raw);
            }

            // Unescaped text is never longer than its escaped form.
            byte[]? rented = null;
            Span<byte> buffer = raw.Length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(raw.Length));
            try
            {
                var text = buffer[..reader.CopyString(buffer)];
                matches = !secrets.IsEmpty && secrets.Matches(text);
                return name && KeyLikeNames.IsKeyLike(text);
            }
            finally
            {
                if (rented is not null)
                {
                    // The buffer may have held a secret: clear it before another renter sees it.
                    ArrayPool<byte>.Shared.Return(rented, clearArray: true);
                }
            }
        }

        private static byte[] Splice(ReadOnlySpan<byte> json, List<(int Start, int End)> ranges)
        {
            var length = json.Length;
            foreach (var (start, end) in ranges)
            {
                length += SecretValues.QuotedMaskUtf8.Length - (end - start);
            }

            var output = new byte[length];
            var written = 0;
            var copied = 0;
            foreach (var (start, end) in ranges)
            {
                json[copied..start].CopyTo(output.AsSpan(written));
                written += start - copied;
                SecretValues.QuotedMaskUtf8.CopyTo(output.AsSpan(written));
                written += SecretValues.QuotedMaskUtf8.Length;
                copied = end;
            }

            json[copied..].CopyTo(output.AsSpan(written));
            return output;
        }
    }
}
