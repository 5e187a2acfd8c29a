using System;
using System.Linq;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Automations.Compiled.Dashboard.Tests.Support
{
    /// <summary>
    /// A stand-in sign-in: the <c>test-role</c> cookie (the browser's) or the <c>X-Test-Role</c> header (an HTTP client's)
    /// says who the caller is, <c>viewer</c>, <c>operator</c> or <c>admin</c> (the last two also <c>manager</c>, the approval's role);
    /// without either the caller is nobody.
    /// </summary>
    internal sealed class TestRoles(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "Test";
        public const string Cookie = "test-role";
        public const string Header = "X-Test-Role";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var who = Request.Headers[Header].ToString();
            if (who.Length == 0)
            {
                who = Request.Cookies[Cookie] ?? "";
            }

            string[]? roles = who switch
            {
                "viewer" => new[] { "automations-viewer" },
                // The approval flow's own role (Roles on [Approval]) too, which an approval needs besides the operator policy.
                "operator" => new[] { "automations-operator", "manager" },
                "admin" => new[] { "automations-admin", "manager" },
                _ => null,
            };
            if (roles is null)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity(roles.Select(r => new Claim(ClaimTypes.Role, r)).Prepend(new Claim(ClaimTypes.Name, who + "@test")), SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
