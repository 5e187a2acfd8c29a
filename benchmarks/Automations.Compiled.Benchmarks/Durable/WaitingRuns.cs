using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;

namespace Automations.Compiled.Benchmarks.Durable
{
    /// <summary>
    /// N runs of <see cref="WaitingFlow"/> suspended on one event: what each costs while it waits (journal bytes, host
    /// managed memory), then how fast one <c>RaiseEventAsync</c> resumes them all to completion.
    /// </summary>
    internal sealed class WaitingRuns
    {
        /// <summary>Worker slots of the host the waiting runs are measured in.</summary>
        public const int Concurrency = 256;

        /// <summary>Its poll interval: short, so the claim loop, not its sleep, sets the resume rate.</summary>
        public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

        private const int StartLoops = 64;
        private static readonly TimeSpan Patience = TimeSpan.FromMinutes(20);

        private readonly BenchHost _host;
        private readonly HostCounters _counters;
        private long _legsBefore;

        public WaitingRuns(BenchHost host, HostCounters counters, int runs, string settings)
        {
            _host = host;
            _counters = counters;
            Runs = runs;
            Settings = settings;
        }

        /// <summary>The settings of the host measured by <see cref="WaitingRunBenchmarks"/>.</summary>
        public static string MeasuredSettings { get; } = $"{Concurrency} slots, poll {PollInterval.TotalMilliseconds:0} ms";

        public int Runs { get; }

        /// <summary>The host's settings, for the table.</summary>
        public string Settings { get; }

        public double StartSeconds { get; private set; }

        public long JournalBytesBefore { get; private set; }

        public long JournalBytesWaiting { get; private set; }

        /// <summary>Of <see cref="JournalBytesWaiting"/>, the log's.</summary>
        public long JournalLogBytesWaiting { get; private set; }

        public long ManagedBefore { get; private set; }

        public long ManagedWaiting { get; private set; }

        public double ResumeSeconds { get; private set; }

        public double JournalBytesPerRun => (double)(JournalBytesWaiting - JournalBytesBefore) / Runs;

        public double ManagedBytesPerRun => (double)(ManagedWaiting - ManagedBefore) / Runs;

        public double ResumesPerSecond => Runs / ResumeSeconds;

        /// <summary>Starts the runs, waits until every one is suspended, and measures what they hold.</summary>
        public async Task StartAllWaitingAsync()
        {
            _host.CheckpointJournal();
            JournalBytesBefore = _host.JournalBytes;
            ManagedBefore = FullCollect();
            _legsBefore = _counters.WaitingLegs + _counters.CompletedLegs;

            var begun = Stopwatch.GetTimestamp();
            var loops = new Task[StartLoops];
            for (var i = 0; i < loops.Length; i++)
            {
                loops[i] = StartLoopAsync(i);
            }

            await Task.WhenAll(loops).ConfigureAwait(false);
            await _counters.WaitForLegsAsync(_legsBefore + Runs, Patience).ConfigureAwait(false);
            StartSeconds = Stopwatch.GetElapsedTime(begun).TotalSeconds;

            _host.CheckpointJournal();
            JournalBytesWaiting = _host.JournalBytes;
            JournalLogBytesWaiting = _host.JournalLogBytes;
            ManagedWaiting = FullCollect();
        }

        /// <summary>Raises the event once and waits until every run has completed.</summary>
        public async Task ResumeAllAsync()
        {
            var begun = Stopwatch.GetTimestamp();
            var resumed = await _host.Client.RaiseEventAsync(WaitingFlow.Event).ConfigureAwait(false);
            if (resumed != Runs)
            {
                throw new InvalidOperationException($"RaiseEventAsync resumed {resumed} runs, not {Runs}.");
            }

            await _counters.WaitForLegsAsync(_legsBefore + 2L * Runs, Patience).ConfigureAwait(false);
            ResumeSeconds = Stopwatch.GetElapsedTime(begun).TotalSeconds;
        }

        public const string Header = "| Backend | Host | Waiting runs | Started in s | Journal bytes/run | Managed bytes/run | Resume all s | Resumes/s |\n|---|---|--:|--:|--:|--:|--:|--:|";

        public string Row => string.Create(
            CultureInfo.InvariantCulture,
            $"| {_host.Backend} | {Settings} | {Runs:N0} | {StartSeconds:0.0} | {JournalBytesPerRun:N0} | {ManagedBytesPerRun:N1} | {ResumeSeconds:0.00} | {ResumesPerSecond:N0} |");

        private async Task StartLoopAsync(int loop)
        {
            for (var i = loop; i < Runs; i += StartLoops)
            {
                await _host.Client.StartAsync(WaitingFlow.Id, new DurableJob(i)).ConfigureAwait(false);
            }
        }

        private static long FullCollect()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return GC.GetTotalMemory(forceFullCollection: true);
        }
    }
}
