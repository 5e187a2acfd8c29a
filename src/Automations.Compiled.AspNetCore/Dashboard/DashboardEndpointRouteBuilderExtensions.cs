using System;
using System.Threading.Tasks;
using Automations.Compiled.AspNetCore;
using Automations.Compiled.AspNetCore.Dashboard;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder
{
    /// <summary>Maps the automations dashboard: static pages, embedded in the assembly, that call the HTTP API.</summary>
    public static class DashboardEndpointRouteBuilderExtensions
    {
        /// <summary>
        /// Serves the dashboard at <paramref name="prefix"/> (<c>/automations/</c>): runs, a run with its graph and
        /// buttons, waiting and failed runs, schedules, deferred items, kill switches and lifecycles. The pages are plain
        /// HTML, CSS and JavaScript embedded in this assembly (nothing is fetched from elsewhere); they call the API at
        /// <paramref name="apiPrefix"/> and show the buttons its <c>GET /me</c> allows, while the API enforces its policies.
        /// </summary>
        /// <param name="endpoints">The app's routes; authorization must be registered (<c>AddAutomationsApi</c> does it).</param>
        /// <param name="prefix">Where the dashboard lives. Default <c>/automations</c>.</param>
        /// <param name="apiPrefix">Where <c>MapAutomationsApi</c> mapped the API; null for <c>{prefix}/api</c>.</param>
        /// <param name="viewerPolicy">The authorization policy every page requires; null for the API's viewer policy (<see cref="AutomationsApiOptions.ViewerPolicy"/>).</param>
        /// <returns>A builder for the dashboard's endpoints (to add metadata, CORS, another authorization...).</returns>
        /// <exception cref="InvalidOperationException">Authorization is not registered, or the policy does not exist.</exception>
        /// <example><code>app.MapAutomationsDashboard("/ops", apiPrefix: "/ops-api");</code></example>
        public static IEndpointConventionBuilder MapAutomationsDashboard(this IEndpointRouteBuilder endpoints, string prefix = "/automations", string? apiPrefix = null, string? viewerPolicy = null)
        {
            ArgumentNullException.ThrowIfNull(endpoints);
            ArgumentNullException.ThrowIfNull(prefix);
            prefix = Normalize(prefix, nameof(prefix));
            apiPrefix = apiPrefix is null ? prefix + "/api" : Normalize(apiPrefix, nameof(apiPrefix));
            viewerPolicy ??= (endpoints.ServiceProvider.GetService<IOptions<AutomationsApiOptions>>()?.Value ?? new AutomationsApiOptions()).ViewerPolicy;

            // Fail at start-up, not at the first request, when the policy cannot be found.
            var policies = endpoints.ServiceProvider.GetService<IAuthorizationPolicyProvider>()
                ?? throw new InvalidOperationException("MapAutomationsDashboard needs authorization: call services.AddAutomationsApi() (or AddAuthorization with a policy named '" + viewerPolicy + "') first.");
            if (policies.GetPolicyAsync(viewerPolicy).GetAwaiter().GetResult() is null)
            {
                throw new InvalidOperationException($"MapAutomationsDashboard requires the policy '{viewerPolicy}', which is not registered: call services.AddAutomationsApi(), or name another policy.");
            }

            var assets = new DashboardAssets(apiPrefix);
            var group = endpoints.MapGroup(prefix);
            group.RequireAuthorization(viewerPolicy);
            group.MapMethods("/", new[] { HttpMethods.Get, HttpMethods.Head }, http =>
            {
                // The page loads its files relative to its folder: /automations becomes /automations/.
                if (http.Request.Path.Value is { } path && !path.EndsWith('/'))
                {
                    http.Response.Redirect(http.Request.PathBase + path + "/" + http.Request.QueryString);
                    return Task.CompletedTask;
                }

                return ServeAsync(http, assets.Index(http.Request.PathBase.Value ?? ""));
            }).WithDisplayName("Automations dashboard");
            group.MapMethods("/{file}", new[] { HttpMethods.Get, HttpMethods.Head }, (HttpContext http, string file) =>
                assets.TryGet(file, out var asset) ? ServeAsync(http, asset) : NotFound(http))
                .WithDisplayName("Automations dashboard files");

            return group;
        }

        private static string Normalize(string path, string name)
        {
            path = path.Trim().TrimEnd('/');
            if (path.Length > 0 && path[0] != '/')
            {
                throw new ArgumentException($"A path starts with '/': '{path}'.", name);
            }

            return path;
        }

        private static Task NotFound(HttpContext http)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        private static Task ServeAsync(HttpContext http, DashboardAsset asset)
        {
            var response = http.Response;
            var headers = response.Headers;
            headers.ContentType = asset.ContentType;
            headers.ETag = asset.ETag;
            // Revalidate every time (a 304 costs a round trip and no bytes), so a new version shows at once.
            headers.CacheControl = "no-cache";
            headers.XContentTypeOptions = "nosniff";
            if (asset.Name == "index.html")
            {
                headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
            }

            foreach (var tag in http.Request.Headers.IfNoneMatch)
            {
                if (tag is not null && (tag.Contains(asset.ETag, StringComparison.Ordinal) || tag.Trim() == "*"))
                {
                    response.StatusCode = StatusCodes.Status304NotModified;
                    return Task.CompletedTask;
                }
            }

            headers.ContentLength = asset.Content.Length;
            return HttpMethods.IsHead(http.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(asset.Content, http.RequestAborted).AsTask();
        }
    }
}
