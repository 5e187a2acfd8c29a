using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Runtime
{
    /// <summary>
    /// The base of every generated state machine: budgets, goto frames, suspension, retries, compensation
    /// and step records. Generated code derives from it; applications do not.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public abstract class FlowStateMachine
    {
        private readonly FlowInfo _info;
        private readonly int _stepBudget;
        private readonly int _hopBudget;
        private readonly int _maxDepth;
        private readonly FrameStack _frames = new();
        private readonly object _gate = new();
        private int[] _compensations = new int[4];
        private int _compensationCount;
        private FlowRunOptions _options = FlowRunOptions.Default;
        private IFlowObserver? _observer;
        private IFlowCheckpoints? _checkpoints;
        private IActionFakes? _fakes;
        private bool _dirty; // a step ended since the last checkpoint
        private TimeProvider _time = TimeProvider.System;
        private CancellationToken _cancellation;
        private Random? _jitter;
        private List<string>? _secretValues;
        private int _steps;
        private int _hops;
        private WaitSpec _wait;
        private string? _waitStep;
        private string? _stopMessage;
        private ResumeSignal? _signal;
        private RunIds _runIds; // this machine's block of run ids

        // Safeguards (FlowInfo.Safeguards): a flow that declares no budget only ever tests _budgeted at a step's start.
        private readonly TimeSpan? _timeBudget;
        private readonly long _costBudget;
        private readonly bool _budgeted;
        private long _startedTicks; // UTC ticks of the run's start; 0 without a time budget
        private long _deadlineTicks; // UTC ticks past which no step starts; 0 without a time budget
        private long _spent; // what the run's action calls have cost so far

        /// <summary>Called by generated code.</summary>
        protected FlowStateMachine(FlowInfo info, int stepBudget, int gotoHopBudget, int maxSubflowDepth)
        {
            _info = info;
            _stepBudget = stepBudget;
            _hopBudget = gotoHopBudget;
            _maxDepth = maxSubflowDepth;
            var safeguards = info.Safeguards;
            _timeBudget = safeguards.TimeBudget is { Ticks: > 0 } time ? time : null;
            _costBudget = safeguards.CostBudget > 0 ? safeguards.CostBudget : 0;
            _budgeted = _timeBudget is not null || _costBudget > 0;
        }

        /// <summary>The run id.</summary>
        protected Guid RunId { get; private set; }

        // The W3C trace id as two numbers: ActivityTraceId caches its hex string, which would cost an
        // allocation per run; the id is only turned into text when someone reads it.
        private ulong _traceHigh;
        private ulong _traceLow;
        private string? _traceText;

        /// <summary>The W3C trace id of the run: the ambient activity's when the run first needs it, else a random one.</summary>
        protected ActivityTraceId TraceId
        {
            get
            {
                if (_traceHigh == 0 && _traceLow == 0)
                {
                    NewTraceId();
                }

                Span<byte> bytes = stackalloc byte[16];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, _traceHigh);
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes.Slice(8), _traceLow);
                return ActivityTraceId.CreateFromBytes(bytes);
            }
        }

        private void SetTraceId(ActivityTraceId traceId)
        {
            Span<byte> bytes = stackalloc byte[16];
            traceId.CopyTo(bytes);
            _traceHigh = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes);
            _traceLow = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes.Slice(8));
            _traceText = null;
        }

        private void NewTraceId()
        {
            if (Activity.Current is { } activity)
            {
                SetTraceId(activity.TraceId);
                return;
            }

            do
            {
                _traceHigh = (ulong)Random.Shared.NextInt64();
                _traceLow = (ulong)Random.Shared.NextInt64();
            }
            while (_traceHigh == 0 && _traceLow == 0); // all zeros is not a valid W3C trace id
            _traceText = null;
        }

        /// <summary>What a chunk of a large flow returns when the current frame ends.</summary>
        protected const int ReturnFromFrame = -1;

        /// <summary>What a chunk of a large flow returns when the run suspends or stops (see <see cref="ExitStatus"/>).</summary>
        protected const int ExitChunk = -2;

        /// <summary>The status a chunk exited with.</summary>
        protected FlowStatus ExitStatus { get; private set; }

        /// <summary>Leaves a chunk because the run suspends or stops with <paramref name="status"/>.</summary>
        protected int ExitWith(FlowStatus status)
        {
            ExitStatus = status;
            return ExitChunk;
        }

        /// <summary>Where a resumed run continues (0 = the start).</summary>
        protected int Pc { get; set; }

        /// <summary>The scope the current frame entered by goto; its end ends the frame (SPEC §2.3). -1 for none.</summary>
        protected int GotoScope { get; set; } = -1;

        /// <summary>The event that started the run.</summary>
        protected FlowTrigger Trigger { get; private set; } = FlowTrigger.Manual;

        /// <summary>The run's cancellation token.</summary>
        protected CancellationToken Cancellation => _cancellation;

        /// <summary>Frames pushed by run steps and foreach iterations in the main context.</summary>
        protected FrameStack Frames => _frames;

        /// <summary>Runs the flow from <see cref="Pc"/>: the generated straight-line code.</summary>
        protected abstract ValueTask<FlowStatus> ExecuteAsync();

        /// <summary>Runs the compensation registered as <paramref name="id"/>.</summary>
        protected virtual ValueTask CompensateAsync(int id, CancellationToken cancellationToken) => default;

        /// <summary>Writes the generated fields.</summary>
        protected abstract void WriteFields(FlowStateWriter writer);

        /// <summary>Reads the generated fields back.</summary>
        protected abstract void ReadFields(FlowStateReader reader);

        /// <summary>Clears the generated fields so a pooled machine holds no data of a finished run.</summary>
        protected abstract void ClearFields();

        /// <summary>The flow output (its <c>output</c> variable), when it declares one.</summary>
        protected virtual object? GetOutput() => null;

        /// <summary>Starts a new run.</summary>
        protected ValueTask<FlowResult> StartAsync(FlowRunOptions? options, CancellationToken cancellationToken)
        {
            Begin(options, cancellationToken);
            RunId = _options.RunId == Guid.Empty ? _runIds.Next() : _options.RunId;
            _traceHigh = _traceLow = 0; // made on first use: most in-memory runs never need one
            _traceText = null;
            if (_options.TraceId is { } traceId)
            {
                SetTraceId(traceId);
            }

            if (_timeBudget is { } budget)
            {
                StartClock(_options.StartedAt ?? _time.GetUtcNow(), budget);
            }

            return ExecuteGuardedAsync();
        }

        /// <summary>Resumes a suspended run from its snapshot.</summary>
        protected ValueTask<FlowResult> ResumeCoreAsync(FlowSnapshot snapshot, ResumeSignal signal, FlowRunOptions? options, CancellationToken cancellationToken)
        {
            if (snapshot is null)
            {
                throw new ArgumentNullException(nameof(snapshot));
            }

            if (signal is null)
            {
                throw new ArgumentNullException(nameof(signal));
            }

            if (!string.Equals(snapshot.FlowId, _info.Id, StringComparison.Ordinal) || snapshot.FlowVersion != _info.Version)
            {
                throw new ArgumentException(
                    $"The snapshot belongs to flow '{snapshot.FlowId}' v{snapshot.FlowVersion}, not '{_info.Id}' v{_info.Version}; resume it with the flow version it started on.",
                    nameof(snapshot));
            }

            CheckSignal(snapshot, signal);
            Begin(options, cancellationToken);
            RunId = snapshot.RunId;
            SetTraceId(ActivityTraceId.CreateFromString(snapshot.TraceId.AsSpan()));
            var reader = new FlowStateReader(snapshot.State);
            Pc = reader.Read<int>("$pc");
            GotoScope = reader.Read<int>("$goto");
            _steps = reader.Read<int>("$steps");
            _hops = reader.Read<int>("$hops");
            _frames.Load(reader.Read<int[]>("$frames") ?? Array.Empty<int>());
            Trigger = reader.Read<FlowTrigger>("$trigger") ?? FlowTrigger.Manual;
            var compensations = reader.Read<int[]>("$comp") ?? Array.Empty<int>();
            _compensations = compensations.Length == 0 ? new int[4] : compensations;
            _compensationCount = compensations.Length;
            if (_budgeted)
            {
                // The deadline and the spend travel with the run: resumed in another process days later, it keeps both.
                _spent = reader.Read<long>("$spent");
                _startedTicks = reader.Read<long>("$started");
                _deadlineTicks = reader.Read<long>("$deadline");
                if (_timeBudget is { } budget && _deadlineTicks == 0)
                {
                    // A snapshot taken before the flow had its budget (or by hand): the run's start as the host knows it, else now.
                    StartClock(_options.StartedAt ?? _time.GetUtcNow(), budget);
                }
            }

            ReadFields(reader);
            _signal = signal.Kind == ResumeKind.Continue ? null : signal; // a checkpoint resumes at a step start, which takes no signal
            return ExecuteGuardedAsync();
        }

        /// <summary>Puts the machine back in its pool once a run is over.</summary>
        protected abstract void ReturnToPool();

        /// <summary>Starts a new run and pools the machine when it ends; no async frame when it ends synchronously.</summary>
        protected ValueTask<FlowResult> StartPooled(FlowRunOptions? options, CancellationToken cancellationToken)
        {
            ValueTask<FlowResult> pending;
            try
            {
                pending = StartAsync(options, cancellationToken);
            }
            catch
            {
                ReturnToPool();
                throw;
            }

            return Pooled(pending);
        }

        /// <summary>Resumes a run and pools the machine when it ends.</summary>
        protected ValueTask<FlowResult> ResumePooled(FlowSnapshot snapshot, ResumeSignal signal, FlowRunOptions? options, CancellationToken cancellationToken)
        {
            ValueTask<FlowResult> pending;
            try
            {
                pending = ResumeCoreAsync(snapshot, signal, options, cancellationToken);
            }
            catch
            {
                ReturnToPool();
                throw;
            }

            return Pooled(pending);
        }

        private ValueTask<FlowResult> Pooled(ValueTask<FlowResult> pending)
        {
            if (pending.IsCompletedSuccessfully)
            {
                var result = pending.Result;
                ReturnToPool();
                return new ValueTask<FlowResult>(result);
            }

            return AwaitThenPoolAsync(pending);
        }

        [AsyncMethodBuilder(typeof(PooledTaskBuilder<>))]
        private async ValueTask<FlowResult> AwaitThenPoolAsync(ValueTask<FlowResult> pending)
        {
            try
            {
                return await pending.ConfigureAwait(false);
            }
            finally
            {
                ReturnToPool();
            }
        }

        // ---- the straight path ---------------------------------------------------------------------------
        // A run with no options and no cancellation token of a flow that cannot suspend, await, retry, loop or jump
        // needs none of the machine: no observer, journal, clock, budget or snapshot can be involved. The generator
        // emits such a flow's steps a second time as a static method over locals, and these build its result.

        [ThreadStatic]
        private static RunIds t_straightRunIds; // the thread's block of run ids for straight runs (no machine holds one)

        /// <summary>The result of a straight run that reached its end (called by generated code).</summary>
        /// <param name="output">The flow's output variable, or null when it declares none.</param>
        protected static FlowResult StraightCompleted(object? output)
            => new(NextStraightRunId(), FlowStatus.Completed, output, null, null, null);

        /// <summary>The result of a straight run whose step <paramref name="stepId"/> failed for good (called by generated code).</summary>
        /// <remarks>The same error as the machine's <see cref="FlowStepFailedException"/> gives; no secret can be in it, as a straight flow resolves none.</remarks>
        protected static FlowResult StraightStepFailed(string stepId, Exception error)
            => new(NextStraightRunId(), FlowStatus.Failed, null, null, new FlowError(stepId, error.Message, error.GetType().FullName), null);

        /// <summary>The result of a straight run ended by a stop step (called by generated code).</summary>
        /// <param name="status">The stop's status.</param>
        /// <param name="message">The stop's message.</param>
        /// <param name="output">The flow's output variable, or null when it declares none; kept only when the stop completes the run.</param>
        protected static FlowResult StraightStopped(FlowStatus status, string? message, object? output)
        {
            var error = status == FlowStatus.Failed ? new FlowError(null, message ?? "The run was stopped as failed.", null) : null;
            return new(NextStraightRunId(), status, status == FlowStatus.Completed ? output : null, message, error, null);
        }

        // One look-up of the thread's block, not one per field.
        private static Guid NextStraightRunId()
        {
            ref var ids = ref t_straightRunIds;
            return ids.Next();
        }

        /// <summary>Forgets the finished run so the machine can be pooled.</summary>
        protected void Release()
        {
            ClearFields();
            _options = FlowRunOptions.Default;
            Trigger = FlowTrigger.Manual;
            _observer = null;
            _checkpoints = null;
            _fakes = null;
            _signal = null;
            _secretValues = null;
            _stopMessage = null;
            _waitStep = null;
            _wait = default;
            _cancellation = default;
        }

        private void Begin(FlowRunOptions? options, CancellationToken cancellationToken)
        {
            _options = options ?? FlowRunOptions.Default;
            _observer = _options.Observer;
            _checkpoints = _options.Checkpoints;
            _fakes = _options.Fakes;
            _dirty = false;
            _time = _options.TimeProvider ?? TimeProvider.System;
            _jitter = _options.JitterSeed is { } seed ? new Random(seed) : null;
            _cancellation = cancellationToken;
            Trigger = _options.Trigger ?? FlowTrigger.Manual;
            _steps = 0;
            _hops = 0;
            _compensationCount = 0;
            _spent = 0;
            _startedTicks = 0;
            _deadlineTicks = 0;
            _frames.Clear();
            Pc = 0;
            GotoScope = -1;
        }

        private ValueTask<FlowResult> ExecuteGuardedAsync()
        {
            // Fast path without an async frame of our own: a run that completes synchronously costs nothing here.
            var pending = ExecuteAsync();
            return pending.IsCompletedSuccessfully
                ? new ValueTask<FlowResult>(Finish(pending.Result))
                : AwaitExecutionAsync(pending);
        }

        [AsyncMethodBuilder(typeof(PooledTaskBuilder<>))]
        private async ValueTask<FlowResult> AwaitExecutionAsync(ValueTask<FlowStatus> pending)
        {
            FlowStatus status;
            try
            {
                status = await pending.ConfigureAwait(false);
            }
            catch (FlowStepFailedException failure)
            {
                return new FlowResult(RunId, FlowStatus.Failed, null, null, new FlowError(failure.StepId, Redact(failure.Reason), failure.ExceptionType), null);
            }
            catch (FlowLimitException limit)
            {
                return new FlowResult(RunId, FlowStatus.Failed, null, null, new FlowError(null, limit.Message, null), null);
            }
            catch (FlowStopException stop)
            {
                return Stopped(stop.Status, stop.StopMessage);
            }
            catch (FlowPauseException pause)
            {
                return new FlowResult(RunId, FlowStatus.Paused, null, null, null, pause.Checkpoint);
            }
            catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
            {
                return new FlowResult(RunId, FlowStatus.Cancelled, null, null, null, null);
            }

            return Finish(status);
        }

        private FlowResult Finish(FlowStatus status) => status switch
        {
            FlowStatus.Waiting => new FlowResult(RunId, FlowStatus.Waiting, null, null, null, Snapshot(_waitStep ?? "", _wait)),
            FlowStatus.Completed => new FlowResult(RunId, FlowStatus.Completed, GetOutput(), _stopMessage, null, null),
            _ => Stopped(status, _stopMessage),
        };

        private FlowResult Stopped(FlowStatus status, string? message)
        {
            var error = status == FlowStatus.Failed ? new FlowError(null, Redact(message ?? "The run was stopped as failed."), null) : null;
            return new FlowResult(RunId, status, status == FlowStatus.Completed ? GetOutput() : null, message, error, null);
        }

        private FlowSnapshot Snapshot(string stepId, WaitSpec wait)
        {
            // The buffer and JSON writer are the thread's, reused from one snapshot to the next: a snapshot costs its
            // bytes and nothing else. Rented while in use, so a field's serializer that snapshots another run gets its own.
            var scratch = JsonScratch.Rent();
            byte[] state;
            try
            {
                var json = scratch.Json;
                json.WriteStartObject();
                var writer = new FlowStateWriter(json);
                writer.WriteInt("$pc", Pc);
                writer.WriteInt("$goto", GotoScope);
                writer.WriteInt("$steps", _steps);
                writer.WriteInt("$hops", _hops);
                writer.WriteInts("$frames", _frames.Items);
                writer.Write("$trigger", Trigger);
                writer.WriteInts("$comp", _compensations.AsSpan(0, _compensationCount));
                if (_budgeted)
                {
                    writer.WriteLong("$spent", Interlocked.Read(ref _spent));
                    writer.WriteLong("$started", _startedTicks);
                    writer.WriteLong("$deadline", _deadlineTicks);
                }

                WriteFields(writer);
                json.WriteEndObject();
                state = scratch.Written.ToArray();
            }
            finally
            {
                scratch.Return();
            }

            return new FlowSnapshot(_info.Id, _info.Version, RunId, _traceText ??= TraceId.ToHexString(), stepId, wait, state);
        }

        /// <summary>True when the run takes checkpoints and a step ended since the last one.</summary>
        protected bool CheckpointDue => _dirty && _checkpoints is not null;

        /// <summary>
        /// Commits the run before step <paramref name="stepId"/> starts at <paramref name="pc"/> (a durable flow's step
        /// boundary), then goes on, pauses or cancels as the checkpoint sink says.
        /// </summary>
        [AsyncMethodBuilder(typeof(PooledTaskBuilder))]
        protected async ValueTask CheckpointAsync(int pc, string stepId)
        {
            Pc = pc;
            _dirty = false;
            var snapshot = Snapshot(stepId, new WaitSpec(WaitKind.None, null, null, null, null, null));
            var decision = await _checkpoints!.SaveAsync(snapshot, _cancellation).ConfigureAwait(false);
            switch (decision)
            {
                case CheckpointDecision.Pause:
                    throw new FlowPauseException(snapshot);
                case CheckpointDecision.Cancel:
                    throw new FlowStopException(FlowStatus.Cancelled, "The run was cancelled by an operator.");
            }
        }

        private static void CheckSignal(FlowSnapshot snapshot, ResumeSignal signal)
        {
            var wait = snapshot.Wait;
            var fits = signal.Kind switch
            {
                ResumeKind.TimerElapsed => wait.Kind == WaitKind.Timer || wait.Until is not null,
                ResumeKind.Event => wait.Kind == WaitKind.Event && string.Equals(wait.EventName, signal.EventName, StringComparison.Ordinal),
                ResumeKind.Approval => wait.Kind == WaitKind.Approval,
                ResumeKind.SubflowCompleted => wait.Kind == WaitKind.Subflow,
                ResumeKind.Continue => wait.Kind == WaitKind.None,
                _ => false,
            };
            if (!fits)
            {
                var awaited = wait.Kind switch
                {
                    WaitKind.Event => $"waits at step '{snapshot.StepId}' for event '{wait.EventName}'",
                    WaitKind.None => $"is checkpointed before step '{snapshot.StepId}' (resume it with ResumeSignal.Continue())",
                    _ => $"waits at step '{snapshot.StepId}' for {wait.Kind.ToString().ToLowerInvariant()}",
                };
                throw new ArgumentException(
                    $"Run {snapshot.RunId:N} {awaited}; it cannot resume with {signal.Kind}{(signal.EventName is null ? "" : " '" + signal.EventName + "'")}.",
                    nameof(signal));
            }
        }

        /// <summary>Starts a try of a step in the main context: cancellation, the step budget, and the start time.</summary>
        /// <remarks>The main context never runs at the same time as branches (it awaits them), so a plain count is safe.</remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        protected DateTimeOffset BeginStep(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (++_steps > _stepBudget)
            {
                ThrowStepBudget();
            }

            if (_budgeted)
            {
                CheckBudgets();
            }

            return _observer is null ? default : _time.GetUtcNow();
        }

        /// <summary>
        /// Starts a try of a step of a flow whose step executions are bounded at build time below its budget (no goto,
        /// loop or call, retries counted): cancellation and the start time, no budget.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        protected DateTimeOffset BeginBoundedStep(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_budgeted)
            {
                CheckBudgets();
            }

            return _observer is null ? default : _time.GetUtcNow();
        }

        /// <summary>Starts a try of a step inside a parallel branch or a parallel foreach body.</summary>
        protected DateTimeOffset BeginConcurrentStep(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Interlocked.Increment(ref _steps) > _stepBudget)
            {
                ThrowStepBudget();
            }

            if (_budgeted)
            {
                CheckBudgets();
            }

            return _observer is null ? default : _time.GetUtcNow();
        }

        private void StartClock(DateTimeOffset startedAt, TimeSpan budget)
        {
            _startedTicks = startedAt.UtcTicks;
            _deadlineTicks = DateTimeOffset.MaxValue.UtcTicks - _startedTicks <= budget.Ticks ? DateTimeOffset.MaxValue.UtcTicks : _startedTicks + budget.Ticks;
        }

        /// <summary>The time and cost budgets at a step's start: a run past its deadline, or that spent more than its budget, fails here.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)] // out of the steps' code: flows without budgets never call it
        private void CheckBudgets()
        {
            if (_deadlineTicks != 0 && _time.GetUtcNow().UtcTicks > _deadlineTicks)
            {
                var started = new DateTimeOffset(_startedTicks, TimeSpan.Zero);
                throw new FlowLimitException(
                    $"The run exceeded its time budget of {_timeBudget!.Value.ToString("c", CultureInfo.InvariantCulture)} (started at {started.ToString("u", CultureInfo.InvariantCulture)}).");
            }

            var spent = Interlocked.Read(ref _spent);
            if (_costBudget > 0 && spent > _costBudget)
            {
                // Only reported costs (StepContext.ReportCost) get past the budget: a declared cost is refused before the call.
                throw new FlowLimitException(
                    $"The run's action calls cost {spent.ToString("N0", CultureInfo.InvariantCulture)}, over its cost budget of {_costBudget.ToString("N0", CultureInfo.InvariantCulture)}.");
            }
        }

        /// <summary>
        /// Spends <paramref name="cost"/> of the run's cost budget before a try of action step <paramref name="stepId"/> (called by
        /// generated code for actions with a declared cost): a try the budget cannot pay for fails the run before the call.
        /// </summary>
        protected void Charge(long cost, string stepId)
        {
            if (_costBudget <= 0 || cost <= 0)
            {
                return;
            }

            var spent = Interlocked.Add(ref _spent, cost);
            if (spent > _costBudget)
            {
                Interlocked.Add(ref _spent, -cost); // not called, so not spent
                throw new FlowLimitException(
                    $"The run's action calls would cost {spent.ToString("N0", CultureInfo.InvariantCulture)}, over its cost budget of {_costBudget.ToString("N0", CultureInfo.InvariantCulture)} (step '{stepId}').");
            }
        }

        /// <summary>What an action reported through <see cref="StepContext.ReportCost"/>: added to the run's spend, checked at the next step.</summary>
        internal void ReportCost(long cost)
        {
            if (cost > 0)
            {
                Interlocked.Add(ref _spent, cost);
            }
        }

        private void ThrowStepBudget()
            => throw new FlowLimitException($"The run exceeded its step budget of {_stepBudget} step executions.");

        private void ThrowHopBudget()
            => throw new FlowLimitException($"The run exceeded its goto-hop budget of {_hopBudget} jumps.");

        /// <summary>A step finished and chose <paramref name="endpoint"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        protected void StepDone(string stepId, int attempt, DateTimeOffset startedAt, string? endpoint)
        {
            _dirty = true;
            if (_observer is { } observer)
            {
                observer.OnStep(new StepRecord(_info.Id, RunId, stepId, attempt, endpoint, StepStatus.Succeeded, startedAt, _time.GetUtcNow(), null));
            }
        }

        /// <summary>A step finished with <paramref name="output"/> and chose <paramref name="endpoint"/>; the output is boxed only for an observer.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        protected void StepDone<T>(string stepId, int attempt, DateTimeOffset startedAt, string? endpoint, T output)
        {
            _dirty = true;
            if (_observer is { } observer)
            {
                observer.OnStep(new StepRecord(_info.Id, RunId, stepId, attempt, endpoint, StepStatus.Succeeded, startedAt, _time.GetUtcNow(), null, output));
            }
        }

        /// <summary>A step try failed.</summary>
        protected void StepFailed(string stepId, int attempt, DateTimeOffset startedAt, Exception error, string? endpoint)
        {
            _dirty = true;
            if (_observer is { } observer)
            {
                observer.OnStep(new StepRecord(_info.Id, RunId, stepId, attempt, endpoint, StepStatus.Failed, startedAt, _time.GetUtcNow(), Redact(error.Message)));
            }
        }

        /// <summary>True for an exception a step's error handling owns; false for cancellation and engine signals.</summary>
        protected static bool IsStepFailure(Exception error, CancellationToken cancellationToken)
            => error is not FlowControlException && !(error is OperationCanceledException && cancellationToken.IsCancellationRequested);

        /// <summary>True for a failure of a parallel branch or foreach item (a failed step inside it), or of the step itself.</summary>
        protected static bool IsBranchFailure(Exception error, CancellationToken cancellationToken)
            => error is FlowStepFailedException || IsStepFailure(error, cancellationToken);

        /// <summary>The exception that fails the run at <paramref name="stepId"/>; a branch's failure keeps the step that failed.</summary>
        protected static Exception Failure(string stepId, Exception error)
            => error as FlowStepFailedException ?? new FlowStepFailedException(stepId, error);

        /// <summary>A suspended step wakes up: cancellation, and the time it resumed (no budget: it is the same execution).</summary>
        protected DateTimeOffset ResumeStep(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_budgeted)
            {
                CheckBudgets(); // a run that waited past its deadline fails as it wakes
            }

            return _observer is null ? default : _time.GetUtcNow();
        }

        /// <summary>Counts a goto jump of the main context against the hop budget.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        protected void Hop()
        {
            if (++_hops > _hopBudget)
            {
                ThrowHopBudget();
            }
        }

        /// <summary>Counts a goto jump inside a parallel branch or a parallel foreach body.</summary>
        protected void ConcurrentHop()
        {
            if (Interlocked.Increment(ref _hops) > _hopBudget)
            {
                ThrowHopBudget();
            }
        }

        /// <summary>The run's clock now (CEL's <c>now</c> in JSON flows).</summary>
        protected DateTimeOffset Now => _time.GetUtcNow();

        /// <summary>Waits before try <paramref name="nextAttempt"/> of a step, on the run's <see cref="TimeProvider"/>.</summary>
        protected ValueTask RetryDelayAsync(int nextAttempt, int initialDelayMs, double multiplier, int maxDelayMs, double jitter, CancellationToken cancellationToken)
        {
            var sample = jitter <= 0 ? 0.5 : NextJitterSample();
            var delay = RetryDelays.Compute(nextAttempt, initialDelayMs, multiplier, maxDelayMs, jitter, sample);
            return delay <= TimeSpan.Zero ? default : new ValueTask(Task.Delay(delay, _time, cancellationToken));
        }

        private double NextJitterSample()
        {
            if (_jitter is { } random)
            {
                lock (random)
                {
                    return random.NextDouble();
                }
            }

            return Random.Shared.NextDouble();
        }

        /// <summary>Suspends the run at <paramref name="pc"/> until <paramref name="wait"/> is satisfied.</summary>
        protected FlowStatus Suspend(int pc, string stepId, int attempt, DateTimeOffset startedAt, WaitSpec wait)
        {
            Pc = pc;
            _wait = wait.Resolve(_time.GetUtcNow());
            _waitStep = stepId;
            if (_observer is { } observer)
            {
                observer.OnStep(new StepRecord(_info.Id, RunId, stepId, attempt, null, StepStatus.Suspended, startedAt, _time.GetUtcNow(), null));
            }

            return FlowStatus.Waiting;
        }

        /// <summary>The signal a resumed run woke up with.</summary>
        protected ResumeSignal TakeSignal()
        {
            var signal = _signal ?? throw new InvalidOperationException("The run resumed without a signal.");
            _signal = null;
            return signal;
        }

        /// <summary>Ends the run now with <paramref name="status"/> (a stop step).</summary>
        protected FlowStatus Stop(FlowStatus status, string? message)
        {
            _stopMessage = message;
            return status;
        }

        /// <summary>Ends the run from inside concurrent work (a stop step in a branch).</summary>
        protected static Exception StopFromBranch(FlowStatus status, string? message) => new FlowStopException(status, message);

        /// <summary>Remembers that compensation <paramref name="id"/> undoes a completed step.</summary>
        protected void PushCompensation(int id)
        {
            lock (_gate)
            {
                if (_compensationCount == _compensations.Length)
                {
                    Array.Resize(ref _compensations, _compensations.Length * 2);
                }

                _compensations[_compensationCount++] = id;
            }
        }

        /// <summary>Runs the compensations of completed steps, newest first (SPEC §4 rollback).</summary>
        protected async ValueTask RollbackAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                int id;
                lock (_gate)
                {
                    if (_compensationCount == 0)
                    {
                        return;
                    }

                    id = _compensations[--_compensationCount];
                }

                await CompensateAsync(id, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Records a compensation's outcome.</summary>
        protected void Compensated(string stepId, DateTimeOffset startedAt, Exception? error)
        {
            _dirty = true;
            if (_observer is { } observer)
            {
                observer.OnStep(new StepRecord(_info.Id, RunId, stepId, 1, "compensate", error is null ? StepStatus.Compensated : StepStatus.Failed, startedAt, _time.GetUtcNow(), error is null ? null : Redact(error.Message)));
            }
        }

        /// <summary>The start time of a compensation.</summary>
        protected DateTimeOffset BeginCompensation() => _observer is null ? default : _time.GetUtcNow();

        /// <summary>What a step method sees of the run.</summary>
        protected StepContext Context(string stepId, int attempt, CancellationToken cancellationToken)
            => new(_info.Id, RunId, stepId, attempt, cancellationToken, _costBudget > 0 ? this : null);

        /// <summary>Resolves a secret at call time and remembers its value for redaction.</summary>
        protected async ValueTask<string> SecretAsync(string name, CancellationToken cancellationToken)
        {
            var resolver = _options.Secrets ?? EnvironmentSecretResolver.Instance;
            var value = await resolver.ResolveAsync(name, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Secret '{name}' is not defined; configure it in the secret resolver.");
            if (value.Length > 0)
            {
                lock (_gate)
                {
                    (_secretValues ??= new List<string>()).Add(value);
                }
            }

            return value;
        }

        /// <summary>Replaces every secret value resolved in this run by <c>***</c>.</summary>
        protected string Redact(string text)
        {
            var secrets = _secretValues;
            if (secrets is null)
            {
                return text;
            }

            lock (_gate)
            {
                foreach (var secret in secrets)
                {
                    text = text.Replace(secret, "***", StringComparison.Ordinal);
                }
            }

            return text;
        }

        /// <summary>Whether the run has stand-ins for its actions (<see cref="FlowRunOptions.Fakes"/>): one field test per action step.</summary>
        protected bool Faking => _fakes is not null;

        /// <summary>Asks the run's fakes for try <paramref name="attempt"/> of action step <paramref name="stepId"/>; only called when <see cref="Faking"/>.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)] // kept out of the steps' code: a run without fakes never gets here
        protected bool Fake<T>(string stepId, int attempt, out T result) => _fakes!.TryFake(stepId, attempt, out result);

        /// <summary>Asks the run's fakes for the compensation of <paramref name="stepId"/>; only called when <see cref="Faking"/>.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        protected bool FakeCompensation(string stepId) => _fakes!.TryFakeCompensation(stepId);

        /// <summary>The record store of the run.</summary>
        protected IRecordStore Records
            => _options.Records ?? throw new InvalidOperationException("This flow has record steps, but no IRecordStore is configured; set FlowRunOptions.Records.");

        /// <summary>Runs a subflow as a child run and returns its result.</summary>
        protected ValueTask<FlowResult> RunSubflowAsync(string flowId, int version, object? input, CancellationToken cancellationToken)
        {
            if (_options.Depth + 1 > _maxDepth)
            {
                throw new FlowLimitException($"The run exceeded its subflow depth of {_maxDepth} starting '{flowId}'.");
            }

            var catalog = _options.Flows ?? throw new InvalidOperationException($"Subflow '{flowId}' cannot start: no FlowCatalog is configured; set FlowRunOptions.Flows.");
            var child = catalog.Find(flowId, version)
                ?? throw new InvalidOperationException($"Subflow '{flowId}'{(version == 0 ? "" : " v" + version)} is not in the flow catalog.");
            var options = new FlowRunOptions
            {
                Observer = _options.Observer,
                TimeProvider = _time,
                Secrets = _options.Secrets,
                Records = _options.Records,
                Flows = catalog,
                Depth = _options.Depth + 1,
                JitterSeed = _options.JitterSeed,
            };
            return child.RunAsync(input, options, cancellationToken);
        }

        /// <summary>The output of a finished child run; throws when it did not complete.</summary>
        protected static object? SubflowOutput(FlowResult child) => child.Status switch
        {
            FlowStatus.Completed => child.Output,
            FlowStatus.Failed => throw new InvalidOperationException($"Subflow failed: {child.Error}"),
            _ => throw new InvalidOperationException($"Subflow ended {child.Status}."),
        };

        /// <summary>The wait that suspends this run until <paramref name="child"/> ends.</summary>
        protected static WaitSpec AwaitSubflow(FlowResult child)
            => new(WaitKind.Subflow, null, null, null, null, child.Snapshot);

        /// <summary>Runs parallel branches; the first failure cancels the others unless <paramref name="cancelOnFailure"/> is false.</summary>
        protected static async ValueTask RunBranchesAsync(Func<CancellationToken, ValueTask>[] branches, bool cancelOnFailure, CancellationToken cancellationToken)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Exception? first = null;
            var tasks = new Task[branches.Length];
            for (var i = 0; i < branches.Length; i++)
            {
                var branch = branches[i];
                tasks[i] = Task.Run(
                    async () =>
                    {
                        try
                        {
                            await branch(linked.Token).ConfigureAwait(false);
                        }
                        catch (Exception error) when (error is not OperationCanceledException || !linked.IsCancellationRequested)
                        {
                            Interlocked.CompareExchange(ref first, error, null);
                            if (cancelOnFailure)
                            {
                                linked.Cancel();
                            }
                        }
                    },
                    CancellationToken.None);
            }

            try
            {
                await Task.WhenAll(tasks).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (first is not null)
            {
            }

            cancellationToken.ThrowIfCancellationRequested();

            // With onError: continue, a failed branch does not fail the step; a budget or a stop still ends the run.
            if (first is not null && (cancelOnFailure || first is FlowLimitException or FlowStopException))
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
            }
        }

        /// <summary>Runs a foreach body for every item, at most <paramref name="parallelism"/> at once.</summary>
        protected static async ValueTask ForEachParallelAsync<T>(IReadOnlyList<T> items, int parallelism, Func<T, int, CancellationToken, ValueTask> body, bool cancelOnFailure, CancellationToken cancellationToken)
        {
            var branches = new Func<CancellationToken, ValueTask>[items.Count];
            using var gate = new SemaphoreSlim(parallelism);
            for (var i = 0; i < items.Count; i++)
            {
                var index = i;
                branches[i] = async token =>
                {
                    await gate.WaitAsync(token).ConfigureAwait(false);
                    try
                    {
                        await body(items[index], index, token).ConfigureAwait(false);
                    }
                    finally
                    {
                        gate.Release();
                    }
                };
            }

            await RunBranchesAsync(branches, cancelOnFailure, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Materialises foreach items once, so a suspended run resumes over the same list.</summary>
        protected static IReadOnlyList<T> Items<T>(IEnumerable<T>? items) => items switch
        {
            null => Array.Empty<T>(),
            IReadOnlyList<T> list => list,
            _ => new List<T>(items),
        };
    }
}
