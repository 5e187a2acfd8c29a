using System;
using System.Diagnostics.Metrics;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// The journal's instruments on the <c>Automations.Compiled</c> meter: commits and writes per commit show how well
    /// group commit batches (many writes per fsync under load).
    /// </summary>
    internal sealed class JournalMetrics : IDisposable
    {
        public const string MeterName = "Automations.Compiled";

        private readonly Counter<long> _commits;
        private readonly Histogram<int> _batchSize;

        public JournalMetrics()
        {
            Meter = new Meter(MeterName);
            _commits = Meter.CreateCounter<long>("automations.journal.commits", "{commit}", "Transactions committed by the journal's writer.");
            _batchSize = Meter.CreateHistogram<int>("automations.journal.batch.size", "{write}", "Writes carried by one commit.");
        }

        /// <summary>This journal's meter (one per journal, so a listener can tell two journals apart).</summary>
        public Meter Meter { get; }

        public void Committed(int writes)
        {
            _commits.Add(1);
            _batchSize.Record(writes);
        }

        public void Dispose() => Meter.Dispose();
    }
}
