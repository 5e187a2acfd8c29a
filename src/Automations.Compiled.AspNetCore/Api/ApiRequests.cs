using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting;
using Microsoft.AspNetCore.Http;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>Reads what a request says (route ids, query parameters, JSON bodies), answering a 400 problem for what cannot be read.</summary>
    internal static class ApiRequests
    {
        /// <summary>A run id in any <see cref="Guid"/> form (32 hex digits, with dashes, in braces).</summary>
        public static bool TryRunId(string? text, out Guid runId) => Guid.TryParse(text, out runId);

        public static IResult? Limit(string? text, AutomationsApiOptions options, out int limit)
        {
            limit = options.DefaultPageSize;
            if (text is null)
            {
                return null;
            }

            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1000)
            {
                return ApiResults.BadRequest($"limit must be a whole number from 1 to 1000, not '{text}'.", "limit");
            }

            return null;
        }

        public static IResult? Status(string? text, out FlowStatus? status)
        {
            status = null;
            if (text is null)
            {
                return null;
            }

            // Enum.TryParse takes "3" too: a status is named.
            if (text.Length == 0 || char.IsDigit(text[0]) || text[0] == '-' || !Enum.TryParse<FlowStatus>(text, ignoreCase: true, out var parsed))
            {
                return ApiResults.BadRequest($"status must be one of {string.Join(", ", Array.ConvertAll(Enum.GetValues<FlowStatus>(), s => ApiResults.Name(s)))}, not '{text}'.", "status");
            }

            status = parsed;
            return null;
        }

        public static IResult? Time(string? text, string name, out DateTimeOffset? time)
        {
            time = null;
            if (text is null)
            {
                return null;
            }

            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return ApiResults.BadRequest($"{name} must be an ISO 8601 time such as 2026-01-31T12:00:00Z, not '{text}'.", name);
            }

            time = parsed;
            return null;
        }

        /// <summary>The most bytes a body of the API may hold.</summary>
        private const int MaxBody = 1024 * 1024;

        /// <summary>A JSON body as <typeparamref name="T"/>; an empty body is <paramref name="empty"/> (or a 400 when that is null).</summary>
        public static async Task<(T? Value, IResult? Problem)> BodyAsync<T>(HttpContext http, T? empty, CancellationToken cancellationToken)
            where T : class
        {
            using var buffer = new System.IO.MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxBody)
                {
                    return (null, ApiResults.BadRequest($"The body is larger than {MaxBody} bytes."));
                }

                buffer.Write(chunk, 0, read);
            }

            var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            if (System.Text.Encoding.UTF8.GetString(bytes.Span).Trim().Length == 0)
            {
                return empty is null ? (null, ApiResults.BadRequest("The body is empty; send a JSON object.")) : (empty, null);
            }

            try
            {
                using var document = JsonDocument.Parse(bytes);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return (null, ApiResults.BadRequest("The body must be a JSON object."));
                }

                return (document.RootElement.Deserialize<T>(ApiResults.Json) ?? empty, null);
            }
            catch (JsonException error)
            {
                return (null, ApiResults.BadRequest("The body is not a JSON object of the expected shape: " + error.Message));
            }
        }

        public static IDictionary<string, object?> RunIdExtension(Guid runId) => new Dictionary<string, object?> { ["runId"] = ApiResults.Id(runId) };
    }
}
