using System;
using System.Collections.Generic;
using Automations.Compiled;

namespace Automations.Compiled.AspNetCore
{
    /// <summary>
    /// How the HTTP API (<c>AddAutomationsApi</c>, <c>MapAutomationsApi</c>) authorizes callers and pages lists: the names
    /// of its three policies, the roles the policies it registers require, and the default page size.
    /// </summary>
    public sealed class AutomationsApiOptions
    {
        /// <summary>The policy every <c>GET</c> requires. Default <c>Automations.Viewer</c>.</summary>
        public string ViewerPolicy { get; set; } = "Automations.Viewer";

        /// <summary>The policy starting, pausing, resuming, cancelling, retrying, approving and rejecting require. Default <c>Automations.Operator</c>.</summary>
        public string OperatorPolicy { get; set; } = "Automations.Operator";

        /// <summary>The policy deleting a run and engaging or lifting a kill switch require. Default <c>Automations.Admin</c>.</summary>
        public string AdminPolicy { get; set; } = "Automations.Admin";

        /// <summary>The roles of which the viewer policy registered by <c>AddAutomationsApi</c> requires one.</summary>
        public IList<string> ViewerRoles { get; set; } = new List<string> { "automations-viewer", "automations-operator", "automations-admin" };

        /// <summary>The roles of which the operator policy registered by <c>AddAutomationsApi</c> requires one.</summary>
        public IList<string> OperatorRoles { get; set; } = new List<string> { "automations-operator", "automations-admin" };

        /// <summary>The roles of which the admin policy registered by <c>AddAutomationsApi</c> requires one.</summary>
        public IList<string> AdminRoles { get; set; } = new List<string> { "automations-admin" };

        /// <summary>The page size of a list when the request has no <c>limit</c> (1 to 1,000). Default 50.</summary>
        public int DefaultPageSize { get; set; } = 50;

        /// <summary>
        /// The lifecycle access level (SPEC §7) of a caller who passes the operator policy but not the admin policy.
        /// Default <see cref="AccessLevel.Manager"/>; a caller who passes the admin policy has <see cref="AccessLevel.Root"/>,
        /// and a viewer is offered no action.
        /// </summary>
        public AccessLevel OperatorAccess { get; set; } = AccessLevel.Manager;

        /// <summary>
        /// The name of the OpenAPI document of the API's endpoints (served at <c>{prefix}/openapi.json</c>). Default
        /// <c>automations</c>. Set it in the callback of <c>AddAutomationsApi</c>: the document is registered there.
        /// </summary>
        public string DocumentName { get; set; } = "automations";

        internal void Validate()
        {
            if (string.IsNullOrWhiteSpace(ViewerPolicy) || string.IsNullOrWhiteSpace(OperatorPolicy) || string.IsNullOrWhiteSpace(AdminPolicy))
            {
                throw new InvalidOperationException("AutomationsApiOptions: the policy names must not be empty.");
            }

            if (DefaultPageSize is < 1 or > 1000)
            {
                throw new InvalidOperationException($"AutomationsApiOptions.DefaultPageSize must be 1 to 1000, not {DefaultPageSize}.");
            }

            if (string.IsNullOrWhiteSpace(DocumentName))
            {
                throw new InvalidOperationException("AutomationsApiOptions.DocumentName must not be empty.");
            }
        }
    }
}
