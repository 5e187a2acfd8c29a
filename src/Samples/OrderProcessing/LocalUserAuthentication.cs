using System;
using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Samples.OrderProcessing
{
    /// <summary>
    /// The sample's sign-in: a request from this machine is the local user, as an automations admin and an order manager
    /// (the approval flow's role); any other request is nobody, so the API and the dashboard answer it 401. There is no
    /// anonymous admin: the server listens on 127.0.0.1 by default, and a request counts as local only when
    /// <list type="bullet">
    /// <item>it comes from a loopback address (no forwarded headers are read: behind a proxy on this machine every caller
    /// would look local, so do not put the sample behind one);</item>
    /// <item>its Host is <c>localhost</c>, <c>127.0.0.1</c> or <c>[::1]</c> (a page on another domain that resolves to
    /// 127.0.0.1 — DNS rebinding — is not the local user);</item>
    /// <item>it is not cross-site: its <c>Origin</c>, when there is one, is this server, and <c>Sec-Fetch-Site</c>, when
    /// there is one, is <c>same-origin</c> or <c>none</c> (another site's page cannot press the buttons for you).</item>
    /// </list>
    /// A real application signs its users in with its own scheme (cookies, OpenID Connect...) and gives them the roles
    /// <c>automations-viewer</c>, <c>automations-operator</c> or <c>automations-admin</c>.
    /// </summary>
    internal sealed class LocalUserAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "LocalUser";

        /// <summary>The roles the local user has: every automations action, and the approval flow's manager role.</summary>
        public static readonly string[] Roles = { "automations-admin", "manager" };

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!IsLocal(Context))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
            identity.AddClaim(new Claim(ClaimTypes.Name, Environment.UserName + " (local)"));
            foreach (var role in Roles)
            {
                identity.AddClaim(new Claim(ClaimTypes.Role, role));
            }

            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }

        protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Response.WriteAsync("The sample signs in local requests only (from this machine, to localhost or 127.0.0.1, not cross-site).");
        }

        internal static bool IsLocal(HttpContext http)
        {
            var remote = http.Connection.RemoteIpAddress;
            if (remote is null || !IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote))
            {
                return false;
            }

            var host = http.Request.Host.Host;
            if (!(string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || host == "127.0.0.1" || host == "[::1]" || host == "::1"))
            {
                return false;
            }

            var site = http.Request.Headers["Sec-Fetch-Site"].ToString();
            if (site.Length > 0 && site != "same-origin" && site != "none")
            {
                return false;
            }

            var origin = http.Request.Headers.Origin.ToString();
            return origin.Length == 0 || string.Equals(origin, $"{http.Request.Scheme}://{http.Request.Host}", StringComparison.OrdinalIgnoreCase);
        }
    }
}
