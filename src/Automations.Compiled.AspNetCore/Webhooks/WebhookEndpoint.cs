using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Automations.Compiled.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Automations.Compiled.AspNetCore.Webhooks
{
    /// <summary>
    /// One webhook flow's endpoint. A call is checked in this order, and nothing is started for a refused one:
    /// headers (400), throttle (429), size (413), signature (401), roles (403), JSON (400), inputs (400, from the host); then the run
    /// is started with the payload as <c>trigger.payload</c> (202).
    /// </summary>
    internal sealed class WebhookEndpoint
    {
        // Longer tenant names and idempotency keys are refused: they would be kept (in memory, in the journal) as sent.
        private const int MaxHeaderValue = 200;

        private static readonly JsonElement NullPayload = JsonDocument.Parse("null").RootElement.Clone();

        private readonly IFlowDefinition _flow;
        private readonly FlowWebhookOptions _options;
        private readonly TenantThrottle? _throttle;
        private readonly IFlowClient _client;
        private readonly ISecretResolver _secrets;
        private readonly ILogger _logger;
        private readonly string? _secretName;

        public WebhookEndpoint(IFlowDefinition flow, string method, string path, FlowWebhookOptions options, TenantThrottle? throttle, IFlowClient client, ISecretResolver secrets, ILogger logger)
        {
            _flow = flow;
            Method = method;
            Path = path;
            _options = options;
            _throttle = throttle;
            _client = client;
            _secrets = secrets;
            _logger = logger;
            _secretName = options.SecretFor(flow.Info.Id);
            WebhookLog.Mapped(logger, method, path, flow.Info.Id, flow.Info.Version, _secretName is not null, flow.Info.Roles.Count == 0 ? "any" : string.Join(", ", flow.Info.Roles));
        }

        public string Method { get; }

        public string Path { get; }

        public async Task HandleAsync(HttpContext http)
        {
            var result = await RespondAsync(http).ConfigureAwait(false);
            await result.ExecuteAsync(http).ConfigureAwait(false);
        }

        private async Task<IResult> RespondAsync(HttpContext http)
        {
            var request = http.Request;
            if (!TryHeader(request, _options.TenantHeader, out var tenantHeader) || !TryHeader(request, _options.IdempotencyHeader, out var key))
            {
                return Refuse(StatusCodes.Status400BadRequest, "Bad Request", $"The {_options.TenantHeader} and {_options.IdempotencyHeader} headers may be given once, of at most {MaxHeaderValue} characters.");
            }

            var tenant = tenantHeader ?? http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (_throttle is not null && !_throttle.TryTake(tenant, out var wait))
            {
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return Refuse(StatusCodes.Status429TooManyRequests, "Too Many Requests", $"Too many calls from this tenant; try again in {seconds} s.");
            }

            // GET: the query string is the payload (and what the signature covers); POST: the body.
            var isGet = HttpMethods.IsGet(request.Method);
            byte[] signed;
            if (isGet)
            {
                signed = Encoding.UTF8.GetBytes(request.QueryString.HasValue ? request.QueryString.Value!.Substring(1) : "");
            }
            else if (await WebhookBody.ReadAsync(request, _options.MaxBodyBytes, http.RequestAborted).ConfigureAwait(false) is { } body)
            {
                signed = body;
            }
            else
            {
                return Refuse(StatusCodes.Status413PayloadTooLarge, "Payload Too Large", $"The body is larger than {_options.MaxBodyBytes} bytes.");
            }

            if (_secretName is not null)
            {
                var secret = await _secrets.ResolveAsync(_secretName, http.RequestAborted).ConfigureAwait(false);
                if (secret is null)
                {
                    WebhookLog.SecretMissing(_logger, Method, Path, _secretName);
                    return Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Internal Server Error", detail: "The webhook cannot check signatures now.");
                }

                var header = request.Headers[_options.SignatureHeader];
                if (header.Count == 0)
                {
                    return Refuse(StatusCodes.Status401Unauthorized, "Unauthorized", $"The call is not signed: the {_options.SignatureHeader} header is missing.");
                }

                if (header.Count != 1 || !WebhookSignature.Verify(signed, header[0], secret))
                {
                    return Refuse(StatusCodes.Status401Unauthorized, "Unauthorized", $"The {_options.SignatureHeader} header is not the sha256=<hex> HMAC of the {(isGet ? "query string" : "body")} under the webhook's secret.");
                }
            }

            var roles = _flow.Info.Roles.Count == 0 ? null : CallerRoles(http.User);
            if (roles is not null && !_flow.Info.Roles.Any(roles.Contains))
            {
                return Refuse(StatusCodes.Status403Forbidden, "Forbidden", $"The caller has none of the roles that may start flow '{_flow.Info.Id}'.");
            }

            JsonElement? payload;
            try
            {
                payload = isGet ? WebhookPayload.FromQuery(request.Query) : WebhookPayload.FromBody(signed);
            }
            catch (JsonException error)
            {
                var reason = WebhookPayload.Describe(error, out var line, out var position);
                WebhookLog.Refused(_logger, Method, Path, StatusCodes.Status400BadRequest, reason);
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request", detail: reason, extensions: new Dictionary<string, object?> { ["line"] = line, ["position"] = position });
            }

            FlowRun run;
            try
            {
                // A flow with an input type gets the payload as its input, checked against its declaration by the host.
                var input = _flow.Info.InputType is null ? null : (object)(payload ?? NullPayload);
                run = await _client.StartAsync(_flow.Info.Id, input, new FlowStartOptions
                {
                    Version = _flow.Info.Version,
                    Trigger = new FlowTrigger { Kind = "webhook", Payload = payload },
                    IdempotencyKey = key is null ? null : "webhook:" + key,
                    CallerRoles = roles,
                }, http.RequestAborted).ConfigureAwait(false);
            }
            catch (ArgumentException error)
            {
                return Refuse(StatusCodes.Status400BadRequest, "Bad Request", WithoutParameter(error));
            }
            catch (FlowRefusedException error)
            {
                // Recorded as a failed run that says why: the caller learns which one, and that trying again later may work.
                if (error.RunId != Guid.Empty)
                {
                    http.Response.Headers["X-Run-Id"] = error.RunId.ToString();
                }

                return error.Kind == RunRefusals.Throttle
                    ? Refuse(StatusCodes.Status429TooManyRequests, "Too Many Requests", error.Message)
                    : Refuse(StatusCodes.Status503ServiceUnavailable, "Service Unavailable", error.Message);
            }
            catch (UnauthorizedAccessException error)
            {
                // The host checks the roles again before it writes anything; its refusal is a 403 too.
                return Refuse(StatusCodes.Status403Forbidden, "Forbidden", error.Message);
            }

            WebhookLog.Started(_logger, Method, Path, run.RunId, run.FlowId, run.Created);
            http.Response.Headers["X-Run-Id"] = run.RunId.ToString();
            return Results.Accepted(_options.RunLocation?.Invoke(run), new WebhookAccepted(run.RunId, run.Created));
        }

        private IResult Refuse(int status, string title, string reason)
        {
            WebhookLog.Refused(_logger, Method, Path, status, reason);
            return Results.Problem(statusCode: status, title: title, detail: reason);
        }

        /// <summary>The caller's roles: the role claims of each of its identities (each names its own role claim type).</summary>
        private static HashSet<string> CallerRoles(ClaimsPrincipal user)
            => user.Identities.SelectMany(i => i.FindAll(i.RoleClaimType)).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);

        /// <summary>A header given at most once and not too long; a repeated one is refused, as its meaning is ambiguous.</summary>
        private static bool TryHeader(HttpRequest request, string name, out string? value)
        {
            var values = request.Headers[name];
            value = values.Count == 1 ? values[0] : null;
            return values.Count <= 1 && (value?.Length ?? 0) <= MaxHeaderValue;
        }

        /// <summary>The host's message without the " (Parameter 'input')" that <see cref="ArgumentException"/> adds.</summary>
        private static string WithoutParameter(ArgumentException error)
            => error.ParamName is { } name ? error.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : error.Message;

        /// <summary>The 202's body.</summary>
        private sealed record WebhookAccepted(Guid RunId, bool Created);
    }
}
