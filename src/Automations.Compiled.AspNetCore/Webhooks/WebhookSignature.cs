using System;
using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Automations.Compiled.AspNetCore.Webhooks
{
    /// <summary>Checks <c>sha256=&lt;hex&gt;</c>, the HMAC-SHA256 of the signed bytes under a shared secret, in constant time.</summary>
    internal static class WebhookSignature
    {
        private const string Prefix = "sha256=";

        public static bool Verify(ReadOnlySpan<byte> signed, string? header, string secret)
        {
            if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
            var hex = header.AsSpan(Prefix.Length).Trim();
            if (hex.Length != given.Length * 2 || Convert.FromHexString(hex, given, out _, out _) != OperationStatus.Done)
            {
                return false;
            }

            var key = Encoding.UTF8.GetBytes(secret);
            Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
            try
            {
                HMACSHA256.HashData(key, signed, expected);
                return CryptographicOperations.FixedTimeEquals(given, expected);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
    }
}
