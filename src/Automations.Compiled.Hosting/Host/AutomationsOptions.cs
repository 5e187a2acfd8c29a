using System;
using System.Collections.Generic;
using Automations.Compiled.Hosting.LiteDb;
using Automations.Compiled.Hosting.Sqlite;

namespace Automations.Compiled.Hosting
{
    /// <summary>How the hosted runtime runs flows: its journal, its worker pool, its clock and its secrets.</summary>
    public sealed class AutomationsOptions
    {
        internal Func<IServiceProvider, System.Threading.CancellationToken, System.Threading.Tasks.Task<IRunJournal>>? JournalFactory { get; private set; }

        internal string? JournalDescription { get; private set; }

        internal List<Type> FlowTypes { get; } = new();

        internal List<LifecycleTemplate> Lifecycles { get; } = new();

        /// <summary>Runs executing at once in this host. Default 64.</summary>
        public int Concurrency { get; set; } = 64;

        /// <summary>How often the worker looks for queued work from other hosts and for due timers. Default 1 s.</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>How long a worker holds a run before another host may take it over (renewed while it runs). Default 30 s.</summary>
        public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>How long work for a flow version this host does not have is put aside before it is looked at again. Default 1 min.</summary>
        public TimeSpan MissingVersionRetry { get; set; } = TimeSpan.FromMinutes(1);

        /// <summary>This host's name in leases; default machine name, process id and a random suffix.</summary>
        public string WorkerId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N").Substring(0, 8)}";

        /// <summary>
        /// How long ended runs (Completed, Failed, Cancelled) are kept: every <see cref="RetentionInterval"/> the host deletes
        /// those that ended longer ago, with their step history. Default null: kept until deleted (a failed run is a dead
        /// letter an operator may still retry). Compacting the file gives the space back (<see cref="IRunJournal.CompactAsync"/>).
        /// </summary>
        public TimeSpan? Retention { get; set; }

        /// <summary>How often retention looks for ended runs to delete. Default 1 hour.</summary>
        public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

        /// <summary>The clock for timers, retries and journal timestamps. Default <see cref="TimeProvider.System"/>.</summary>
        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

        /// <summary>
        /// Resolves <c>[Secret]</c> parameters at call time. Default: an <see cref="ISecretResolver"/> registered in the
        /// container, else environment variables. Values it returns are redacted from the journal and the logs.
        /// </summary>
        public ISecretResolver? Secrets { get; set; }

        /// <summary>
        /// The actions the hosted flows may call (docs/safeguards.md, action policies): a start of a flow that calls an action
        /// it does not allow is refused and recorded, and the host logs the flow as an error when it starts. The build checks
        /// JSON flows against their <c>flow-policy.json</c> already; this checks again flows compiled elsewhere. Null (default)
        /// allows every action.
        /// </summary>
        /// <example><code>o.ActionPolicy = ActionPolicy.Allow("orders.*", "tag:email").ForFlow("refund-order", "payments.refund");</code></example>
        public ActionPolicy? ActionPolicy { get; set; }

        /// <summary>Causation chain limits and the concurrency retry (docs/safeguards.md).</summary>
        public SafeguardOptions Safeguards { get; } = new();

        /// <summary>Serves record steps (query, create, update, delete); default: one registered in the container.</summary>
        public IRecordStore? Records { get; set; }

        /// <summary>
        /// Keeps runs on an embedded LiteDB file, the default journal: every commit is fsynced before it is acknowledged, and
        /// the file is locked to this process (a second host on the same file gets a clear error). For several processes on
        /// one journal use <see cref="UseSqlite"/>.
        /// </summary>
        public AutomationsOptions UseLiteDb(string path, Action<LiteDbJournalOptions>? configure = null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            JournalDescription = "litedb:" + path;
            JournalFactory = async (_, cancellationToken) =>
            {
                var options = new LiteDbJournalOptions { Path = path, TimeProvider = TimeProvider };
                configure?.Invoke(options);
                return await LiteDbRunJournal.OpenAsync(options, cancellationToken).ConfigureAwait(false);
            };
            return this;
        }

        /// <summary>Keeps runs on an embedded SQLite file (WAL, <c>synchronous=FULL</c> unless configured otherwise).</summary>
        public AutomationsOptions UseSqlite(string path, Action<SqliteJournalOptions>? configure = null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            JournalDescription = "sqlite:" + path;
            JournalFactory = async (_, cancellationToken) =>
            {
                var options = new SqliteJournalOptions { Path = path, TimeProvider = TimeProvider };
                configure?.Invoke(options);
                return await SqliteRunJournal.OpenAsync(options, cancellationToken).ConfigureAwait(false);
            };
            return this;
        }

        /// <summary>Keeps runs in a journal of your own (another store, or a test double).</summary>
        public AutomationsOptions UseJournal(Func<IServiceProvider, System.Threading.CancellationToken, System.Threading.Tasks.Task<IRunJournal>> factory, string description)
        {
            JournalFactory = factory ?? throw new ArgumentNullException(nameof(factory));
            JournalDescription = description;
            return this;
        }

        /// <summary>Hosts the compiled flow <typeparamref name="TFlow"/>; the container builds it with its services.</summary>
        public AutomationsOptions AddFlow<TFlow>()
            where TFlow : class, IFlowDefinition
        {
            if (!FlowTypes.Contains(typeof(TFlow)))
            {
                FlowTypes.Add(typeof(TFlow));
            }

            return this;
        }

        /// <summary>
        /// Hosts the lifecycle template <typeparamref name="TTemplate"/> (SPEC §7): <see cref="ILifecycle{TEntity}"/> for its
        /// entity type comes from the container. Every action's flow must be hosted too (<see cref="AddFlow{TFlow}"/>), take
        /// the entity (or no input) and run on the journal; the host checks that when it starts.
        /// </summary>
        /// <exception cref="InvalidOperationException">Another template has the same id, or governs the same entity type.</exception>
        public AutomationsOptions AddLifecycle<TTemplate>()
            where TTemplate : LifecycleTemplate, new()
        {
            foreach (var added in Lifecycles)
            {
                if (added.GetType() == typeof(TTemplate))
                {
                    return this;
                }
            }

            var template = new TTemplate();
            if (string.IsNullOrWhiteSpace(template.Id) || template.EntityType is null)
            {
                throw new InvalidOperationException($"Lifecycle template {typeof(TTemplate).FullName} has no id or no entity type.");
            }

            // ILifecycle<TEntity>.Template is a LifecycleTemplate<TEntity>: generated templates are.
            if (!typeof(LifecycleTemplate<>).MakeGenericType(template.EntityType).IsInstanceOfType(template))
            {
                throw new InvalidOperationException($"Lifecycle template {typeof(TTemplate).FullName} must derive from LifecycleTemplate<{template.EntityType.Name}>: declare it with [Lifecycle(\"{template.Id}\", typeof({template.EntityType.Name}))] on a partial class.");
            }

            foreach (var added in Lifecycles)
            {
                if (string.Equals(added.Id, template.Id, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"Lifecycle '{template.Id}' is added twice ({added.GetType().FullName} and {typeof(TTemplate).FullName}); give one of them another id.");
                }

                if (added.EntityType == template.EntityType)
                {
                    throw new InvalidOperationException(
                        $"Lifecycles '{added.Id}' ({added.GetType().FullName}) and '{template.Id}' ({typeof(TTemplate).FullName}) both govern {template.EntityType.FullName}: " +
                        $"ILifecycle<{template.EntityType.Name}> can serve one template; host one of them, or give the other its own entity type.");
                }
            }

            Lifecycles.Add(template);
            return this;
        }
    }
}
