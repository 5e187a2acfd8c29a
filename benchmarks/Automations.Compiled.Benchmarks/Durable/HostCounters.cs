using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Benchmarks.Durable
{
    /// <summary>
    /// Listens to the host's own instruments on the <c>Automations.Compiled</c> meter: journal commits and the writes they
    /// carried (group commit), and legs ended by the status they reached. Legs ended tell when runs are all waiting or
    /// all completed without asking the journal (a client wait per run would itself hold memory in the host).
    /// </summary>
    internal sealed class HostCounters : IDisposable
    {
        private const string MeterName = "Automations.Compiled";
        private const string Commits = "automations.journal.commits";
        private const string BatchSize = "automations.journal.batch.size";
        private const string LegsEnded = "automations.legs.ended";

        private readonly MeterListener _listener = new();
        private readonly object _gate = new();
        private long _commits;
        private long _writes;
        private long _waiting;
        private long _completed;
        private long _otherLegs;
        private long _target = long.MaxValue;
        private TaskCompletionSource? _reached;

        public HostCounters()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == MeterName && instrument.Name is Commits or BatchSize or LegsEnded)
                {
                    listener.EnableMeasurementEvents(instrument, this);
                }
            };
            _listener.SetMeasurementEventCallback<long>(static (instrument, value, tags, state) => ((HostCounters)state!).OnLong(instrument, value, tags));
            _listener.SetMeasurementEventCallback<int>(static (instrument, value, _, state) =>
            {
                if (instrument.Name == BatchSize)
                {
                    Interlocked.Add(ref ((HostCounters)state!)._writes, value);
                }
            });
            _listener.Start();
        }

        /// <summary>Transactions the journal's writer committed.</summary>
        public long JournalCommits => Interlocked.Read(ref _commits);

        /// <summary>Writes those transactions carried.</summary>
        public long JournalWrites => Interlocked.Read(ref _writes);

        /// <summary>Legs that ended with the run waiting.</summary>
        public long WaitingLegs => Interlocked.Read(ref _waiting);

        /// <summary>Legs that ended with the run completed.</summary>
        public long CompletedLegs => Interlocked.Read(ref _completed);

        /// <summary>Legs that ended any other way (failed, paused, cancelled): none in a sound benchmark.</summary>
        public long OtherLegs => Interlocked.Read(ref _otherLegs);

        /// <summary>Completes once <see cref="WaitingLegs"/> + <see cref="CompletedLegs"/> reaches <paramref name="legs"/>.</summary>
        public async Task WaitForLegsAsync(long legs, TimeSpan timeout)
        {
            Task reached;
            lock (_gate)
            {
                _target = legs;
                _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                reached = _reached.Task;
            }

            Check();
            try
            {
                await reached.WaitAsync(timeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new InvalidOperationException($"Waited {timeout.TotalSeconds:0} s for {legs} legs; {WaitingLegs} ended waiting, {CompletedLegs} completed, {OtherLegs} otherwise.");
            }

            if (OtherLegs != 0)
            {
                throw new InvalidOperationException($"{OtherLegs} legs ended neither waiting nor completed.");
            }
        }

        private void OnLong(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (instrument.Name == Commits)
            {
                Interlocked.Add(ref _commits, value);
                return;
            }

            var status = "";
            foreach (var tag in tags)
            {
                if (tag.Key == "status")
                {
                    status = tag.Value as string ?? "";
                }
            }

            switch (status)
            {
                case nameof(FlowStatus.Waiting):
                    Interlocked.Add(ref _waiting, value);
                    break;
                case nameof(FlowStatus.Completed):
                    Interlocked.Add(ref _completed, value);
                    break;
                default:
                    Interlocked.Add(ref _otherLegs, value);
                    break;
            }

            Check();
        }

        private void Check()
        {
            if (WaitingLegs + CompletedLegs + OtherLegs < Volatile.Read(ref _target))
            {
                return;
            }

            lock (_gate)
            {
                _reached?.TrySetResult();
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
