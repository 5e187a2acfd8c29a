using System;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting
{
    /// <summary>Operations made of several journal calls.</summary>
    public static class RunJournalExtensions
    {
        /// <summary>
        /// Deletes every run that ended before <paramref name="endedBefore"/>, in writes of at most <paramref name="chunk"/>
        /// runs each (<see cref="IRunJournal.PurgeEndedRunsAsync"/>), so a long backlog never makes one huge commit.
        /// </summary>
        /// <returns>How many runs were deleted.</returns>
        public static async Task<int> PurgeAllEndedRunsAsync(this IRunJournal journal, DateTimeOffset endedBefore, int chunk = 500, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(journal);
            ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 1);
            var total = 0;
            int deleted;
            do
            {
                deleted = await journal.PurgeEndedRunsAsync(endedBefore, chunk, cancellationToken).ConfigureAwait(false);
                total += deleted;
            }
            while (deleted == chunk && !cancellationToken.IsCancellationRequested);

            return total;
        }
    }
}
