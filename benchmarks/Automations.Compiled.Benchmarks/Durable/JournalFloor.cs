using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;

namespace Automations.Compiled.Benchmarks.Durable
{
    /// <summary>How a floor measurement groups the runs' writes into commits.</summary>
    internal enum FloorBatching
    {
        /// <summary>Each write is a commit of its own, run after run: concurrency 1.</summary>
        OneWrite,

        /// <summary>Each commit carries whole runs: every write of each.</summary>
        WholeRuns,

        /// <summary>
        /// As the writer sees a steady stream of runs: each commit carries one write of each stage, for the same number of
        /// runs at each stage (the starts of the newest runs, the first checkpoints of the ones before them, and so on), so
        /// a run's writes land in consecutive commits, each after the one before it is durable.
        /// </summary>
        Pipelined,
    }

    /// <summary>A floor measurement's batching.</summary>
    /// <param name="Name">The row's label.</param>
    /// <param name="Batching">How writes share commits.</param>
    /// <param name="RunsPerCommit">Runs whose writes one commit carries (per stage when pipelined).</param>
    /// <param name="Reads">Also the reads the journal does inside its writes (the run, the held item, the version, the counters).</param>
    internal sealed record FloorShape(string Name, FloorBatching Batching, int RunsPerCommit, bool Reads = false);

    /// <summary>One row of the floor table.</summary>
    internal sealed record FloorResult(JournalBackend Backend, FloorShape Shape, int Runs, double RunsPerSecond, double CommitsPerRun, double CpuMicrosPerRun, double AllocatedPerRun, IReadOnlyDictionary<string, (long Ticks, long Bytes, long Count)> Operations)
    {
        public const string Header = "| Backend | Batch | Runs | Runs/s | Commits/run | CPU µs/run | Allocated/run |\n|---|---|--:|--:|--:|--:|--:|";

        public string Row => string.Create(
            CultureInfo.InvariantCulture,
            $"| {Backend} | {Shape.Name} | {Runs:N0} | {RunsPerSecond:N0} | {CommitsPerRun:0.000} | {CpuMicrosPerRun:N0} | {AllocatedPerRun / 1024:N1} KB |");

        /// <summary>Where the time and the allocation went, by operation (those the floor times), per run; most time first.</summary>
        public IEnumerable<string> Breakdown()
        {
            yield return "| Operation | Calls/run | µs/run | Allocated/run |";
            yield return "|---|--:|--:|--:|";
            var operations = new List<KeyValuePair<string, (long Ticks, long Bytes, long Count)>>(Operations);
            operations.Sort((a, b) => b.Value.Ticks.CompareTo(a.Value.Ticks));
            foreach (var (operation, (ticks, bytes, count)) in operations)
            {
                yield return string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {operation} | {(double)count / Runs:0.00} | {ticks * 1_000_000.0 / Stopwatch.Frequency / Runs:N1} | {(double)bytes / Runs / 1024:N1} KB |");
            }
        }
    }

    /// <summary>
    /// The raw cost of a backend writing what the journal writes for durable runs, without the host and without the
    /// journal's writer (no queue, no tasks): the same documents or rows, on a database opened the way the journal opens
    /// it, committed and synced as the writer commits. A run is a list of writes (<see cref="RunSample.Writes"/>: start,
    /// checkpoints, end); a <see cref="FloorShape"/> decides which writes share a commit.
    /// </summary>
    internal abstract class JournalFloor : IDisposable
    {
        private readonly string _folder = BenchHost.NewFolder();

        protected JournalFloor(RunSample sample, JournalBackend backend)
        {
            Sample = sample;
            Backend = backend;
            (TraceId, Payload) = Hosting.NewRunChecks.Check(sample.Start, "run");
            WaitJson = Hosting.WaitSpecJson.Write(sample.Checkpoints[0].Snapshot.Wait);
            Owner = sample.Start.LeaseOwner!;
            Lease = sample.Start.Lease;
        }

        protected RunSample Sample { get; }

        /// <summary>The runs' trace id and start payload, as the journal's start checks make them.</summary>
        protected string TraceId { get; }

        protected byte[] Payload { get; }

        /// <summary>A checkpoint's wait (none) as the journal stores it.</summary>
        protected string WaitJson { get; }

        /// <summary>The worker that holds the runs' items, and for how long a write extends its lease.</summary>
        protected string Owner { get; }

        protected TimeSpan Lease { get; }

        /// <summary>Time and allocation by operation (on this thread), for the breakdown under the floor table.</summary>
        public Dictionary<string, (long Ticks, long Bytes, long Count)> Operations { get; } = new(StringComparer.Ordinal);

        /// <summary>Where an operation began: <see cref="Took"/> adds what it cost.</summary>
        protected static (long Ticks, long Bytes) Mark() => (Stopwatch.GetTimestamp(), GC.GetAllocatedBytesForCurrentThread());

        /// <summary>Adds the time and allocation since <paramref name="mark"/> to <paramref name="operation"/>.</summary>
        protected void Took(string operation, (long Ticks, long Bytes) mark)
        {
            var ticks = Stopwatch.GetTimestamp() - mark.Ticks;
            var bytes = GC.GetAllocatedBytesForCurrentThread() - mark.Bytes;
            Operations[operation] = Operations.TryGetValue(operation, out var sum) ? (sum.Ticks + ticks, sum.Bytes + bytes, sum.Count + 1) : (ticks, bytes, 1);
        }

        protected string Folder => _folder;

        public JournalBackend Backend { get; }

        /// <summary>How long each measurement warms up first.</summary>
        public static TimeSpan WarmUp { get; } = TimeSpan.FromSeconds(2);

        /// <summary>Measures <paramref name="runs"/> runs (after a <see cref="WarmUp"/> in the same shape) on a fresh database.</summary>
        public static FloorResult Measure(JournalBackend backend, RunSample sample, FloorShape shape, int runs)
        {
            using var floor = backend == JournalBackend.LiteDb ? (JournalFloor)new LiteDbFloor(sample) : new SqliteFloor(sample);
            floor.Open();

            // Warm-up: at least WarmUp of runs in this shape, so that the code measured is the JIT's final tier.
            var warmUp = Math.Max(shape.RunsPerCommit, 16);
            var warming = Stopwatch.StartNew();
            do
            {
                floor.RunSchedule(Schedule(sample.Writes, warmUp, shape), warmUp, shape.Reads);
            }
            while (warming.Elapsed < WarmUp);

            var schedule = Schedule(sample.Writes, runs, shape);
            floor.Operations.Clear();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var begun = Stopwatch.GetTimestamp();
            floor.RunSchedule(schedule, runs, shape.Reads);
            var seconds = Stopwatch.GetElapsedTime(begun).TotalSeconds;
            var allocatedPerRun = (double)(GC.GetTotalAllocatedBytes(precise: true) - allocated) / runs;
            var cpuPerRun = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / runs;
            return new FloorResult(backend, shape, runs, runs / seconds, (double)schedule.Count / runs, cpuPerRun, allocatedPerRun, new Dictionary<string, (long, long, long)>(floor.Operations));
        }

        /// <summary>The commits, each a list of (run, stage) writes in the order they are made: stage 0 starts a run, the last ends it.</summary>
        private static List<(int Run, int Stage)[]> Schedule(int stages, int runs, FloorShape shape)
        {
            var commits = new List<(int, int)[]>();
            var size = shape.RunsPerCommit;
            var groups = (runs + size - 1) / size;
            switch (shape.Batching)
            {
                case FloorBatching.OneWrite:
                    for (var run = 0; run < runs; run++)
                    {
                        for (var stage = 0; stage < stages; stage++)
                        {
                            commits.Add([(run, stage)]);
                        }
                    }

                    break;
                case FloorBatching.WholeRuns:
                    for (var group = 0; group < groups; group++)
                    {
                        var writes = new List<(int, int)>();
                        for (var run = group * size; run < Math.Min(runs, (group + 1) * size); run++)
                        {
                            for (var stage = 0; stage < stages; stage++)
                            {
                                writes.Add((run, stage));
                            }
                        }

                        commits.Add(writes.ToArray());
                    }

                    break;
                default:
                    // Commit t carries stage s of group t - s.
                    for (var t = 0; t < groups + stages - 1; t++)
                    {
                        var writes = new List<(int, int)>();
                        for (var stage = 0; stage < stages; stage++)
                        {
                            var group = t - stage;
                            for (var run = group * size; group >= 0 && group < groups && run < Math.Min(runs, (group + 1) * size); run++)
                            {
                                writes.Add((run, stage));
                            }
                        }

                        commits.Add(writes.ToArray());
                    }

                    break;
            }

            return commits;
        }

        private void RunSchedule(List<(int Run, int Stage)[]> commits, int runs, bool reads)
        {
            var state = new object?[runs];
            foreach (var commit in commits)
            {
                Begin();
                foreach (var (run, stage) in commit)
                {
                    if (stage == 0)
                    {
                        state[run] = StartRun(reads);
                    }
                    else if (stage <= Sample.Checkpoints.Count)
                    {
                        Checkpoint(state[run]!, Sample.Checkpoints[stage - 1], reads);
                    }
                    else
                    {
                        EndRun(state[run]!, reads);
                        state[run] = null;
                    }
                }

                Commit(reads);
            }
        }

        /// <summary>Creates the database as the journal does (schema, meta, the flow's version) and keeps it open.</summary>
        protected abstract void Open();

        /// <summary>Registers the sample's flow version on a new journal, then closes it: what a host does first.</summary>
        protected void Create(Hosting.IRunJournal journal)
        {
            try
            {
                journal.RegisterFlowVersionAsync(new Hosting.FlowVersionRecord(Sample.Start.FlowId, Sample.Start.FlowVersion, "floor")).GetAwaiter().GetResult();
            }
            finally
            {
                journal.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }

        protected abstract void Begin();

        /// <summary>The start's writes; returns what the run's later writes need.</summary>
        protected abstract object StartRun(bool reads);

        protected abstract void Checkpoint(object run, Hosting.RunCheckpoint checkpoint, bool reads);

        protected abstract void EndRun(object run, bool reads);

        /// <summary>Commits and syncs as the journal's writer does.</summary>
        protected abstract void Commit(bool reads);

        protected virtual void Close()
        {
        }

        public void Dispose()
        {
            try
            {
                Close();
            }
            finally
            {
                BenchHost.DeleteFolder(_folder);
            }
        }
    }
}
