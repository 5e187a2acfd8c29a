using System;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Automations.Compiled.Hosting.Redaction
{
    /// <summary>
    /// The app's logger factory with every logger redacting before it logs (<see cref="RedactingLogger"/>): what
    /// <c>AddAutomations</c> puts in place of the factory, so that whatever the host, the flows' actions and the app log
    /// reaches no provider with a secret value the host resolved. The providers and their filters stay the factory's own.
    /// </summary>
    internal sealed class RedactingLoggerFactory(ILoggerFactory inner, RedactionScope scope, bool ownsInner) : ILoggerFactory
    {
        /// <summary>The factory the app registered before, wrapped; every other registration of it is left out.</summary>
        public static void Replace(IServiceCollection services)
        {
            if (services.Any(d => d.ServiceType == typeof(RedactingLoggerFactory)))
            {
                return; // AddAutomations called again: the factory is wrapped already
            }

            services.AddLogging(); // the factory and its options, when the app has not added them
            var registered = services.Last(d => d.ServiceType == typeof(ILoggerFactory));
            services.RemoveAll(typeof(ILoggerFactory));
            services.AddSingleton(sp => Over(sp, registered));
            services.AddSingleton<ILoggerFactory>(sp => sp.GetRequiredService<RedactingLoggerFactory>());
        }

        /// <inheritdoc />
        public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName), scope);

        /// <inheritdoc />
        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        /// <inheritdoc />
        public void Dispose()
        {
            if (ownsInner)
            {
                inner.Dispose();
            }
        }

        private static RedactingLoggerFactory Over(IServiceProvider services, ServiceDescriptor registered)
        {
            var scope = services.GetRequiredService<RedactionScope>();
            if (registered.ImplementationInstance is ILoggerFactory instance)
            {
                return new RedactingLoggerFactory(instance, scope, ownsInner: false); // the app's object: the app disposes it
            }

            var created = registered.ImplementationFactory is { } factory
                ? (ILoggerFactory)factory(services)
                : (ILoggerFactory)ActivatorUtilities.CreateInstance(services, registered.ImplementationType!);
            return new RedactingLoggerFactory(created, scope, ownsInner: true);
        }
    }
}
