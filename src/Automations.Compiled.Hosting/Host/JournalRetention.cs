using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// Retention (<see cref="AutomationsOptions.Retention"/>): every <see cref="AutomationsOptions.RetentionInterval"/>,
    /// deletes the runs that ended longer than the retention ago, in chunks, so the journal holds what is in flight and
    /// recent history only. Off unless a retention is set: ended runs (the dead letters among them) stay until deleted.
    /// </summary>
    internal sealed class JournalRetention : BackgroundService
    {
        /// <summary>The most runs one purge write deletes: a long backlog goes in several commits, not one huge one.</summary>
        internal const int Chunk = 500;

        private readonly RunDispatcher _dispatcher;
        private readonly ILogger _logger;

        public JournalRetention(RunDispatcher dispatcher, ILogger<JournalRetention>? logger = null)
        {
            _dispatcher = dispatcher;
            _logger = (ILogger?)logger ?? NullLogger.Instance;
        }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var options = _dispatcher.Options;
            if (options.Retention is null)
            {
                return;
            }

            await HostLoop.RunAsync(_dispatcher, _logger, options.PollInterval, async token =>
            {
                await PurgeAsync(token).ConfigureAwait(false);
                await Task.Delay(options.RetentionInterval, options.TimeProvider, token).ConfigureAwait(false);
            }, stoppingToken).ConfigureAwait(false);
        }

        /// <summary>Deletes every run that ended before now minus the retention; returns how many.</summary>
        internal async Task<int> PurgeAsync(CancellationToken cancellationToken)
        {
            var options = _dispatcher.Options;
            if (options.Retention is not { } retention || _dispatcher.Stopping)
            {
                return 0;
            }

            var journal = await _dispatcher.Journal.GetAsync(cancellationToken).ConfigureAwait(false);
            var cut = options.TimeProvider.GetUtcNow() - retention;
            var total = await journal.PurgeAllEndedRunsAsync(cut, Chunk, cancellationToken).ConfigureAwait(false);

            if (total > 0)
            {
                HostLog.RunsPurged(_logger, total, cut);
            }

            return total;
        }
    }
}
