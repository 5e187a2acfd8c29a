using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Automations.Compiled.Hosting
{
    /// <summary>The background loops of the host (claims, lease renewals, schedules): one way to keep each running.</summary>
    internal static class HostLoop
    {
        /// <summary>
        /// Runs <paramref name="iteration"/> until the host stops. A failure (a journal that is briefly unavailable: locked
        /// by another process, a full disk) is logged, redacted, and the loop goes on after <paramref name="retryDelay"/>:
        /// the host stays up.
        /// </summary>
        public static async Task RunAsync(RunDispatcher dispatcher, ILogger logger, TimeSpan retryDelay, Func<CancellationToken, Task> iteration, CancellationToken stoppingToken)
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await iteration(stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception error)
                {
                    HostLog.LoopFailed(logger, retryDelay, dispatcher.Redaction.Redact(error.Message) ?? "");
                    try
                    {
                        await Task.Delay(retryDelay, dispatcher.Options.TimeProvider, stoppingToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
        }
    }
}
