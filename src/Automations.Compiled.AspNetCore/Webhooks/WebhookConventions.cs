using System;
using System.Collections.Generic;
using Microsoft.AspNetCore.Builder;

namespace Automations.Compiled.AspNetCore.Webhooks
{
    /// <summary>The webhook endpoints as one builder, so <c>MapFlowWebhooks().RequireAuthorization()</c> applies to each.</summary>
    internal sealed class WebhookConventions(IReadOnlyList<IEndpointConventionBuilder> endpoints) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var endpoint in endpoints)
            {
                endpoint.Add(convention);
            }
        }

        public void Finally(Action<EndpointBuilder> finallyConvention)
        {
            foreach (var endpoint in endpoints)
            {
                endpoint.Finally(finallyConvention);
            }
        }
    }
}
