using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;
using Automations.Compiled.Hosting;
using Automations.Compiled.Tests.Lifecycle;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace Automations.Compiled.Benchmarks.Durable
{
    /// <summary>What a trigger of <see cref="LifecycleTriggerBenchmarks"/> does.</summary>
    public enum TriggerKind
    {
        /// <summary><c>Lock</c> and <c>Unlock</c> in turn (Stopped ⇄ Locked): actions without a flow, one commit each.</summary>
        NoFlow,

        /// <summary><c>Snapshot</c> (Stopped → Snapshotting → Stopped) runs the one-step <c>vm-snapshot</c> flow; the loop waits until the entity rests again.</summary>
        OneStepFlow,
    }

    /// <summary>
    /// Triggers through the host on a SQLite file (<c>ILifecycle&lt;VirtualMachine&gt;.TriggerAsync</c>, the journal's
    /// defaults: WAL, <c>synchronous=FULL</c>, group commit), on the 20-state, 60-action template: as many client loops
    /// as the host has worker slots, each on an entity of its own, triggering again and again. An action without a flow
    /// is one commit; an action with a one-step flow is the trigger's commit, then the flow's run, whose last commit
    /// moves the entity back to rest (the loop waits for it with <c>WaitForRestAsync</c>). The Mean is per trigger
    /// (<see cref="TriggersPerInvocation"/> per invocation) and Allocated is the whole process's per trigger. The
    /// cleanup prints triggers/s and p50/p99 latency and appends them to
    /// <c>BenchmarkDotNet.Artifacts/durable/LifecycleTriggerBenchmarks.md</c>.
    /// </summary>
    [MemoryDiagnoser]
    [Config(typeof(DurableJobConfig))]
    public class LifecycleTriggerBenchmarks
    {
        /// <summary>Triggers per invocation: a multiple of every concurrency, so each loop does the same number.</summary>
        public const int TriggersPerInvocation = 1024;

        /// <summary>Triggers per invocation in quick mode.</summary>
        public const int QuickTriggers = 32;

        private BenchHost _host = null!;
        private ILifecycle<VirtualMachine> _lifecycle = null!;
        private string[] _entities = null!;
        private bool[] _locked = null!;
        private long[] _latencies = null!;
        private int _recorded;
        private long _triggers;
        private long _elapsedTicks;

        /// <summary>An action without a flow, or one with a one-step flow.</summary>
        [Params(TriggerKind.NoFlow, TriggerKind.OneStepFlow)]
        public TriggerKind Trigger { get; set; }

        /// <summary>The host's worker slots, and the number of client loops (one entity each).</summary>
        [Params(1, 16)]
        public int Concurrency { get; set; }

        /// <summary>Starts the host, creates one entity per loop (the Create action's flow runs), and checks both kinds of trigger.</summary>
        [GlobalSetup]
        public void Setup()
        {
            _host = BenchHost.StartAsync(JournalBackend.Sqlite, Concurrency, configure: o => o
                .AddLifecycle<VirtualMachineLifecycle>()
                .AddFlow<ProvisionVm>().AddFlow<BootVm>().AddFlow<ResizeVm>().AddFlow<SnapshotVm>()
                .AddFlow<MigrateVm>().AddFlow<RepairVm>().AddFlow<RestoreVm>()).GetAwaiter().GetResult();
            _lifecycle = _host.Services.GetRequiredService<ILifecycle<VirtualMachine>>();
            _entities = new string[Concurrency];
            _locked = new bool[Concurrency];
            _latencies = new long[64 * TriggersPerInvocation];
            for (var i = 0; i < Concurrency; i++)
            {
                _entities[i] = "vm-" + i.ToString(CultureInfo.InvariantCulture);
                _lifecycle.TriggerAsync(_entities[i], "Create", new VirtualMachine(_entities[i]), AccessLevel.User).GetAwaiter().GetResult();
                Require(_lifecycle.WaitForRestAsync(_entities[i]).GetAwaiter().GetResult()?.State == "Stopped", $"{_entities[i]} was not created Stopped");
            }

            var locked = _lifecycle.TriggerAsync(_entities[0], "Lock", new VirtualMachine(_entities[0]), AccessLevel.Manager).GetAwaiter().GetResult();
            Require(locked is { InFlight: false, State: "Locked" }, $"Lock moved the entity to {locked.State} (in flight: {locked.InFlight})");
            _lifecycle.TriggerAsync(_entities[0], "Unlock", new VirtualMachine(_entities[0]), AccessLevel.Manager).GetAwaiter().GetResult();
            var snapshot = _lifecycle.TriggerAsync(_entities[0], "Snapshot", new VirtualMachine(_entities[0]), AccessLevel.User).GetAwaiter().GetResult();
            Require(snapshot is { InFlight: true, State: "Snapshotting" }, $"Snapshot moved the entity to {snapshot.State} (in flight: {snapshot.InFlight})");
            Require(_lifecycle.WaitForRestAsync(_entities[0]).GetAwaiter().GetResult()?.State == "Stopped", "the snapshot did not end Stopped");
        }

        /// <summary>A batch of triggers on <see cref="Concurrency"/> client loops.</summary>
        [Benchmark(OperationsPerInvoke = TriggersPerInvocation)]
        public async Task Triggers()
        {
            var triggers = Program.Quick ? QuickTriggers : TriggersPerInvocation;
            var begun = Stopwatch.GetTimestamp();
            var loops = new Task[Concurrency];
            for (var i = 0; i < Concurrency; i++)
            {
                loops[i] = LoopAsync(i, triggers / Concurrency);
            }

            await Task.WhenAll(loops).ConfigureAwait(false);
            _elapsedTicks += Stopwatch.GetTimestamp() - begun;
            _triggers += triggers;
        }

        /// <summary>Prints and records triggers/s and latency over every invocation (warm-up included).</summary>
        [GlobalCleanup]
        public void Cleanup()
        {
            try
            {
                var seconds = (double)_elapsedTicks / Stopwatch.Frequency;
                DurableFigures.Append(
                    "LifecycleTriggerBenchmarks.md",
                    "| Trigger | Concurrency | Triggers | Triggers/s | p50 ms | p99 ms |\n|---|--:|--:|--:|--:|--:|",
                    string.Create(CultureInfo.InvariantCulture, $"| {Trigger} | {Concurrency} | {_triggers} | {_triggers / seconds:N0} | {PercentileMs(0.50):0.00} | {PercentileMs(0.99):0.00} |"));
            }
            finally
            {
                _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }

        private async Task LoopAsync(int loop, int triggers)
        {
            var id = _entities[loop];
            var entity = new VirtualMachine(id);
            for (var i = 0; i < triggers; i++)
            {
                var begun = Stopwatch.GetTimestamp();
                if (Trigger == TriggerKind.NoFlow)
                {
                    await _lifecycle.TriggerAsync(id, _locked[loop] ? "Unlock" : "Lock", entity, AccessLevel.Manager).ConfigureAwait(false);
                    _locked[loop] = !_locked[loop];
                }
                else
                {
                    await _lifecycle.TriggerAsync(id, "Snapshot", entity, AccessLevel.User).ConfigureAwait(false);
                    var rest = await _lifecycle.WaitForRestAsync(id).ConfigureAwait(false);
                    if (rest?.State != "Stopped")
                    {
                        throw new InvalidOperationException($"{id}'s snapshot ended {rest?.State ?? "(gone)"}, not Stopped.");
                    }
                }

                var slot = System.Threading.Interlocked.Increment(ref _recorded) - 1;
                if (slot < _latencies.Length)
                {
                    _latencies[slot] = Stopwatch.GetTimestamp() - begun;
                }
            }
        }

        private double PercentileMs(double p)
        {
            var count = Math.Min(_recorded, _latencies.Length);
            if (count == 0)
            {
                return double.NaN;
            }

            var sorted = _latencies.AsSpan(0, count).ToArray();
            Array.Sort(sorted);
            return sorted[Math.Clamp((int)Math.Ceiling(p * count) - 1, 0, count - 1)] * 1000.0 / Stopwatch.Frequency;
        }

        private static void Require(bool condition, string what)
        {
            if (!condition)
            {
                throw new InvalidOperationException("LifecycleTriggerBenchmarks: " + what + ".");
            }
        }
    }
}
