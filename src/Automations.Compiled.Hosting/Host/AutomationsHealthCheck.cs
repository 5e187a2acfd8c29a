using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// Healthy when the journal answers and the worker pool runs; degraded when runs wait for a flow version this host
    /// does not have; unhealthy when the journal cannot be read or the worker is not running.
    /// </summary>
    internal sealed class AutomationsHealthCheck : IHealthCheck
    {
        private readonly RunDispatcher _dispatcher;

        public AutomationsHealthCheck(RunDispatcher dispatcher) => _dispatcher = dispatcher;

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var data = new Dictionary<string, object>
            {
                ["journal"] = _dispatcher.Journal.Description,
                ["worker"] = _dispatcher.Options.WorkerId,
                ["inFlight"] = _dispatcher.InFlight,
            };
            if (!FlowWorker.IsRunning(_dispatcher))
            {
                return HealthCheckResult.Unhealthy("The automations worker is not running.", data: data);
            }

            try
            {
                var journal = await _dispatcher.Journal.GetAsync(cancellationToken).ConfigureAwait(false);
                await journal.ListFlowsAsync(cancellationToken).ConfigureAwait(false);
                var deferred = await journal.ListDeferredAsync(10, cancellationToken).ConfigureAwait(false);
                if (deferred.Count > 0)
                {
                    data["deferred"] = deferred.Count;
                    var versions = string.Join(", ", deferred.Select(d => $"'{d.FlowId}' v{d.FlowVersion}").Distinct());
                    return HealthCheckResult.Degraded($"{deferred.Count} run(s) wait for flow versions this host does not run: {versions}.", data: data);
                }

                return HealthCheckResult.Healthy("The journal answers and the worker runs.", data);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("The journal cannot be read: " + _dispatcher.Redaction.Redact(error.Message), data: data);
            }
        }
    }
}
