using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Automations.Compiled.Hosting;

namespace Automations.Compiled.Benchmarks.Durable
{
    /// <summary>
    /// What the host asks a journal to write for one run of <see cref="DurableThreeStepFlow"/>: the start, each checkpoint
    /// and the leg's end, with their contents (payload, trace id, step outputs, snapshot state) as a real run makes them.
    /// The floor measurements write the same documents for many runs. Taken once, through a counting proxy, from one run
    /// on a SQLite host (what the host writes does not depend on the journal it writes to).
    /// </summary>
    internal sealed class RunSample
    {
        private RunSample(NewRun start, IReadOnlyList<RunCheckpoint> checkpoints, RunLegEnd end)
        {
            Start = start;
            Checkpoints = checkpoints;
            End = end;
        }

        /// <summary>The start (its lease owner set: the host runs a run it starts itself).</summary>
        public NewRun Start { get; }

        /// <summary>The checkpoints, in order.</summary>
        public IReadOnlyList<RunCheckpoint> Checkpoints { get; }

        /// <summary>The leg's end (Completed).</summary>
        public RunLegEnd End { get; }

        /// <summary>Writes per run: the start, the checkpoints, the end.</summary>
        public int Writes => Checkpoints.Count + 2;

        /// <summary>Runs one durable three-step run and keeps what the host wrote for it.</summary>
        public static async Task<RunSample> TakeAsync()
        {
            NewRun? start = null;
            RunLegEnd? end = null;
            var checkpoints = new List<RunCheckpoint>();
            var gate = new object();
            await using (var host = await BenchHost.StartAsync(JournalBackend.Sqlite, concurrency: 1, countCalls: true).ConfigureAwait(false))
            {
                host.Calls!.Observe = (operation, args) =>
                {
                    lock (gate)
                    {
                        switch (operation, args is { Length: > 0 } ? args[0] : null)
                        {
                            case (nameof(IRunJournal.StartRunAsync), NewRun run):
                                start ??= run;
                                break;
                            case (nameof(IRunJournal.SaveCheckpointAsync), RunCheckpoint checkpoint):
                                checkpoints.Add(checkpoint);
                                break;
                            case (nameof(IRunJournal.EndLegAsync), RunLegEnd leg):
                                end ??= leg;
                                break;
                        }
                    }
                };
                var run = await host.Client.StartAsync(DurableThreeStepFlow.Id, new DurableJob(7)).ConfigureAwait(false);
                var status = await host.Client.WaitForStatusAsync(run.RunId).ConfigureAwait(false);
                if (status != FlowStatus.Completed)
                {
                    throw new InvalidOperationException($"The sample run ended {status}.");
                }
            }

            lock (gate)
            {
                if (start is not { LeaseOwner: not null } || end is not { Status: FlowStatus.Completed } || checkpoints.Count == 0)
                {
                    throw new InvalidOperationException($"The sample run did not write a leased start, checkpoints and a Completed end (checkpoints: {checkpoints.Count}).");
                }

                var steps = end.Steps.Count;
                foreach (var checkpoint in checkpoints)
                {
                    steps += checkpoint.Steps.Count;
                }

                if (steps != 3)
                {
                    throw new InvalidOperationException($"The sample run wrote {steps} step tries, not 3.");
                }

                return new RunSample(start, checkpoints.ToArray(), end);
            }
        }
    }
}
