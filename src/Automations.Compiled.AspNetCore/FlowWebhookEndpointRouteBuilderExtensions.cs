using System;
using System.Collections.Generic;
using System.Linq;
using Automations.Compiled;
using Automations.Compiled.AspNetCore;
using Automations.Compiled.AspNetCore.Webhooks;
using Automations.Compiled.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder
{
    /// <summary>Maps the webhook triggers of the hosted flows (SPEC §6) to endpoints.</summary>
    public static class FlowWebhookEndpointRouteBuilderExtensions
    {
        /// <summary>
        /// Maps every hosted flow (its latest version) whose trigger is a webhook to its path and method. A POST's JSON
        /// body, or a GET's query string as an object of strings, becomes <c>trigger.payload</c>, and the flow's input when
        /// it has an input type. Answers 202 with <c>{ "runId", "created" }</c>, or a problem (400, 401, 403, 413, 429).
        /// </summary>
        /// <param name="endpoints">The app's routes; the services must have <c>AddAutomations</c>.</param>
        /// <param name="configure">Size limit, signatures, throttling and headers (<see cref="FlowWebhookOptions"/>).</param>
        /// <returns>A builder for all the webhook endpoints at once (to add authorization, CORS, metadata...).</returns>
        /// <exception cref="InvalidOperationException">The automations host is not registered, an option is out of range, two flows listen on the same path and method, or a method is neither GET nor POST.</exception>
        /// <example><code>app.MapFlowWebhooks(o => o.SignatureSecret = "WEBHOOK_SECRET");</code></example>
        public static IEndpointConventionBuilder MapFlowWebhooks(this IEndpointRouteBuilder endpoints, Action<FlowWebhookOptions>? configure = null)
        {
            ArgumentNullException.ThrowIfNull(endpoints);
            var options = new FlowWebhookOptions();
            configure?.Invoke(options);
            options.Validate();

            var services = endpoints.ServiceProvider;
            var hosted = services.GetService<IHostedFlows>()
                ?? throw new InvalidOperationException("MapFlowWebhooks needs the automations host: call services.AddAutomations(...) first.");
            var client = services.GetRequiredService<IFlowClient>();
            var logger = services.GetService<ILoggerFactory>()?.CreateLogger("Automations.Compiled.AspNetCore.FlowWebhooks") ?? NullLogger.Instance;
            var clock = options.TimeProvider ?? services.GetService<IOptions<AutomationsOptions>>()?.Value.TimeProvider ?? TimeProvider.System;
            // One throttle for all the webhooks: a tenant's budget is for the app, not per path.
            var throttle = options.TenantCapacity == 0 ? null : new TenantThrottle(options.TenantCapacity, options.TenantRefillPerSecond, options.MaxTenants, clock);

            var mapped = new Dictionary<(string Method, string Path), string>();
            var builders = new List<IEndpointConventionBuilder>();
            foreach (var flow in hosted.Latest.Where(f => f.Info.Trigger.Kind == "webhook"))
            {
                var trigger = flow.Info.Trigger;
                var method = trigger.Method.Trim().ToUpperInvariant();
                if (method is not ("GET" or "POST"))
                {
                    throw new InvalidOperationException($"Flow '{flow.Info.Id}' listens for {trigger.Method}; a webhook is a GET or a POST.");
                }

                var path = "/" + (trigger.Path ?? "").Trim().TrimStart('/');
                if (!mapped.TryAdd((method, path.ToUpperInvariant()), flow.Info.Id))
                {
                    throw new InvalidOperationException($"Flows '{mapped[(method, path.ToUpperInvariant())]}' and '{flow.Info.Id}' both listen for {method} {path}; give one of them another path.");
                }

                var endpoint = new WebhookEndpoint(flow, method, path, options, throttle, client, hosted.Secrets, logger);
                builders.Add(endpoints.MapMethods(path, new[] { method }, endpoint.HandleAsync)
                    .WithDisplayName($"Webhook {method} {path} -> flow {flow.Info.Id}"));
            }

            return new WebhookConventions(builders);
        }
    }
}
