using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Redaction;
using Automations.Compiled.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// Runs legs of runs: from a claim (or a local start) to the run's next suspension, pause or end, committing each
    /// durable step on the way. At most <see cref="AutomationsOptions.Concurrency"/> legs run at once.
    /// </summary>
    internal sealed class RunDispatcher : IDisposable
    {
        private readonly JournalHolder _journal;
        private readonly FlowRegistry _registry;
        private readonly AutomationsOptions _options;
        private readonly RedactionScope _redaction;
        private readonly ISecretResolver _secrets;
        private readonly IRecordStore? _records;
        private readonly ILogger _logger;
        private readonly SemaphoreSlim _slots;
        private readonly Channel<WorkItem> _local = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
        private readonly ConcurrentDictionary<long, WorkItem> _inFlight = new();
        private readonly ConcurrentDictionary<long, byte> _queuedLocal = new();
        private readonly RunWakeups _wakeups = new();
        private readonly CancellationTokenSource _hardStop = new();
        private readonly SemaphoreSlim _pulse = new(0, 1);
        private volatile bool _stopping;

        public RunDispatcher(JournalHolder journal, FlowRegistry registry, IOptions<AutomationsOptions> options, IServiceProvider services, ILogger<RunDispatcher>? logger = null)
        {
            _journal = journal;
            _registry = registry;
            _options = options.Value;
            _redaction = services.GetService<RedactionScope>() ?? new RedactionScope();
            _secrets = _redaction.Track(_options.Secrets ?? services.GetService<ISecretResolver>() ?? EnvironmentSecretResolver.Instance);
            _records = _options.Records ?? services.GetService<IRecordStore>();
            _logger = (ILogger?)logger ?? NullLogger.Instance;
            _slots = new SemaphoreSlim(_options.Concurrency, _options.Concurrency);
        }

        /// <summary>Wakes the callers that wait for a run to move: at a local leg's end, or at the shared tick.</summary>
        public RunWakeups Wakeups => _wakeups;

        /// <summary>Every secret value this host resolved: nothing that holds one reaches the journal or a log.</summary>
        public RedactionScope Redaction => _redaction;

        public AutomationsOptions Options => _options;

        public JournalHolder Journal => _journal;

        public FlowRegistry Registry => _registry;

        /// <summary>True once the worker runs: local starts are leased to this host and run at once.</summary>
        public bool Accepting { get; set; }

        public bool Stopping => _stopping;

        public int InFlight => _inFlight.Count;

        public ISecretResolver Secrets => _secrets;

        public ILogger Logger => _logger;

        private IReadOnlyList<KillSwitch> _killSwitches = Array.Empty<KillSwitch>();

        /// <summary>
        /// Reads the engaged kill switches again (the worker does every poll interval, and an engage or lift here at once).
        /// The journal refuses journaled starts itself; this view refuses the starts of in-memory flows.
        /// </summary>
        public async Task RefreshKillSwitchesAsync(IRunJournal journal, CancellationToken cancellationToken)
            => _killSwitches = await journal.ListKillSwitchesAsync(cancellationToken).ConfigureAwait(false);

        private readonly ConcurrentDictionary<FlowInfo, RunError?> _policyRefusals = new();

        /// <summary>Why <see cref="AutomationsOptions.ActionPolicy"/> refuses starts of <paramref name="info"/>; null when it allows every action the flow calls.</summary>
        public RunError? PolicyRefusal(FlowInfo info)
        {
            if (_options.ActionPolicy is not { } policy || info.Safeguards.Actions.Count == 0)
            {
                return null;
            }

            return _policyRefusals.GetOrAdd(info, static (flow, policy) => policy.Check(flow) is { Count: > 0 } reasons
                ? new RunError(null, "Refused by the host's action policy (AutomationsOptions.ActionPolicy): " + string.Join(" ", reasons), RunRefusals.ActionPolicy)
                : null, policy);
        }

        /// <summary>Why a start of <paramref name="info"/> is refused by an engaged kill switch this host knows of; null when none covers it.</summary>
        public RunError? KillRefusal(FlowInfo info)
        {
            foreach (var kill in _killSwitches)
            {
                if (kill.Scope.Covers(info.Id, info.Version))
                {
                    return JournalSafeguards.KillRefusal(kill.Scope, kill.Reason);
                }
            }

            return null;
        }


        public ChannelReader<WorkItem> LocalWork => _local.Reader;

        /// <summary>Wakes the reader of <see cref="LocalWork"/> (the worker stops) with <see cref="WorkItem.Wake"/>, which is no work.</summary>
        public void WakeLocalWork() => _local.Writer.TryWrite(WorkItem.Wake);

        /// <summary>Hands a run this host started (and leased to itself) to the pool.</summary>
        public void EnqueueLocal(WorkItem item)
        {
            _queuedLocal.TryAdd(item.ItemId, 0);
            _local.Writer.TryWrite(item);
        }

        /// <summary>
        /// True while local starts can be leased to this host: a queue longer than a few rounds of the pool would hold
        /// leases nobody renews, so beyond that starts go through the outbox like any other host's.
        /// </summary>
        public bool CanTakeLocal => _queuedLocal.Count < _options.Concurrency * 4;

        /// <summary>Wakes the claim loop now (an event, an approval, a resume, a retry).</summary>
        public void Pulse()
        {
            if (_pulse.CurrentCount > 0)
            {
                return; // pulsed already and not yet taken: an exception per extra pulse would cost more than the pulse
            }

            try
            {
                _pulse.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }

        public Task WaitForPulseAsync(TimeSpan timeout, CancellationToken cancellationToken) => _pulse.WaitAsync(timeout, cancellationToken);

        /// <summary>
        /// True when <paramref name="flow"/>'s trigger condition accepts <paramref name="trigger"/>; a condition that fails at
        /// run time (a field the payload lacks, say) does not match, and says so in the log.
        /// </summary>
        public bool ConditionHolds(IFlowDefinition flow, FlowTrigger trigger)
        {
            try
            {
                return flow.Info.Trigger.Matches(trigger);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                HostLog.ConditionFailed(_logger, flow.Info.Id, flow.Info.Version, _redaction.Redact(error.Message) ?? "");
                return false;
            }
        }

        /// <summary>The options every run in this host gets: its clock, secrets, record store and the hosted flows for subflows.</summary>
        public FlowRunOptions RunOptions(FlowTrigger trigger, Guid runId = default) => new()
        {
            RunId = runId,
            Trigger = trigger,
            TimeProvider = _options.TimeProvider,
            Secrets = _secrets,
            Records = _records,
            Flows = _registry.Catalog,
        };

        /// <summary>Set by the claim loop when work may be queued that it had no slot for: a leg that ends wakes it.</summary>
        public bool Backlog { get; set; }

        public int FreeSlots => _slots.CurrentCount;

        /// <summary>True for an item this host runs or has queued to run (a claim of it again is ignored).</summary>
        public bool IsInFlight(long itemId) => _inFlight.ContainsKey(itemId) || _queuedLocal.ContainsKey(itemId);

        /// <summary>Waits for a free slot, then runs the item's leg in the background.</summary>
        public async Task DispatchAsync(WorkItem item, CancellationToken cancellationToken)
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (!_inFlight.TryAdd(item.ItemId, item))
            {
                // The same leased item twice (outbox ids are never reused): one leg runs it.
                _queuedLocal.TryRemove(item.ItemId, out _);
                _slots.Release();
                return;
            }

            _queuedLocal.TryRemove(item.ItemId, out _);

            // On the pool, not on this loop: the leg's synchronous part (its steps up to the first commit) runs there.
            LegRunner.Start(this, item);
        }

        /// <summary>A leg is over (whatever its outcome): its slot is free, and whoever waits for the run looks again.</summary>
        private void LegFinished(WorkItem item, FlowStatus? committed)
        {
            _inFlight.TryRemove(item.ItemId, out _);
            _slots.Release();
            _wakeups.LegEnded(item.RunId, committed); // with the final status committed (Completed, Failed, Cancelled), or null
            if (Backlog)
            {
                Pulse();
            }
        }

        /// <summary>
        /// Runs a leg on the pool and tells the dispatcher when it is over: one pooled object per leg in flight, which is the
        /// work item, holds the leg's awaiter and is its continuation (no task, closure or state tuple per leg).
        /// </summary>
        private sealed class LegRunner : IThreadPoolWorkItem
        {
            private static readonly IdlePool<LegRunner> s_idle = new(1024);

            private readonly Action _ended;
            private RunDispatcher? _owner;
            private WorkItem? _item;
            private ValueTaskAwaiter<FlowStatus?> _leg;

            private LegRunner() => _ended = Ended;

            public static void Start(RunDispatcher owner, WorkItem item)
            {
                var runner = s_idle.TryRent() ?? new LegRunner();
                runner._owner = owner;
                runner._item = item;

                // A leg starts on a clean context: it makes its own activity from the run's trace id.
                ThreadPool.UnsafeQueueUserWorkItem(runner, preferLocal: false);
            }

            public void Execute()
            {
                ValueTaskAwaiter<FlowStatus?> leg;
                try
                {
                    leg = _owner!.RunLegAsync(_item!).GetAwaiter();
                }
                catch (Exception)
                {
                    Finish(null); // RunLegAsync handles its own failures; this is only the leg that could not begin
                    return;
                }

                _leg = leg;
                if (leg.IsCompleted)
                {
                    Ended();
                }
                else
                {
                    leg.UnsafeOnCompleted(_ended);
                }
            }

            private void Ended()
            {
                var leg = _leg;
                _leg = default;
                FlowStatus? committed = null;
                try
                {
                    committed = leg.GetResult();
                }
                catch (Exception)
                {
                    // Logged by the leg; the run resumes from its last checkpoint when its lease lapses.
                }

                Finish(committed);
            }

            private void Finish(FlowStatus? committed)
            {
                var (owner, item) = (_owner!, _item!);
                _owner = null;
                _item = null;
                s_idle.Return(this);
                owner.LegFinished(item, committed);
            }
        }

        /// <summary>No new legs; legs in flight hand their run back at their next checkpoint.</summary>
        public void BeginStop() => _stopping = true;

        /// <summary>The shutdown timeout passed: cancel the steps in flight (their runs resume from their last checkpoint).</summary>
        public void HardStop() => _hardStop.Cancel();

        public async Task WaitForIdleAsync(CancellationToken cancellationToken)
        {
            while (!_inFlight.IsEmpty)
            {
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }
        }

        public IEnumerable<WorkItem> InFlightItems => _inFlight.Values;

        /// <summary>Runs one leg; returns the final status it committed (Completed, Failed, Cancelled), or null for none.</summary>
        [AsyncMethodBuilder(typeof(PooledTaskBuilder<>))]
        private async ValueTask<FlowStatus?> RunLegAsync(WorkItem item)
        {
            var journal = await _journal.GetAsync(CancellationToken.None).ConfigureAwait(false);
            var started = Stopwatch.GetTimestamp();
            AutomationsTelemetry.ActiveLegs.Add(1);
            Activity? activity = null;
            Leg? leg = null;
            try
            {
                var plan = await PlanAsync(journal, item).ConfigureAwait(false);
                if (plan is null)
                {
                    return null;
                }

                var (flow, traceId) = (plan.Value.Flow, plan.Value.TraceId);
                if (flow.Info.Safeguards.MaxConcurrentRuns is > 0 and var limit && !await AdmitAsync(journal, item, flow, limit).ConfigureAwait(false))
                {
                    return null;
                }

                // What this run's steps start (an event, a record change, a run) is caused by it: loops across flows are seen.
                RunCause.Current = plan.Value.Cause;
                activity = !AutomationsTelemetry.Source.HasListeners() ? null : AutomationsTelemetry.Source.StartActivity(
                    "flow " + flow.Info.Id,
                    ActivityKind.Internal,
                    new ActivityContext(traceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded));
                activity?.SetTag("flow.id", flow.Info.Id);
                activity?.SetTag("flow.version", flow.Info.Version);
                activity?.SetTag("run.id", item.RunId.ToString());
                leg = Leg.Rent(this, journal, item);
                var options = RunOptions(plan.Value.Trigger, item.RunId);
                options.TraceId = traceId;
                options.StartedAt = plan.Value.Cause?.At; // a recovered or retried run's time budget counts from its acceptance
                options.Observer = leg;
                options.Checkpoints = leg;
                var result = plan.Value.Snapshot is { } snapshot
                    ? await flow.ResumeAsync(snapshot, plan.Value.Signal!, options, _hardStop.Token).ConfigureAwait(false)
                    : await flow.RunAsync(plan.Value.Input, options, _hardStop.Token).ConfigureAwait(false);

                if (result.Status == FlowStatus.Cancelled && _hardStop.IsCancellationRequested && !leg.CancelRequested)
                {
                    throw new HostStoppingException(); // cancelled by the shutdown, not by anyone's wish: hand it back
                }

                await EndLegAsync(journal, item, flow, leg, result).ConfigureAwait(false);
                activity?.SetTag("run.status", result.Status.ToString());

                // A leg that ends a run commits exactly its result's status (only a suspension can turn into a pause or cancel).
                return RunStatusRules.IsFinal(result.Status) ? result.Status : null;
            }
            catch (LeaseLostException)
            {
                HostLog.LeaseLost(_logger, item.RunId);
            }
            catch (HostStoppingException)
            {
                await journal.RenewLeaseAsync(item.ItemId, _options.WorkerId, TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
                HostLog.HandedBack(_logger, item.RunId);
            }
            catch (Exception error) when (JournalFaults.IsUnavailable(error))
            {
                // The journal's store is out (a server restarting, a lost connection): the run is not at fault. Hand it back
                // for a poll interval (the claim loop takes it again then, or another host does when the store is back); it
                // resumes from its last checkpoint. If the store is still out, the lease lapses to the same effect.
                HostLog.JournalUnavailable(_logger, item.RunId, _options.PollInterval, _redaction.Redact(error.Message) ?? "");
                activity?.SetStatus(ActivityStatusCode.Error, "journal unavailable");
                try
                {
                    await journal.RenewLeaseAsync(item.ItemId, _options.WorkerId, _options.PollInterval, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Still out: the lease lapses instead, and the run is taken again as it would be after a crash.
                }
            }
            catch (Exception error) when (!_hardStop.IsCancellationRequested)
            {
                // The flow could not run at all (an input that does not fit, a snapshot it cannot read): a dead letter
                // with the reason, so an operator sees it; never lost, never retried in a loop.
                var message = _redaction.Redact(error.Message) ?? "";
                HostLog.LegCrashed(_logger, item.RunId, message);
                activity?.SetStatus(ActivityStatusCode.Error, message);
                try
                {
                    await journal.EndLegAsync(new RunLegEnd
                    {
                        OutboxItemId = item.ItemId,
                        Owner = _options.WorkerId,
                        RunId = item.RunId,
                        Status = FlowStatus.Failed,
                        Steps = leg?.Drain() ?? Array.Empty<StepEntry>(),
                        Outcome = new RunOutcome(Error: new RunError(null, "The host could not run this run: " + message, error.GetType().FullName)),
                    }, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception inner) when (inner is RunTransitionException or JournalException)
                {
                    HostLog.LegCrashed(_logger, item.RunId, _redaction.Redact(inner.Message) ?? "");
                }
            }
            catch (Exception)
            {
                // Shutdown cut the leg short: the lease lapses and the run resumes from its last checkpoint.
                HostLog.HandedBack(_logger, item.RunId);
            }
            finally
            {
                leg?.Release(); // the flow's run is over: nothing calls its observer or checkpoints any more
                activity?.Dispose();
                AutomationsTelemetry.ActiveLegs.Add(-1);
                AutomationsTelemetry.LegDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return null;
        }

        /// <summary>
        /// Admits the leg among the at most <paramref name="limit"/> runs of its flow that execute at once, across hosts; when
        /// the flow is at its limit the item is put back for <see cref="SafeguardOptions.ConcurrencyRetry"/> (it keeps its place).
        /// </summary>
        private async ValueTask<bool> AdmitAsync(IRunJournal journal, WorkItem item, IFlowDefinition flow, int limit)
        {
            if (await journal.AdmitAsync(item.ItemId, _options.WorkerId, flow.Info.Id, limit, CancellationToken.None).ConfigureAwait(false))
            {
                return true;
            }

            var retryAt = _options.TimeProvider.GetUtcNow() + _options.Safeguards.ConcurrencyRetry;
            await journal.DeferOutboxAsync(item.ItemId, _options.WorkerId, retryAt, $"Flow '{flow.Info.Id}' runs its limit of {limit} at once (MaxConcurrentRuns).", CancellationToken.None).ConfigureAwait(false);
            AutomationsTelemetry.LegsHeld.Add(1);
            HostLog.LegHeld(_logger, item.RunId, flow.Info.Id, limit, retryAt);
            return false;
        }

        private readonly record struct Plan(IFlowDefinition Flow, ActivityTraceId TraceId, FlowTrigger Trigger, object? Input, FlowSnapshot? Snapshot, ResumeSignal? Signal, RunCause? Cause);

        /// <summary>What the leg does: start the flow, resume it with a signal, or go on from its checkpoint; null for nothing.</summary>
        [AsyncMethodBuilder(typeof(PooledTaskBuilder<>))]
        private async ValueTask<Plan?> PlanAsync(IRunJournal journal, WorkItem item)
        {
            if (item.Local is { } local)
            {
                return new Plan(local.Flow, local.TraceId, local.Trigger, local.Input, null, null, local.Cause);
            }

            var details = await journal.GetRunAsync(item.RunId, CancellationToken.None).ConfigureAwait(false);
            if (details is null || RunStatusRules.IsFinal(details.Run.Status))
            {
                await journal.CompleteOutboxAsync(item.ItemId, _options.WorkerId, CancellationToken.None).ConfigureAwait(false);
                return null;
            }

            var run = details.Run;
            var flow = _registry.Find(run.FlowId, run.FlowVersion);
            if (flow is null)
            {
                var retryAt = _options.TimeProvider.GetUtcNow() + _options.MissingVersionRetry;
                await journal.DeferOutboxAsync(item.ItemId, _options.WorkerId, retryAt, $"Flow '{run.FlowId}' v{run.FlowVersion} is not loaded in host {_options.WorkerId}.", CancellationToken.None).ConfigureAwait(false);
                HostLog.VersionMissing(_logger, run.RunId, run.FlowId, run.FlowVersion, retryAt);
                return null;
            }

            var traceId = ActivityTraceId.CreateFromString(run.TraceId.AsSpan());
            var cause = new RunCause(run.FlowId, run.RunId, run.CreatedAt, details.Payload);
            var snapshot = await journal.GetSnapshotAsync(item.RunId, CancellationToken.None).ConfigureAwait(false);
            if (snapshot is null)
            {
                var (trigger, input) = RunPayloads.ReadStart(details.Payload, flow.Info.InputType);
                return new Plan(flow, traceId, trigger, input, null, null, cause);
            }

            if (snapshot.Wait.Kind == WaitKind.None)
            {
                return new Plan(flow, traceId, FlowTrigger.Manual, null, snapshot, ResumeSignal.Continue(), cause);
            }

            ResumeSignal? signal = item.Kind switch
            {
                OutboxKind.Timer => ResumeSignal.TimerElapsed(),
                OutboxKind.Resume => RunPayloads.ReadSignal(item.Payload),
                _ => null,
            };
            if (signal is null)
            {
                // A start or continue item for a run that is waiting already: its leg was committed; nothing to do.
                await journal.CompleteOutboxAsync(item.ItemId, _options.WorkerId, CancellationToken.None).ConfigureAwait(false);
                return null;
            }

            return new Plan(flow, traceId, FlowTrigger.Manual, null, snapshot, signal, cause);
        }

        [AsyncMethodBuilder(typeof(PooledTaskBuilder))]
        private async ValueTask EndLegAsync(IRunJournal journal, WorkItem item, IFlowDefinition flow, Leg leg, FlowResult result)
        {
            var steps = leg.Drain();
            RunOutcome? outcome = null;
            FlowSnapshot? snapshot = null;
            switch (result.Status)
            {
                case FlowStatus.Waiting:
                case FlowStatus.Paused:
                    snapshot = RedactSnapshot(result.Snapshot!);
                    break;
                case FlowStatus.Completed:
                    outcome = _redaction.RedactOutcome(new RunOutcome(Serialize(result.Output), result.Message));
                    break;
                case FlowStatus.Failed:
                    outcome = _redaction.RedactOutcome(new RunOutcome(Message: result.Message, Error: result.Error is { } e ? RunError.From(e) : null));
                    snapshot = leg.LastCheckpoint;
                    HostLog.RunFailed(_logger, item.RunId, result.Error?.StepId is { } failedStep ? $"at step '{failedStep}'" : "(a stop step ended it)", _redaction.Redact(result.Error?.Message ?? result.Message) ?? "");
                    break;
                default:
                    outcome = _redaction.RedactOutcome(new RunOutcome(Message: result.Message));
                    break;
            }

            var end = new RunLegEnd
            {
                OutboxItemId = item.ItemId,
                Owner = _options.WorkerId,
                RunId = item.RunId,
                Status = result.Status,
                Steps = steps,
                Snapshot = snapshot,
                Outcome = outcome,
            };
            var held = journal is IPooledRunWrites pooled
                ? await pooled.EndLegAsync(end).ConfigureAwait(false)
                : await journal.EndLegAsync(end, CancellationToken.None).ConfigureAwait(false);
            if (!held)
            {
                throw new LeaseLostException();
            }

            AutomationsTelemetry.LegsEnded.Add(1, new KeyValuePair<string, object?>("status", result.Status.ToString()));
            HostLog.LegEnded(_logger, item.RunId, flow.Info.Id, flow.Info.Version, result.Status, steps.Count);
        }

        /// <summary>A snapshot as the journal keeps it: the values of secrets replaced (field names are kept, it must load back).</summary>
        internal FlowSnapshot RedactSnapshot(FlowSnapshot snapshot)
        {
            var state = _redaction.Values.RedactUtf8(snapshot.State);
            return state is null ? snapshot : new FlowSnapshot(snapshot.FlowId, snapshot.FlowVersion, snapshot.RunId, snapshot.TraceId, snapshot.StepId, snapshot.Wait, state);
        }

        internal static byte[]? Serialize(object? value)
            => value is null ? null : JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), FlowStateSerializer.Options);

        public void Dispose()
        {
            _wakeups.Dispose();
            _hardStop.Dispose();
            _slots.Dispose();
            _pulse.Dispose();
        }

        /// <summary>One leg's observer and checkpoint sink: step tries collect here and go to the journal with each commit.</summary>
        private sealed class Leg : IFlowObserver, IFlowCheckpoints
        {
            private static readonly IdlePool<Leg> s_idle = new(1024);

            private readonly List<StepEntry> _steps = new();
            private RunDispatcher _owner = null!;
            private IRunJournal _journal = null!;
            private WorkItem _item = null!;

            /// <summary>A leg's sink, pooled: given back by <see cref="Release"/> once the leg's flow run is over.</summary>
            public static Leg Rent(RunDispatcher owner, IRunJournal journal, WorkItem item)
            {
                var leg = s_idle.TryRent() ?? new Leg();
                leg._owner = owner;
                leg._journal = journal;
                leg._item = item;
                return leg;
            }

            public FlowSnapshot? LastCheckpoint { get; private set; }

            public bool CancelRequested { get; private set; }

            public void Release()
            {
                lock (_steps)
                {
                    _steps.Clear();
                }

                (_owner, _journal, _item, LastCheckpoint, CancelRequested) = (null!, null!, null!, null, false);
                s_idle.Return(this);
            }

            public void OnStep(in StepRecord record)
            {
                byte[]? output;
                try
                {
                    output = Serialize(record.Output);
                }
                catch (Exception error) when (error is NotSupportedException or JsonException or InvalidOperationException)
                {
                    output = null; // an output JSON cannot hold (a stream, a cycle): the history keeps the step without it
                }

                var entry = StepEntry.From(record, output);
                lock (_steps)
                {
                    _steps.Add(_owner._redaction.RedactStep(entry));
                }
            }

            public IReadOnlyList<StepEntry> Drain()
            {
                lock (_steps)
                {
                    var steps = _steps.ToArray();
                    _steps.Clear();
                    return steps;
                }
            }

            [AsyncMethodBuilder(typeof(PooledTaskBuilder<>))]
            public async ValueTask<CheckpointDecision> SaveAsync(FlowSnapshot snapshot, CancellationToken cancellationToken)
            {
                var redacted = _owner.RedactSnapshot(snapshot);
                var checkpoint = new RunCheckpoint(_item.ItemId, _owner._options.WorkerId, _owner._options.Lease, redacted, Drain());
                var commit = _journal is IPooledRunWrites pooled
                    ? await pooled.SaveCheckpointAsync(checkpoint).ConfigureAwait(false)
                    : await _journal.SaveCheckpointAsync(checkpoint, CancellationToken.None).ConfigureAwait(false);
                if (!commit.LeaseHeld)
                {
                    throw new LeaseLostException();
                }

                LastCheckpoint = redacted;
                switch (commit.Requested)
                {
                    case RunControl.Cancel:
                        CancelRequested = true;
                        return CheckpointDecision.Cancel;
                    case RunControl.Pause:
                        return CheckpointDecision.Pause;
                }

                if (_owner._stopping)
                {
                    throw new HostStoppingException(); // committed: the next host goes on from here
                }

                return CheckpointDecision.Continue;
            }
        }

        private sealed class LeaseLostException : Exception
        {
        }

        private sealed class HostStoppingException : Exception
        {
        }
    }

    /// <summary>A leg to run: a claimed outbox item, or a run this host just started.</summary>
    internal sealed record WorkItem(long ItemId, Guid RunId, OutboxKind Kind, ReadOnlyMemory<byte> Payload, LocalStart? Local = null)
    {
        public static WorkItem From(OutboxItem item) => new(item.Id, item.RunId, item.Kind, item.Payload);

        /// <summary>Not work: what wakes the local work's reader when the worker stops.</summary>
        public static readonly WorkItem Wake = new(0, Guid.Empty, OutboxKind.Start, default);
    }

    /// <summary>What a local start already knows, so its first leg reads nothing back from the journal.</summary>
    internal sealed record LocalStart(IFlowDefinition Flow, ActivityTraceId TraceId, FlowTrigger Trigger, object? Input, RunCause? Cause = null);
}
