using System;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.AspNetCore;
using Automations.Compiled.AspNetCore.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Microsoft.AspNetCore.Builder
{
    /// <summary>Maps the HTTP API of the hosted runtime (docs/http-api.md).</summary>
    public static class AutomationsApiEndpointRouteBuilderExtensions
    {
        /// <summary>
        /// Maps the API's endpoints under <paramref name="prefix"/>: flows, runs and their operators' verbs, approvals, dead
        /// letters, deferred items, schedules, kill switches, lifecycles, <c>GET /me</c>, and the OpenAPI document at
        /// <c>{prefix}/openapi.json</c> (anonymous). Each endpoint requires the viewer, operator or admin policy
        /// (<see cref="AutomationsApiOptions"/>); call <c>UseAuthentication</c> and <c>UseAuthorization</c> before it.
        /// </summary>
        /// <param name="endpoints">The app's routes; the services must have <c>AddAutomations</c> and <c>AddAutomationsApi</c>.</param>
        /// <param name="prefix">Where the API answers. Default <c>/automations/api</c>.</param>
        /// <returns>The group of the API's endpoints, to add conventions to (CORS, rate limiting, an extra policy...).</returns>
        /// <exception cref="InvalidOperationException"><c>AddAutomationsApi</c> or <c>AddAutomations</c> was not called.</exception>
        /// <example><code>app.MapAutomationsApi("/ops/api").RequireCors("ops");</code></example>
        public static RouteGroupBuilder MapAutomationsApi(this IEndpointRouteBuilder endpoints, string prefix = "/automations/api")
        {
            ArgumentNullException.ThrowIfNull(endpoints);
            ArgumentNullException.ThrowIfNull(prefix);
            var services = endpoints.ServiceProvider;
            if (services.GetService<IServiceProviderIsService>() is { } isService && !isService.IsService(typeof(ApiContext)))
            {
                throw new InvalidOperationException("MapAutomationsApi needs its services: call services.AddAutomationsApi() (and services.AddAutomations(...)).");
            }

            if (services.GetService<Automations.Compiled.Hosting.IFlowClient>() is null)
            {
                throw new InvalidOperationException("MapAutomationsApi needs the automations host: call services.AddAutomations(...) first.");
            }

            var options = services.GetRequiredService<IOptions<AutomationsApiOptions>>().Value;
            var documentName = services.GetRequiredService<ApiDocumentName>().Name;
            var group = endpoints.MapGroup(prefix.TrimEnd('/'))
                .WithGroupName(documentName)
                .WithTags("Automations")
                .WithMetadata(ApiEndpointMarker.Instance);

            FlowEndpoints.Map(group, options);
            RunEndpoints.Map(group, options);
            OperationsEndpoints.Map(group, options);
            LifecycleEndpoints.Map(group, options);

            group.MapGet("/openapi.json", (HttpContext http, CancellationToken cancellationToken) => OpenApiAsync(http, documentName, cancellationToken))
                .AllowAnonymous()
                .ExcludeFromDescription();
            return group;
        }

        /// <summary>The OpenAPI 3.1 document of the API's endpoints, as <c>AddOpenApi</c> builds it.</summary>
        private static async Task OpenApiAsync(HttpContext http, string documentName, CancellationToken cancellationToken)
        {
            var provider = http.RequestServices.GetRequiredKeyedService<IOpenApiDocumentProvider>(documentName);
            var document = await provider.GetOpenApiDocumentAsync(cancellationToken).ConfigureAwait(false);
            http.Response.ContentType = "application/json;charset=utf-8";
            using var text = new System.IO.StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            document.SerializeAsV31(new OpenApiJsonWriter(text));
            await http.Response.WriteAsync(text.ToString(), cancellationToken).ConfigureAwait(false);
        }
    }
}
