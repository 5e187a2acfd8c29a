using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// The worker pool: registers the hosted flow versions, then runs local starts at once and claims queued work (other
    /// hosts' starts, due timers, delivered events and approvals, resumed and retried runs, runs whose host died).
    /// </summary>
    internal sealed class FlowWorker : BackgroundService
    {
        private readonly RunDispatcher _dispatcher;
        private readonly ILogger _logger;
        private Task? _renewals;

        /// <param name="dispatcher">The pool.</param>
        /// <param name="lifecycles">Taken so its checks (every action's flow hosted and fit) run when the host starts.</param>
        /// <param name="logger">The log.</param>
        public FlowWorker(RunDispatcher dispatcher, LifecycleRegistry lifecycles, ILogger<FlowWorker>? logger = null)
        {
            _ = lifecycles;
            _dispatcher = dispatcher;
            _logger = (ILogger?)logger ?? NullLogger.Instance;
        }

        /// <summary>True while the claim loop runs (for the health check).</summary>
        public static bool IsRunning(RunDispatcher dispatcher) => dispatcher.Accepting && !dispatcher.Stopping;

        public override async Task StartAsync(CancellationToken cancellationToken)
        {
            // Before the host reports started: the journal opens and every flow version is registered, so a start right
            // after the host is up finds its version.
            var journal = await _dispatcher.Journal.GetAsync(cancellationToken).ConfigureAwait(false);
            foreach (var flow in _dispatcher.Registry.All)
            {
                var change = await journal.RegisterFlowVersionAsync(FlowVersionRecord.From(flow.Info, FlowRegistry.Hash(flow.Info)), cancellationToken).ConfigureAwait(false);
                if (change == FlowVersionChange.HashChanged)
                {
                    HostLog.VersionChanged(_logger, flow.Info.Id, flow.Info.Version);
                }

                if (_dispatcher.PolicyRefusal(flow.Info) is { } refusal)
                {
                    HostLog.PolicyRefuses(_logger, flow.Info.Id, flow.Info.Version, refusal.Message);
                }
            }

            await _dispatcher.RefreshKillSwitchesAsync(journal, cancellationToken).ConfigureAwait(false);
            _dispatcher.Accepting = true;
            HostLog.Started(_logger, _dispatcher.Options.WorkerId, _dispatcher.Journal.Description, _dispatcher.Registry.All.Count, _dispatcher.Options.Concurrency);
            await base.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        protected override Task ExecuteAsync(CancellationToken stoppingToken)
        {
            _renewals = RenewLeasesAsync(stoppingToken);
            return Task.WhenAll(RunLocalAsync(stoppingToken), ClaimAsync(stoppingToken), _renewals);
        }

        /// <summary>Runs this host started run at once: their start item is leased to this host already.</summary>
        private async Task RunLocalAsync(CancellationToken stoppingToken)
        {
            try
            {
                // The wait takes no token (a cancellable wait allocates each time it waits): the stop wakes it instead.
                var local = _dispatcher.LocalWork;
                using var stop = stoppingToken.UnsafeRegister(static state => ((RunDispatcher)state!).WakeLocalWork(), _dispatcher);
                while (!stoppingToken.IsCancellationRequested && await local.WaitToReadAsync().ConfigureAwait(false))
                {
                    while (!stoppingToken.IsCancellationRequested && local.TryRead(out var item))
                    {
                        if (!ReferenceEquals(item, WorkItem.Wake))
                        {
                            await _dispatcher.DispatchAsync(item, stoppingToken).ConfigureAwait(false);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
        }

        /// <summary>Queues due timers and claims queued work whenever slots are free: every poll interval, or at once when pulsed.</summary>
        private Task ClaimAsync(CancellationToken stoppingToken)
        {
            var options = _dispatcher.Options;
            var batch = Math.Max(1, options.Concurrency / 4);
            var lastScan = long.MinValue;
            return HostLoop.RunAsync(_dispatcher, _logger, options.PollInterval, async token =>
            {
                var journal = await _dispatcher.Journal.GetAsync(token).ConfigureAwait(false);
                var scanDue = System.Diagnostics.Stopwatch.GetElapsedTime(lastScan == long.MinValue ? 0 : lastScan) >= options.PollInterval;
                if (scanDue)
                {
                    lastScan = System.Diagnostics.Stopwatch.GetTimestamp();
                    await journal.EnqueueDueTimersAsync(options.TimeProvider.GetUtcNow(), 1000, token).ConfigureAwait(false);
                    await _dispatcher.RefreshKillSwitchesAsync(journal, token).ConfigureAwait(false); // another host may have engaged one
                }

                // Claim in batches: a slot or two freed by a busy pool waits for more (or for the poll), so a long
                // queue is not drained one commit per leg.
                var free = _dispatcher.FreeSlots;
                var claimed = 0;
                if (free >= batch || (free > 0 && scanDue))
                {
                    foreach (var item in await journal.ClaimOutboxAsync(options.WorkerId, Math.Min(free, 256), options.Lease, token).ConfigureAwait(false))
                    {
                        if (!_dispatcher.IsInFlight(item.Id))
                        {
                            claimed++;
                            await _dispatcher.DispatchAsync(WorkItem.From(item), token).ConfigureAwait(false);
                        }
                    }
                }

                // A full claim, or no room to claim, may leave work queued: the next leg to end wakes this loop.
                _dispatcher.Backlog = free < batch || claimed >= Math.Min(free, 256);
                if (claimed == 0 || !_dispatcher.Backlog)
                {
                    await _dispatcher.WaitForPulseAsync(options.PollInterval, token).ConfigureAwait(false);
                }
            }, stoppingToken);
        }

        /// <summary>Keeps the leases of long legs (a slow step, a retry delay) so no other host takes their runs over.</summary>
        private Task RenewLeasesAsync(CancellationToken stoppingToken)
        {
            var options = _dispatcher.Options;
            var every = options.Lease / 3;
            return HostLoop.RunAsync(_dispatcher, _logger, every, async token =>
            {
                var journal = await _dispatcher.Journal.GetAsync(token).ConfigureAwait(false);
                foreach (var item in _dispatcher.InFlightItems.ToArray())
                {
                    await journal.RenewLeaseAsync(item.ItemId, options.WorkerId, options.Lease, token).ConfigureAwait(false);
                }

                await Task.Delay(every, options.TimeProvider, token).ConfigureAwait(false);
            }, stoppingToken);
        }

        public override async Task StopAsync(CancellationToken cancellationToken)
        {
            // Stop claiming; legs in flight finish their step, commit it, and hand their run back at that checkpoint.
            _dispatcher.BeginStop();
            HostLog.Stopping(_logger, _dispatcher.Options.WorkerId, _dispatcher.InFlight);
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _dispatcher.WaitForIdleAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                HostLog.StopTimedOut(_logger, _dispatcher.InFlight);
                _dispatcher.HardStop();
                try
                {
                    await _dispatcher.WaitForIdleAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // A step that ignores cancellation: its run's lease lapses and another start resumes it.
                }
            }
        }
    }
}
