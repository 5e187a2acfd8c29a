using System;
using System.Linq;
using Automations.Compiled.AspNetCore;
using Automations.Compiled.AspNetCore.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registers the HTTP API of the hosted runtime (docs/http-api.md).</summary>
    public static class AutomationsApiServiceCollectionExtensions
    {
        /// <summary>
        /// Registers what <c>MapAutomationsApi</c> needs: the three authorization policies (viewer, operator, admin, named
        /// by <see cref="AutomationsApiOptions"/>; a policy the app defines under one of those names is kept as it is),
        /// problem details, problem details bodies for the API's 401 and 403 answers, and the OpenAPI document of the
        /// API's endpoints. The API writes its JSON with its own options (camelCase, enums as camelCase strings), so the
        /// app's JSON options are left alone. Call <c>AddAutomations</c> too.
        /// </summary>
        /// <param name="services">The app's services.</param>
        /// <param name="configure">Policy names, the roles of the default policies, the default page size.</param>
        /// <returns>The services, for chaining.</returns>
        public static IServiceCollection AddAutomationsApi(this IServiceCollection services, Action<AutomationsApiOptions>? configure = null)
        {
            ArgumentNullException.ThrowIfNull(services);
            var builder = services.AddOptions<AutomationsApiOptions>();
            if (configure is not null)
            {
                builder.Configure(configure);
            }

            builder.Validate(o =>
            {
                o.Validate();
                return true;
            });

            services.AddAuthorization();
            // After every Configure: a policy the app defined, before or after this call, wins.
            services.AddOptions<AuthorizationOptions>().PostConfigure<IOptions<AutomationsApiOptions>>((authorization, api) =>
            {
                var o = api.Value;
                AddPolicy(authorization, o.ViewerPolicy, o.ViewerRoles);
                AddPolicy(authorization, o.OperatorPolicy, o.OperatorRoles);
                AddPolicy(authorization, o.AdminPolicy, o.AdminRoles);
            });

            services.AddProblemDetails();
            if (services.Any(d => d.ServiceType == typeof(ApiContext)))
            {
                return services; // called again: the options above add up, the rest is there once
            }

            services.AddSingleton<ApiContext>();
            DecorateResultHandler(services);

            // AddOpenApi needs the document's name now: the configure callback here names it, options configured later do
            // not rename it (MapAutomationsApi reads the name registered here).
            var probe = new AutomationsApiOptions();
            configure?.Invoke(probe);
            probe.Validate();
            var documentName = probe.DocumentName;
            services.AddSingleton(new ApiDocumentName(documentName));
            services.AddOpenApi(documentName, openApi =>
            {
                openApi.ShouldInclude = description => string.Equals(description.GroupName, documentName, StringComparison.Ordinal);
                openApi.AddDocumentTransformer((document, _, _) =>
                {
                    document.Info.Title = "Automations.Compiled HTTP API";
                    document.Info.Description = "Runs, flows, approvals, schedules, kill switches and lifecycles of the hosted runtime (docs/http-api.md).";
                    return System.Threading.Tasks.Task.CompletedTask;
                });
            });
            return services;
        }

        private static void AddPolicy(AuthorizationOptions authorization, string name, System.Collections.Generic.IList<string> roles)
        {
            if (authorization.GetPolicy(name) is null)
            {
                authorization.AddPolicy(name, policy => policy.RequireAuthenticatedUser().RequireRole(roles.ToArray()));
            }
        }

        /// <summary>Wraps the app's authorization result handler registered so far (the default one when the app has none).</summary>
        private static void DecorateResultHandler(IServiceCollection services)
        {
            var prior = services.LastOrDefault(d => d.ServiceType == typeof(IAuthorizationMiddlewareResultHandler));
            services.AddSingleton<IAuthorizationMiddlewareResultHandler>(provider => new ApiAuthorizationResultHandler(Create(provider, prior)));
        }

        private static IAuthorizationMiddlewareResultHandler Create(IServiceProvider provider, ServiceDescriptor? prior)
            => prior switch
            {
                null => new AuthorizationMiddlewareResultHandler(),
                { ImplementationInstance: IAuthorizationMiddlewareResultHandler instance } => instance,
                { ImplementationFactory: { } factory } => (IAuthorizationMiddlewareResultHandler)factory(provider),
                { ImplementationType: { } type } => (IAuthorizationMiddlewareResultHandler)ActivatorUtilities.CreateInstance(provider, type),
                _ => new AuthorizationMiddlewareResultHandler(),
            };
    }
}
