using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>Marks the API's endpoints, so that their refusals (401, 403) come as problem details.</summary>
    internal sealed class ApiEndpointMarker
    {
        public static readonly ApiEndpointMarker Instance = new();
    }

    /// <summary>
    /// The app's authorization result handler, with one addition for the API's endpoints: after the usual challenge or
    /// forbid (a <c>WWW-Authenticate</c> header, say), a 401 or 403 gets a problem details body that says what to do.
    /// A scheme that answers otherwise (a cookie scheme's redirect to a sign-in page) is left as it answered.
    /// </summary>
    internal sealed class ApiAuthorizationResultHandler(IAuthorizationMiddlewareResultHandler inner) : IAuthorizationMiddlewareResultHandler
    {
        public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
        {
            if (authorizeResult.Succeeded || context.GetEndpoint()?.Metadata.GetMetadata<ApiEndpointMarker>() is null)
            {
                await inner.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
                return;
            }

            var status = authorizeResult.Challenged ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
            var schemes = context.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>();
            var scheme = status == 401 ? await schemes.GetDefaultChallengeSchemeAsync().ConfigureAwait(false) : await schemes.GetDefaultForbidSchemeAsync().ConfigureAwait(false);
            if (scheme is not null || policy.AuthenticationSchemes.Count > 0)
            {
                await inner.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
            }
            else
            {
                context.Response.StatusCode = status; // no scheme to challenge with: the status says it
            }

            if (!context.Response.HasStarted && context.Response.StatusCode == status)
            {
                var detail = status == 401
                    ? "Sign in: this endpoint needs an authenticated caller."
                    : "The caller lacks the role this endpoint needs; GET /me says what the caller may do.";
                await ApiResults.Problem(status, detail).ExecuteAsync(context).ConfigureAwait(false);
            }
        }
    }
}
