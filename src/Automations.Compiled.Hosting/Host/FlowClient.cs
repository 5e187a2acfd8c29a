using System;
using System.Collections.Generic;
using System.Linq;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting
{
    /// <summary>The <see cref="IFlowClient"/> of a host: the journal is the truth, the local pool runs what this host starts.</summary>
    internal sealed class FlowClient : IFlowClient
    {
        private static readonly FlowStartOptions NoOptions = new(); // read, never changed: one for every start without options

        private readonly RunDispatcher _dispatcher;

        public FlowClient(RunDispatcher dispatcher) => _dispatcher = dispatcher;

        private ValueTask<IRunJournal> Journal(CancellationToken cancellationToken) => _dispatcher.Journal.GetAsync(cancellationToken);

        public Task<FlowRun> StartAsync<TFlow>(object? input = null, FlowStartOptions? options = null, CancellationToken cancellationToken = default)
            where TFlow : IFlowDefinition
        {
            var flows = _dispatcher.Registry.All;
            for (var i = 0; i < flows.Count; i++) // an index, not the list's boxed enumerator
            {
                if (flows[i] is TFlow)
                {
                    return StartAsync(flows[i].Info.Id, input, options, cancellationToken);
                }
            }

            throw new ArgumentException($"{typeof(TFlow).Name} is not hosted; add it with AddAutomations(o => o.AddFlow<{typeof(TFlow).Name}>()).", nameof(TFlow));
        }

        public Task<FlowRun> StartAsync(string flowId, object? input = null, FlowStartOptions? options = null, CancellationToken cancellationToken = default)
        {
            IFlowDefinition flow;
            FlowTrigger trigger;
            try
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(flowId);
                options ??= NoOptions;
                flow = _dispatcher.Registry.Find(flowId, options.Version)
                    ?? throw new ArgumentException(options.Version == 0
                        ? $"Flow '{flowId}' is not hosted; add it with AddAutomations(o => o.AddFlow<TFlow>())."
                        : $"Flow '{flowId}' v{options.Version} is not hosted.", nameof(flowId));
                CheckRoles(flow.Info, options.CallerRoles);
                if (input is System.Text.Json.JsonElement json && flow.Info.InputType != typeof(System.Text.Json.JsonElement))
                {
                    input = FlowInputs.FromJson(flow.Info, json);
                }

                CheckInput(flow.Info, input);
                trigger = options.Trigger ?? FlowTrigger.Manual;
            }
            catch (Exception error)
            {
                return Task.FromException<FlowRun>(error); // as an async method would: the caller sees it when it awaits
            }

            // A hot flow runs in memory, here and now (it cannot suspend: analyzer rule AUTO5005); the others are journaled.
            return flow.Info.Journal == JournalMode.None
                ? RunInMemoryAsync(flow, input, options, trigger, cancellationToken)
                : StartDurableAsync(flow, input, options, trigger, cancellationToken);
        }

        private async Task<FlowRun> RunInMemoryAsync(IFlowDefinition flow, object? input, FlowStartOptions options, FlowTrigger trigger, CancellationToken cancellationToken)
        {
            // Nothing of it is journaled, so the journal cannot refuse it: the host's view of the kill switches does.
            var now = _dispatcher.Options.TimeProvider.GetUtcNow();
            var chain = RunCause.Current?.ChainForChild();
            var refusal = _dispatcher.KillRefusal(flow.Info) ?? _dispatcher.PolicyRefusal(flow.Info) ?? Safeguards.Refusal(flow.Info, chain, options.Subject, now, _dispatcher.Options.Safeguards);
            if (refusal is not null)
            {
                return Refused(flow, Guid.Empty, refusal, options);
            }

            var runId = options.RunId == Guid.Empty ? Guid.CreateVersion7() : options.RunId;
            RunCause.Current = new RunCause(flow.Info.Id, runId, now, chain, options.Subject); // what its steps start is caused by it
            var result = await flow.RunAsync(input, _dispatcher.RunOptions(trigger, runId), cancellationToken).ConfigureAwait(false);
            return new FlowRun(runId, true, flow.Info.Id, flow.Info.Version, result);
        }

        /// <summary>Accepts the run into the journal (durable once this returns) and, when this host may, runs its first leg here.</summary>
        private async Task<FlowRun> StartDurableAsync(IFlowDefinition flow, object? input, FlowStartOptions options, FlowTrigger trigger, CancellationToken cancellationToken)
        {
            var journal = await Journal(cancellationToken).ConfigureAwait(false);
            var traceId = Activity.Current?.TraceId is { } ambient && ambient != default ? ambient : ActivityTraceId.CreateRandom();
            // A flow with a concurrency limit goes through the queue: a worker claims it when the flow has room, and until then
            // it shows as pending (a local lease would show it running while it waits for a place).
            var local = _dispatcher.Accepting && !_dispatcher.Stopping && _dispatcher.CanTakeLocal && flow.Info.Safeguards.MaxConcurrentRuns == 0;

            // A run started by a running run's steps carries the chain, so a loop across flows is seen and stopped.
            var chain = RunCause.Current?.ChainForChild();
            var now = _dispatcher.Options.TimeProvider.GetUtcNow();
            var refusal = _dispatcher.PolicyRefusal(flow.Info) ?? Safeguards.Refusal(flow.Info, chain, options.Subject, now, _dispatcher.Options.Safeguards);
            var run = NewRun(flow, input, options, trigger, traceId, local, chain, refusal);
            var start = journal is IPooledRunWrites pooled
                ? await pooled.StartRunAsync(run, cancellationToken).ConfigureAwait(false)
                : await journal.StartRunAsync(run, cancellationToken).ConfigureAwait(false);

            if (start.Refusal is { } refused)
            {
                return Refused(flow, start.RunId, refused, options);
            }

            if (start.Created)
            {
                AutomationsTelemetry.RunsStarted.Add(1);
                if (local && start.OutboxItemId != 0 && start.QueuedUntil is null)
                {
                    var cause = new RunCause(flow.Info.Id, start.RunId, now, chain, options.Subject);
                    _dispatcher.EnqueueLocal(new WorkItem(start.OutboxItemId, start.RunId, OutboxKind.Start, default, new LocalStart(flow, traceId, trigger, input, cause)));
                }
                else
                {
                    _dispatcher.Pulse();
                }
            }

            return new FlowRun(start.RunId, start.Created, flow.Info.Id, flow.Info.Version, QueuedUntil: start.QueuedUntil);
        }

        /// <summary>A start a safeguard refused: logged, and thrown to a caller, or returned to the host's own triggers.</summary>
        private FlowRun Refused(IFlowDefinition flow, Guid runId, RunError refusal, FlowStartOptions options)
        {
            AutomationsTelemetry.RunsRefused.Add(1, new KeyValuePair<string, object?>("kind", refusal.ExceptionType));
            HostLog.StartRefused(_dispatcher.Logger, flow.Info.Id, flow.Info.Version, runId, refusal.Message);
            return options.ThrowOnRefusal
                ? throw new FlowRefusedException(flow.Info.Id, runId, refusal)
                : new FlowRun(runId, runId != Guid.Empty, flow.Info.Id, flow.Info.Version, Refusal: refusal);
        }

        private NewRun NewRun(IFlowDefinition flow, object? input, FlowStartOptions options, FlowTrigger trigger, ActivityTraceId traceId, bool local, IReadOnlyList<CausationLink>? chain, RunError? refusal)
        {
            // The input must load back to start the run again after a crash: only secret values are taken out of it.
            var serialized = RunPayloads.Start(trigger, input, chain, options.Subject);
            return new NewRun
            {
                FlowId = flow.Info.Id,
                FlowVersion = flow.Info.Version,
                RunId = options.RunId,
                TraceId = traceId.ToHexString(),
                IdempotencyKey = options.IdempotencyKey,
                TriggerKind = trigger.Kind,
                Payload = _dispatcher.Redaction.Values.RedactUtf8(serialized) ?? serialized,
                LeaseOwner = local ? _dispatcher.Options.WorkerId : null,
                Lease = _dispatcher.Options.Lease,
                Refusal = refusal,
                Throttles = Safeguards.Throttles(flow.Info, trigger),
            };
        }

        /// <summary>SPEC §8: a flow restricted to roles starts only for a caller with one of them.</summary>
        private static void CheckRoles(FlowInfo info, IReadOnlyCollection<string>? callerRoles)
        {
            if (callerRoles is null || info.Roles.Count == 0 || info.Roles.Any(r => callerRoles.Contains(r, StringComparer.Ordinal)))
            {
                return;
            }

            throw new UnauthorizedAccessException($"Flow '{info.Id}' may be started by {string.Join(", ", info.Roles.Select(r => "'" + r + "'"))}; the caller has {(callerRoles.Count == 0 ? "no role" : string.Join(", ", callerRoles.Select(r => "'" + r + "'")))}.");
        }

        private static void CheckInput(FlowInfo info, object? input)
        {
            if (info.InputType is null)
            {
                if (input is not null)
                {
                    throw new ArgumentException($"Flow '{info.Id}' takes no input, but a {input.GetType().Name} was given.", nameof(input));
                }

                return;
            }

            if (input is null)
            {
                throw new ArgumentException($"Flow '{info.Id}' needs a {info.InputType.Name} input.", nameof(input));
            }

            if (!info.InputType.IsInstanceOfType(input))
            {
                throw new ArgumentException($"Flow '{info.Id}' takes a {info.InputType.Name} input, not a {input.GetType().Name}.", nameof(input));
            }
        }

        public async Task<RunDetails?> GetRunAsync(Guid runId, CancellationToken cancellationToken = default)
            => await (await Journal(cancellationToken).ConfigureAwait(false)).GetRunAsync(runId, cancellationToken).ConfigureAwait(false);

        public async Task<RunPage> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default)
            => await (await Journal(cancellationToken).ConfigureAwait(false)).ListRunsAsync(query, cancellationToken).ConfigureAwait(false);

        public async Task<FlowStatus> WaitForStatusAsync(Guid runId, Func<FlowStatus, bool>? until = null, CancellationToken cancellationToken = default)
        {
            until ??= RunStatusRules.IsFinal;
            var journal = await Journal(cancellationToken).ConfigureAwait(false);
            using var wake = _dispatcher.Wakeups.Rent(runId, cancellationToken);
            while (true)
            {
                // Ask for the wake-up before reading, so a leg that ends in between is not missed.
                wake.Arm();
                var status = await ReadStatusAsync(journal, runId, cancellationToken).ConfigureAwait(false)
                    ?? throw new ArgumentException($"There is no run {runId}.", nameof(runId));
                if (until(status))
                {
                    return status;
                }

                // A local leg that ended the run committed its final status after this call began: no need to read it back.
                if (await wake.WaitAsync().ConfigureAwait(false) is { } committed && until(committed))
                {
                    return committed;
                }
            }
        }

        /// <summary>The run's status alone where the journal reads it so (no <see cref="RunInfo"/> per look); null for no run.</summary>
        private static ValueTask<FlowStatus?> ReadStatusAsync(IRunJournal journal, Guid runId, CancellationToken cancellationToken)
        {
            if (journal is IRunStatusReader reader)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return new ValueTask<FlowStatus?>(reader.ReadStatus(runId));
            }

            return StatusOfAsync(journal.GetRunInfoAsync(runId, cancellationToken));

            static async ValueTask<FlowStatus?> StatusOfAsync(Task<RunInfo?> read) => (await read.ConfigureAwait(false))?.Status;
        }

        public async Task<int> RaiseEventAsync(string name, object? payload = null, string? idempotencyKey = null, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            var journal = await Journal(cancellationToken).ConfigureAwait(false);
            var resumed = await journal.DeliverEventAsync(name, Redacted(RunPayloads.Event(name, payload)), int.MaxValue, cancellationToken).ConfigureAwait(false);
            if (resumed.Count > 0)
            {
                _dispatcher.Pulse();
            }

            // Flows started by the event: their condition sees the payload as JSON, as the run and the journal will.
            var started = 0;
            var trigger = new FlowTrigger
            {
                Kind = "event",
                EventName = name,
                Payload = payload is null ? null : System.Text.Json.JsonSerializer.SerializeToElement(payload, payload.GetType(), Runtime.FlowStateSerializer.Options),
            };
            foreach (var flow in _dispatcher.Registry.Latest)
            {
                if (flow.Info.Trigger is not { Kind: "event" } declared || !string.Equals(declared.Event, name, StringComparison.Ordinal) || !_dispatcher.ConditionHolds(flow, trigger))
                {
                    continue;
                }

                var options = new FlowStartOptions { Trigger = trigger, IdempotencyKey = idempotencyKey is null ? null : "event:" + idempotencyKey, Subject = "event:" + name, ThrowOnRefusal = false };
                if ((await StartAsync(flow.Info.Id, null, options, cancellationToken).ConfigureAwait(false)) is { Created: true, Refusal: null })
                {
                    started++;
                }
            }

            return resumed.Count + started;
        }

        public async Task<bool> SignalAsync(Guid runId, string name, object? payload = null, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            var journal = await Journal(cancellationToken).ConfigureAwait(false);
            var snapshot = await journal.GetSnapshotAsync(runId, cancellationToken).ConfigureAwait(false);
            if (snapshot is null || snapshot.Wait.Kind != WaitKind.Event || !string.Equals(snapshot.Wait.EventName, name, StringComparison.Ordinal))
            {
                return false;
            }

            var delivered = await journal.DeliverToRunAsync(runId, WaitKind.Event, Redacted(RunPayloads.Event(name, payload)), cancellationToken).ConfigureAwait(false);
            if (delivered)
            {
                _dispatcher.Pulse();
            }

            return delivered;
        }

        public Task ApproveAsync(Guid runId, string by, string? comment = null, CancellationToken cancellationToken = default)
            => DecideAsync(runId, new ApprovalDecision(true, by, comment), cancellationToken);

        public Task RejectAsync(Guid runId, string by, string? comment = null, CancellationToken cancellationToken = default)
            => DecideAsync(runId, new ApprovalDecision(false, by, comment), cancellationToken);

        private async Task DecideAsync(Guid runId, ApprovalDecision decision, CancellationToken cancellationToken)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(decision.By, "by");
            var journal = await Journal(cancellationToken).ConfigureAwait(false);
            if (!await journal.DeliverToRunAsync(runId, WaitKind.Approval, Redacted(RunPayloads.Approval(decision)), cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException($"Run {runId} does not wait for an approval (or it was decided already).");
            }

            _dispatcher.Pulse();
        }

        public async Task<FlowStatus> PauseAsync(Guid runId, CancellationToken cancellationToken = default)
            => await (await Journal(cancellationToken).ConfigureAwait(false)).PauseRunAsync(runId, cancellationToken).ConfigureAwait(false);

        public async Task<FlowStatus> ResumeAsync(Guid runId, CancellationToken cancellationToken = default)
        {
            var status = await (await Journal(cancellationToken).ConfigureAwait(false)).ResumeRunAsync(runId, cancellationToken).ConfigureAwait(false);
            _dispatcher.Pulse();
            return status;
        }

        public async Task<FlowStatus> CancelAsync(Guid runId, CancellationToken cancellationToken = default)
            => await (await Journal(cancellationToken).ConfigureAwait(false)).CancelRunAsync(runId, cancellationToken).ConfigureAwait(false);

        public async Task RetryAsync(Guid runId, CancellationToken cancellationToken = default)
        {
            var journal = await Journal(cancellationToken).ConfigureAwait(false);

            // A refused start is retried once its kill switch is lifted, not while it holds: that would only start it to stop it.
            if (await journal.GetRunInfoAsync(runId, cancellationToken).ConfigureAwait(false) is { } run)
            {
                foreach (var kill in await journal.ListKillSwitchesAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (kill.Scope.Covers(run.FlowId, run.FlowVersion))
                    {
                        throw new InvalidOperationException($"Run {runId} is not retried: the kill switch on {kill.Scope} is engaged ({kill.Reason}); lift it first.");
                    }
                }
            }

            await journal.RetryRunAsync(runId, cancellationToken).ConfigureAwait(false);
            _dispatcher.Pulse();
        }

        public async Task<KillSwitchChange> EngageKillSwitchAsync(KillScope scope, KillMode mode, string reason, string? by = null, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(scope);
            ArgumentException.ThrowIfNullOrWhiteSpace(reason);
            var journal = await Journal(cancellationToken).ConfigureAwait(false);
            var change = await journal.EngageKillSwitchAsync(new KillSwitch(scope, mode, reason, by, _dispatcher.Options.TimeProvider.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            HostLog.KillEngaged(_dispatcher.Logger, scope.ToString(), mode, reason, by ?? "unknown", change.Runs);
            await _dispatcher.RefreshKillSwitchesAsync(journal, cancellationToken).ConfigureAwait(false);
            return change;
        }

        public async Task<KillSwitchChange> LiftKillSwitchAsync(KillScope scope, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(scope);
            var journal = await Journal(cancellationToken).ConfigureAwait(false);
            var change = await journal.LiftKillSwitchAsync(scope, cancellationToken).ConfigureAwait(false);
            if (change.Changed)
            {
                HostLog.KillLifted(_dispatcher.Logger, scope.ToString(), change.Runs);
            }

            await _dispatcher.RefreshKillSwitchesAsync(journal, cancellationToken).ConfigureAwait(false);
            _dispatcher.Pulse(); // the runs it resumes are queued
            return change;
        }

        public async Task<IReadOnlyList<KillSwitch>> ListKillSwitchesAsync(CancellationToken cancellationToken = default)
            => await (await Journal(cancellationToken).ConfigureAwait(false)).ListKillSwitchesAsync(cancellationToken).ConfigureAwait(false);

        public async Task<bool> DiscardAsync(Guid runId, CancellationToken cancellationToken = default)
            => await (await Journal(cancellationToken).ConfigureAwait(false)).DeleteRunAsync(runId, cancellationToken).ConfigureAwait(false);

        public async Task<IReadOnlyList<AuditEntry>> GetAuditAsync(Guid runId, CancellationToken cancellationToken = default)
            => await (await Journal(cancellationToken).ConfigureAwait(false)).ListAuditAsync(runId, cancellationToken).ConfigureAwait(false);

        public async Task<bool> RetryDeferredAsync(long itemId, CancellationToken cancellationToken = default)
        {
            var retried = await (await Journal(cancellationToken).ConfigureAwait(false)).RetryDeferredAsync(itemId, cancellationToken).ConfigureAwait(false);
            if (retried)
            {
                _dispatcher.Pulse(); // the item is claimable now: no need to wait for the next poll
            }

            return retried;
        }

        private byte[] Redacted(byte[] payload) => _dispatcher.Redaction.RedactJson(payload);
    }
}
