using System;
using Automations.Compiled;
using Automations.Compiled.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registers the hosted runtime.</summary>
    public static class AutomationsServiceCollectionExtensions
    {
        /// <summary>
        /// Runs compiled flows durably in this host: a journal (<see cref="AutomationsOptions.UseLiteDb"/>, or <see cref="AutomationsOptions.UseSqlite"/>), a worker
        /// pool (a hosted service), <see cref="IFlowClient"/> to start and operate runs, and <see cref="ILifecycle{TEntity}"/>
        /// for the entities of each template added with <see cref="AutomationsOptions.AddLifecycle{TTemplate}"/>.
        /// </summary>
        /// <example><code>services.AddAutomations(o => o.UseLiteDb("automations.litedb").AddFlow&lt;OrderFlow&gt;());</code></example>
        public static IServiceCollection AddAutomations(this IServiceCollection services, Action<AutomationsOptions> configure)
        {
            ArgumentNullException.ThrowIfNull(services);
            ArgumentNullException.ThrowIfNull(configure);
            services.AddOptions<AutomationsOptions>()
                .Configure(configure)
                .Validate(o => o.JournalFactory is not null, "Choose a journal: AddAutomations(o => o.UseLiteDb(\"automations.litedb\")).")
                .Validate(o => o.Concurrency >= 1, "AutomationsOptions.Concurrency must be at least 1.")
                .Validate(o => o.Lease >= TimeSpan.FromSeconds(1), "AutomationsOptions.Lease must be at least 1 second.")
                .Validate(o => o.PollInterval > TimeSpan.Zero, "AutomationsOptions.PollInterval must be positive.")
                .Validate(o => o.Retention is null || o.Retention > TimeSpan.Zero, "AutomationsOptions.Retention must be positive (or null to keep ended runs).")
                .Validate(o => o.RetentionInterval > TimeSpan.Zero, "AutomationsOptions.RetentionInterval must be positive.");
            // One scope holds every secret value the host resolves (the app may register its own, to share it); every
            // logger of the app redacts with it, so what actions and the app log is hidden as the journal hides it.
            services.TryAddSingleton(_ => new Automations.Compiled.Hosting.Redaction.RedactionScope());
            Automations.Compiled.Hosting.Redaction.RedactingLoggerFactory.Replace(services);
            services.TryAddSingleton<JournalHolder>();
            services.TryAddSingleton<FlowRegistry>();
            services.TryAddSingleton<RunDispatcher>();
            services.TryAddSingleton<IFlowClient, FlowClient>();
            services.TryAddSingleton<IHostedFlows, HostedFlows>();
            services.TryAddSingleton<IRecordEvents, RecordEvents>();
            services.TryAddSingleton<LifecycleRegistry>();

            // One open registration serves every template's entity type: AddLifecycle runs when the options are built,
            // after the container is, so the closed types cannot be listed here.
            services.TryAdd(ServiceDescriptor.Singleton(typeof(ILifecycle<>), typeof(Lifecycle<>)));
            services.AddHostedService<FlowWorker>();
            services.AddHostedService<FlowScheduler>();
            services.AddHostedService<JournalRetention>();
            services.AddHealthChecks().AddCheck<AutomationsHealthCheck>("automations", HealthStatus.Unhealthy, new[] { "automations" });
            return services;
        }

        /// <summary>Hosts the compiled flow <typeparamref name="TFlow"/> (same as <see cref="AutomationsOptions.AddFlow{TFlow}"/>).</summary>
        public static IServiceCollection AddFlow<TFlow>(this IServiceCollection services)
            where TFlow : class, IFlowDefinition
        {
            ArgumentNullException.ThrowIfNull(services);
            services.Configure<AutomationsOptions>(o => o.AddFlow<TFlow>());
            return services;
        }

        /// <summary>Hosts the lifecycle template <typeparamref name="TTemplate"/> (same as <see cref="AutomationsOptions.AddLifecycle{TTemplate}"/>).</summary>
        public static IServiceCollection AddLifecycle<TTemplate>(this IServiceCollection services)
            where TTemplate : LifecycleTemplate, new()
        {
            ArgumentNullException.ThrowIfNull(services);
            services.Configure<AutomationsOptions>(o => o.AddLifecycle<TTemplate>());
            return services;
        }
    }
}
