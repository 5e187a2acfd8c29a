using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Automations.Compiled.AspNetCore.Webhooks
{
    /// <summary>Reads a request body up to a limit, counting what arrives: a missing or false Content-Length changes nothing.</summary>
    internal static class WebhookBody
    {
        /// <summary>The body, or null when it is longer than <paramref name="limit"/> bytes (reading stops there).</summary>
        public static async Task<byte[]?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
        {
            if (request.ContentLength > limit)
            {
                return null;
            }

            using var body = new MemoryStream((int)Math.Min(request.ContentLength ?? 4096, limit));
            var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                int read;
                while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (body.Length + read > limit)
                    {
                        return null;
                    }

                    body.Write(chunk, 0, read);
                }
            }
            catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                // The server's own limit (Kestrel's MaxRequestBodySize) is below ours.
                return null;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }

            return body.ToArray();
        }
    }
}
