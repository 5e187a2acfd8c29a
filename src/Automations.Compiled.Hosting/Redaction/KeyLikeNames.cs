using System;

namespace Automations.Compiled.Hosting.Redaction
{
    /// <summary>
    /// Property and log-value names whose value is a credential whatever it is. A name is compared case-insensitively
    /// with <c>_</c> and <c>-</c> left out (<c>API_KEY</c>, <c>api-key</c>, <c>apiKey</c> are one name).
    /// </summary>
    internal static class KeyLikeNames
    {
        /// <summary>Names that are key-like on their own or at the end of a longer name (<c>dbPassword</c>, <c>X-Auth-Token</c>).</summary>
        internal static readonly string[] Suffixes =
        [
            "password", "passwords", "passwd", "passphrase", "secret", "secrets", "token", "apikey", "apikeys",
            "accesskey", "accesskeys", "privatekey", "privatekeys", "credential", "credentials", "connectionstring",
            "authorization", "cookie", "cookies",
        ];

        /// <summary>
        /// Names that are key-like only on their own: at the end of a longer name they mean something else too often
        /// (<c>cwd</c>, <c>oauth</c>, <c>maxTokens</c>).
        /// </summary>
        internal static readonly string[] Exact = ["pwd", "auth", "tokens"];

        // Longer names are compared by their end only; 64 normalised characters hold any real property name's tail.
        private const int MaxCompared = 64;

        /// <summary>Whether a name (UTF-16) is key-like.</summary>
        public static bool IsKeyLike(ReadOnlySpan<char> name)
        {
            Span<byte> normal = stackalloc byte[MaxCompared];
            var length = 0;
            var whole = true;
            // From the end, so a long name keeps the tail the suffixes are compared with.
            for (var i = name.Length - 1; i >= 0; i--)
            {
                var c = name[i];
                if (c is '_' or '-')
                {
                    continue;
                }

                if (length == MaxCompared)
                {
                    whole = false;
                    break;
                }

                normal[MaxCompared - 1 - length++] = c < 128 ? (byte)char.ToLowerInvariant(c) : (byte)0;
            }

            return Matches(normal[(MaxCompared - length)..], whole);
        }

        /// <summary>Whether a name (UTF-8, unescaped) is key-like.</summary>
        public static bool IsKeyLike(ReadOnlySpan<byte> utf8Name)
        {
            Span<byte> normal = stackalloc byte[MaxCompared];
            var length = 0;
            var whole = true;
            for (var i = utf8Name.Length - 1; i >= 0; i--)
            {
                var b = utf8Name[i];
                if (b is (byte)'_' or (byte)'-')
                {
                    continue;
                }

                if (length == MaxCompared)
                {
                    whole = false;
                    break;
                }

                // Bytes of a multi-byte character (>= 0x80) never match an ASCII word; 0 stands for them.
                normal[MaxCompared - 1 - length++] = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b < 128 ? b : (byte)0;
            }

            return Matches(normal[(MaxCompared - length)..], whole);
        }

        private static bool Matches(ReadOnlySpan<byte> normal, bool whole)
        {
            foreach (var suffix in Suffixes)
            {
                if (EndsWith(normal, suffix))
                {
                    return true;
                }
            }

            if (whole)
            {
                foreach (var word in Exact)
                {
                    if (normal.Length == word.Length && EndsWith(normal, word))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool EndsWith(ReadOnlySpan<byte> normal, string word)
        {
            if (normal.Length < word.Length)
            {
                return false;
            }

            var tail = normal[^word.Length..];
            for (var i = 0; i < word.Length; i++)
            {
                if (tail[i] != word[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
