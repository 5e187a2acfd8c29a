using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// The <see cref="ILifecycle{TEntity}"/> of a host: entities live in the journal; a trigger is one journal write (the
    /// move, the history entry and the action's run, leased to this host's pool) and the run's end moves the entity on in
    /// the write that ends the run.
    /// </summary>
    internal sealed class Lifecycle<TEntity> : ILifecycle<TEntity>
    {
        private readonly RunDispatcher _dispatcher;
        private readonly HostedLifecycle _hosted;
        private readonly ILogger _logger;

        public Lifecycle(LifecycleRegistry registry, RunDispatcher dispatcher, ILogger<Lifecycle<TEntity>>? logger = null)
        {
            _hosted = registry.Find(typeof(TEntity))
                ?? throw new InvalidOperationException(
                    $"No lifecycle template for {typeof(TEntity).FullName} is hosted: add its template with AddAutomations(o => o.AddLifecycle<TTemplate>()).");
            Template = (LifecycleTemplate<TEntity>)_hosted.Template;
            _dispatcher = dispatcher;
            _logger = (ILogger?)logger ?? NullLogger.Instance;
        }

        public LifecycleTemplate<TEntity> Template { get; }

        private string Noun => Template.Id;

        private ValueTask<IRunJournal> Journal(CancellationToken cancellationToken) => _dispatcher.Journal.GetAsync(cancellationToken);

        public async Task<EntityState?> GetAsync(string entityId, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(entityId);
            var journal = await Journal(cancellationToken).ConfigureAwait(false);
            return await journal.GetEntityAsync(Template.Id, entityId, cancellationToken).ConfigureAwait(false);
        }

        public async Task<IReadOnlyList<LifecycleAction>> GetAvailableActionsAsync(string entityId, AccessLevel access, CancellationToken cancellationToken = default)
        {
            var entity = await GetAsync(entityId, cancellationToken).ConfigureAwait(false);
            return entity is { AtRest: false } ? Array.Empty<LifecycleAction>() : Template.GetAvailableActions(entity?.State, access).ToArray();
        }

        public async Task<LifecycleTransition> TriggerAsync(string entityId, string action, TEntity entity, AccessLevel access, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(entityId);
            ArgumentException.ThrowIfNullOrWhiteSpace(action);
            using var activity = AutomationsTelemetry.Source.StartActivity("lifecycle " + Template.Id + " " + action, ActivityKind.Internal);
            activity?.SetTag("lifecycle.template", Template.Id);
            activity?.SetTag("lifecycle.entity", entityId);
            activity?.SetTag("lifecycle.action", action);
            try
            {
                var transition = await MoveAsync(entityId, action, entity, access, cancellationToken).ConfigureAwait(false);
                activity?.SetTag("lifecycle.state", transition.State);
                if (transition.RunId is { } runId)
                {
                    activity?.SetTag("run.id", runId.ToString());
                }

                AutomationsTelemetry.LifecycleTriggers.Add(1, new KeyValuePair<string, object?>("template", Template.Id), new KeyValuePair<string, object?>("result", transition.InFlight ? EntityOutcome.Started : EntityOutcome.Moved));
                HostLog.LifecycleMoved(_logger, Template.Id, entityId, transition.Action.Reference, transition.From ?? "(new)", transition.State ?? "(destroyed)", transition.RunId is { } run ? "run " + run : "no flow", transition.Revision);
                return transition;
            }
            catch (LifecycleException refused)
            {
                activity?.SetStatus(ActivityStatusCode.Error, refused.Error.ToString());
                AutomationsTelemetry.LifecycleTriggers.Add(1, new KeyValuePair<string, object?>("template", Template.Id), new KeyValuePair<string, object?>("result", refused.Error.ToString()));
                HostLog.LifecycleRefused(_logger, Template.Id, entityId, action, refused.Error, refused.Message);
                throw;
            }
        }

        /// <summary>
        /// The checks, in order (unknown action, in flight, not available, access), then the compare-and-swap write:
        /// from reading the entity to committing the move, another trigger may win; then this one is a conflict.
        /// </summary>
        private async Task<LifecycleTransition> MoveAsync(string entityId, string name, TEntity entity, AccessLevel access, CancellationToken cancellationToken)
        {
            var journal = await Journal(cancellationToken).ConfigureAwait(false);
            var current = await journal.GetEntityAsync(Template.Id, entityId, cancellationToken).ConfigureAwait(false);
            var refusal = Template.TryGetAction(current?.State, name.AsSpan(), access, out var found);
            if (refusal == LifecycleRefusal.UnknownAction)
            {
                throw Refuse(LifecycleError.UnknownAction, entityId, name, $"Lifecycle '{Template.Id}' has no action '{name}' (by name or reference); its actions are {ActionNames()}.");
            }

            if (current is { AtRest: false })
            {
                throw Refuse(
                    LifecycleError.Conflict,
                    entityId,
                    name,
                    $"Conflict: {Noun} '{entityId}' is in flight (action '{NameOf(current.InFlight!)}', run {current.RunId:N}); wait until it rests (WaitForRestAsync) and trigger '{name}' again.");
            }

            if (refusal == LifecycleRefusal.NotAvailable)
            {
                var where = current is null ? $": {Noun} '{entityId}' does not exist" : $" while {Noun} '{entityId}' is '{current.State}'";
                throw Refuse(LifecycleError.NotAvailable, entityId, name, $"Action '{found!.Name}' is not available{where}; available: {Available(current?.State, access)}.");
            }

            if (refusal == LifecycleRefusal.AccessDenied)
            {
                throw Refuse(
                    LifecycleError.AccessDenied,
                    entityId,
                    name,
                    $"Action '{found!.Name}' on {Noun} '{entityId}' needs {found.Access} access; the caller has {access}. Trigger it as a {found.Access}{(found.Access == AccessLevel.Root ? "" : " or higher")} caller.");
            }

            var action = found!;
            NewRun? run = null;
            LocalStart? local = null;
            if (_hosted.Flows.TryGetValue(action, out var flow))
            {
                (run, local) = NewRun(flow, entityId, action, entity);
            }

            var moved = await journal.MoveEntityAsync(
                new EntityMove
                {
                    Template = Template.Id,
                    EntityId = entityId,
                    Action = action.Reference,
                    ExpectedRevision = current?.Revision,
                    Transit = action.Transit,
                    To = action.To,
                    OnFailure = action.OnFailure,
                    Access = access,
                    Run = run,
                },
                cancellationToken).ConfigureAwait(false);
            if (!moved.Applied)
            {
                throw Refuse(LifecycleError.Conflict, entityId, name, $"Conflict: {Noun} '{entityId}' changed while '{action.Name}' was being triggered (another trigger won); read it again and retry.");
            }

            Guid? runId = null;
            if (run is not null)
            {
                runId = moved.Run.RunId;
                AutomationsTelemetry.RunsStarted.Add(1);
                if (local is not null && moved.Run.OutboxItemId != 0)
                {
                    _dispatcher.EnqueueLocal(new WorkItem(moved.Run.OutboxItemId, moved.Run.RunId, OutboxKind.Start, default, local));
                }
                else
                {
                    _dispatcher.Pulse();
                }
            }

            return new LifecycleTransition(entityId, action, current?.State, moved.Entity?.State, runId, moved.Entity?.Revision ?? 0);
        }

        /// <summary>
        /// The action's run, as <c>IFlowClient.StartAsync</c> builds one: trigger <c>lifecycle</c>, the entity as input (when
        /// the flow takes one), the payload redacted of secret values, leased to this host when its pool takes local work.
        /// </summary>
        private (NewRun Run, LocalStart? Local) NewRun(IFlowDefinition flow, string entityId, LifecycleAction action, TEntity entity)
        {
            object? input = null;
            if (flow.Info.InputType is not null)
            {
                input = entity ?? throw new ArgumentNullException(nameof(entity), $"Action '{action.Name}' runs flow '{flow.Info.Id}', which takes the {typeof(TEntity).Name} as input: pass the entity.");
            }

            var trigger = new FlowTrigger { Kind = "lifecycle", Lifecycle = Template.Id, EntityId = entityId, Action = action.Reference };
            var traceId = Activity.Current?.TraceId is { } ambient && ambient != default ? ambient : ActivityTraceId.CreateRandom();
            var leased = _dispatcher.Accepting && !_dispatcher.Stopping && _dispatcher.CanTakeLocal;

            // The input must load back to run the flow again after a crash: only secret values are taken out of it.
            var serialized = RunPayloads.Start(trigger, input);
            var run = new NewRun
            {
                FlowId = flow.Info.Id,
                FlowVersion = flow.Info.Version,
                TraceId = traceId.ToHexString(),
                TriggerKind = trigger.Kind,
                Payload = _dispatcher.Redaction.Values.RedactUtf8(serialized) ?? serialized,
                LeaseOwner = leased ? _dispatcher.Options.WorkerId : null,
                Lease = _dispatcher.Options.Lease,
            };
            return (run, leased ? new LocalStart(flow, traceId, trigger, input) : null);
        }

        public async Task<EntityState?> WaitForRestAsync(string entityId, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(entityId);
            var journal = await Journal(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var entity = await journal.GetEntityAsync(Template.Id, entityId, cancellationToken).ConfigureAwait(false);
                if (entity is not { AtRest: false, RunId: { } runId })
                {
                    return entity;
                }

                // Ask for the wake-up before reading again, so a leg that ends in between is not missed.
                using var wake = _dispatcher.Wakeups.Rent(runId, cancellationToken);
                wake.Arm();
                entity = await journal.GetEntityAsync(Template.Id, entityId, cancellationToken).ConfigureAwait(false);
                if (entity is not { AtRest: false })
                {
                    return entity;
                }

                if (entity.RunId == runId)
                {
                    await wake.WaitAsync().ConfigureAwait(false);
                }
            }
        }

        public async Task<IReadOnlyList<EntityHistoryEntry>> GetHistoryAsync(string entityId, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(entityId);
            var journal = await Journal(cancellationToken).ConfigureAwait(false);
            return await journal.GetEntityHistoryAsync(Template.Id, entityId, cancellationToken).ConfigureAwait(false);
        }

        private LifecycleException Refuse(LifecycleError error, string entityId, string action, string message) => new(error, Template.Id, entityId, action, message);

        private string NameOf(string reference) => Template.FindAction(reference.AsSpan())?.Name ?? reference;

        private string Available(string? state, AccessLevel access)
        {
            var names = new List<string>();
            foreach (var action in Template.GetAvailableActions(state, access))
            {
                names.Add(action.Name);
            }

            return names.Count == 0 ? "none" : string.Join(", ", names);
        }

        private string ActionNames()
        {
            var names = new List<string>();
            foreach (var action in Template.Actions)
            {
                if (!names.Contains(action.Name))
                {
                    names.Add(action.Name);
                }
            }

            return string.Join(", ", names);
        }
    }
}
