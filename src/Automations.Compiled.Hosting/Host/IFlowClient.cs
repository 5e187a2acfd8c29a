using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting
{
    /// <summary>Starts, signals, inspects and operates runs of the hosted flows (register with <c>AddAutomations</c>).</summary>
    public interface IFlowClient
    {
        /// <summary>
        /// Starts a run of flow <paramref name="flowId"/> with <paramref name="input"/> (of the flow's input type, or null
        /// when it takes none). The run is committed to the journal before this returns, then runs on the worker pool.
        /// A flow with journal mode <c>none</c> runs in memory, here, and leaves no trace in the journal.
        /// </summary>
        /// <remarks>A <see cref="System.Text.Json.JsonElement"/> input is checked against the flow's declared inputs and converted (<see cref="FlowInputs.FromJson"/>).</remarks>
        /// <exception cref="ArgumentException">The flow is not hosted, or the input does not fit it (the message names the input).</exception>
        /// <exception cref="UnauthorizedAccessException"><see cref="FlowStartOptions.CallerRoles"/> has none of the flow's roles.</exception>
        /// <exception cref="FlowRefusedException">A safeguard refused the start (a kill switch, a refusing throttle, a causation loop, the action policy); the start is recorded as a failed run that says why.</exception>
        Task<FlowRun> StartAsync(string flowId, object? input = null, FlowStartOptions? options = null, CancellationToken cancellationToken = default);

        /// <summary>Starts a run of the hosted flow <typeparamref name="TFlow"/> (its latest version unless the options say otherwise).</summary>
        Task<FlowRun> StartAsync<TFlow>(object? input = null, FlowStartOptions? options = null, CancellationToken cancellationToken = default)
            where TFlow : IFlowDefinition;

        /// <summary>A run with its payload, output and step history (secrets redacted); null when there is none.</summary>
        Task<RunDetails?> GetRunAsync(Guid runId, CancellationToken cancellationToken = default);

        /// <summary>Runs, newest first; <see cref="RunQuery.DeadLetters"/> lists the failed ones.</summary>
        Task<RunPage> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default);

        /// <summary>Waits until the run reaches a status <paramref name="until"/> accepts (default: an end), and returns it.</summary>
        /// <exception cref="ArgumentException">There is no such run.</exception>
        Task<FlowStatus> WaitForStatusAsync(Guid runId, Func<FlowStatus, bool>? until = null, CancellationToken cancellationToken = default);

        /// <summary>
        /// Raises event <paramref name="name"/> (SPEC §6, §2.9): every run waiting for it resumes once, with
        /// <paramref name="payload"/> as the wait step's output; and a run starts of every hosted flow (its latest version)
        /// whose event trigger names it and whose condition accepts it (<c>trigger.payload</c> is the payload as JSON).
        /// </summary>
        /// <param name="name">The event name.</param>
        /// <param name="payload">The event's data; serialised to JSON for conditions, runs and the journal.</param>
        /// <param name="idempotencyKey">When given, raising the event again with this key starts no second run of a flow.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>How many runs it resumed and started.</returns>
        Task<int> RaiseEventAsync(string name, object? payload = null, string? idempotencyKey = null, CancellationToken cancellationToken = default);

        /// <summary>Sends event <paramref name="name"/> to one run that waits for it.</summary>
        /// <returns>False when the run does not wait for that event.</returns>
        Task<bool> SignalAsync(Guid runId, string name, object? payload = null, CancellationToken cancellationToken = default);

        /// <summary>Approves the approval step a run waits at; it resumes on <c>approved</c>.</summary>
        /// <exception cref="InvalidOperationException">The run does not wait for an approval.</exception>
        Task ApproveAsync(Guid runId, string by, string? comment = null, CancellationToken cancellationToken = default);

        /// <summary>Rejects the approval step a run waits at; it resumes on <c>rejected</c>.</summary>
        /// <exception cref="InvalidOperationException">The run does not wait for an approval.</exception>
        Task RejectAsync(Guid runId, string by, string? comment = null, CancellationToken cancellationToken = default);

        /// <summary>Pauses a run: a waiting run at once, a running one at its next step boundary. Returns its status now.</summary>
        Task<FlowStatus> PauseAsync(Guid runId, CancellationToken cancellationToken = default);

        /// <summary>Resumes a paused run where it was. Returns its status now.</summary>
        Task<FlowStatus> ResumeAsync(Guid runId, CancellationToken cancellationToken = default);

        /// <summary>Cancels a run: a pending, waiting or paused run at once, a running one at its next step boundary. Returns its status now.</summary>
        Task<FlowStatus> CancelAsync(Guid runId, CancellationToken cancellationToken = default);

        /// <summary>Retries a failed run (a dead letter) from the step that failed.</summary>
        Task RetryAsync(Guid runId, CancellationToken cancellationToken = default);

        /// <summary>Discards an ended run and its history. False when there is no such run.</summary>
        Task<bool> DiscardAsync(Guid runId, CancellationToken cancellationToken = default);

        /// <summary>
        /// Engages a kill switch on every flow, one flow or one flow version, persisted in the journal so every host obeys it:
        /// new starts are refused (and recorded as failed runs that say why), and the runs in flight stop at their next step
        /// boundary, paused or cancelled as <paramref name="mode"/> says (a waiting run at once). Engaging it again changes its mode and reason.
        /// </summary>
        /// <param name="scope">What it covers: <see cref="KillScope.Global"/>, <see cref="KillScope.Flow"/> or <see cref="KillScope.FlowVersion"/>.</param>
        /// <param name="mode">Pause the runs in flight (lifting the switch resumes them) or cancel them.</param>
        /// <param name="reason">Why: refused starts and cancelled runs say it.</param>
        /// <param name="by">Who engages it, for the record.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>Whether it was newly engaged, and how many runs it paused, cancelled or asked to stop.</returns>
        Task<KillSwitchChange> EngageKillSwitchAsync(KillScope scope, KillMode mode, string reason, string? by = null, CancellationToken cancellationToken = default);

        /// <summary>Lifts the kill switch on exactly <paramref name="scope"/>: starts are accepted again and the runs it paused resume.</summary>
        /// <returns>Whether it was engaged, and how many runs resume.</returns>
        Task<KillSwitchChange> LiftKillSwitchAsync(KillScope scope, CancellationToken cancellationToken = default);

        /// <summary>The engaged kill switches.</summary>
        Task<IReadOnlyList<KillSwitch>> ListKillSwitchesAsync(CancellationToken cancellationToken = default);

        /// <summary>
        /// The operators' actions on a run (who did what, when), oldest first, as the journal keeps them
        /// (<see cref="IRunJournal.AppendAuditAsync"/>); kept after <see cref="DiscardAsync"/>, purged with the run by retention.
        /// </summary>
        /// <param name="runId">The run.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The entries; empty when the run has none (or there is no such run).</returns>
        Task<IReadOnlyList<AuditEntry>> GetAuditAsync(Guid runId, CancellationToken cancellationToken = default);

        /// <summary>
        /// Makes a deferred outbox item (one a worker put back, say because its flow version is not loaded in that host)
        /// claimable now instead of at its deferral's end, and wakes this host's workers to take it.
        /// </summary>
        /// <param name="itemId">The item's id, as <see cref="IRunJournal.ListDeferredAsync"/> lists it.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>False when there is no such deferred item, or a worker holds it now.</returns>
        Task<bool> RetryDeferredAsync(long itemId, CancellationToken cancellationToken = default);
    }

    /// <summary>How to start a run.</summary>
    public sealed class FlowStartOptions
    {
        /// <summary>Starting the flow again with this key returns the first run: no second run, no second side effect.</summary>
        public string? IdempotencyKey { get; init; }

        /// <summary>The flow version; 0 (default) for the latest this host has.</summary>
        public int Version { get; init; }

        /// <summary>The run id; a new time-ordered one when empty.</summary>
        public Guid RunId { get; init; }

        /// <summary>The event that starts the run; <see cref="FlowTrigger.Manual"/> when null.</summary>
        public FlowTrigger? Trigger { get; init; }

        /// <summary>
        /// The roles of the user or API client starting the run (SPEC §8): a flow restricted to roles starts only when
        /// one of them is here. Null means a trusted caller inside the app (a background job, a test), checked by no one.
        /// </summary>
        public IReadOnlyCollection<string>? CallerRoles { get; init; }

        /// <summary>What the trigger is about, for loop prevention: <c>record:order:42</c>, <c>event:paid</c> (set by the host's triggers).</summary>
        internal string? Subject { get; init; }

        /// <summary>False for starts the host's own triggers make: a refusal is recorded and returned in <see cref="FlowRun.Refusal"/>, not thrown.</summary>
        internal bool ThrowOnRefusal { get; init; } = true;
    }

    /// <summary>A started run.</summary>
    /// <param name="RunId">The run id (the first run's, for a repeated idempotency key).</param>
    /// <param name="Created">False when the idempotency key had been used and the existing run was returned.</param>
    /// <param name="FlowId">The flow.</param>
    /// <param name="FlowVersion">The version the run is pinned to.</param>
    /// <param name="Result">For a flow with journal mode <c>none</c>, what its in-memory run ended with; null otherwise.</param>
    /// <param name="Refusal">For a start a safeguard refused (a trigger's start: <see cref="IFlowClient.StartAsync(string, object?, FlowStartOptions?, CancellationToken)"/> throws instead): why; the run is recorded as failed with it.</param>
    /// <param name="QueuedUntil">For a start a throttle held back: when it may run (it waits in the journal until then).</param>
    public sealed record FlowRun(Guid RunId, bool Created, string FlowId, int FlowVersion, FlowResult? Result = null, RunError? Refusal = null, DateTimeOffset? QueuedUntil = null);
}
