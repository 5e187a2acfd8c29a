using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Claims;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>
    /// Who calls: the name audit entries record (<c>Identity.Name</c>, else the <c>sub</c> or name identifier claim), the
    /// role claims (a flow's roles are checked against them), and which of the operator and admin policies the caller passes.
    /// </summary>
    internal sealed record ApiCaller(string Name, IReadOnlyList<string> Roles, bool CanOperate, bool CanAdminister)
    {
        /// <summary>The lifecycle access level of the caller (SPEC §7); null for a viewer, who is offered no action.</summary>
        public AccessLevel? Access(AutomationsApiOptions options)
            => CanAdminister ? AccessLevel.Root : CanOperate ? options.OperatorAccess : null;

        /// <summary>True when the caller has one of <paramref name="roles"/>, or there are none to have.</summary>
        public bool HasAnyRole(IReadOnlyCollection<string>? roles)
            => roles is null || roles.Count == 0 || roles.Any(r => Roles.Contains(r, StringComparer.Ordinal));

        public static async Task<ApiCaller> OfAsync(HttpContext http, ApiContext api)
        {
            var user = http.User;
            var name = user.Identity?.Name
                ?? user.FindFirst("sub")?.Value
                ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value
                ?? "anonymous";
            var roles = user.Identities
                .SelectMany(identity => identity.FindAll(identity.RoleClaimType))
                .Select(claim => claim.Value)
                .Distinct(StringComparer.Ordinal)
                .ToArray();
            var canOperate = (await api.Authorization.AuthorizeAsync(user, null, api.Options.OperatorPolicy).ConfigureAwait(false)).Succeeded;
            var canAdminister = (await api.Authorization.AuthorizeAsync(user, null, api.Options.AdminPolicy).ConfigureAwait(false)).Succeeded;
            return new ApiCaller(name, roles, canOperate, canAdminister);
        }
    }
}
