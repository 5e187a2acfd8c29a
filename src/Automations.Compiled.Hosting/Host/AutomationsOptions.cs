using System;
using System.Collections.Generic;
using Automations.Compiled.Hosting.Sqlite;

namespace Automations.Compiled.Hosting
{
    /// <summary>How the hosted runtime runs flows: its journal, its worker pool, its clock and its secrets.</summary>
    public sealed class AutomationsOptions
    {
        internal Func<IServiceProvider, System.Threading.CancellationToken, System.Threading.Tasks.Task<IRunJournal>>? JournalFactory { get; private set; }

        internal string? JournalDescription { get; private set; }

        internal List<Type> FlowTypes { get; } = new();

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

        /// <summary>The clock for timers, retries and journal timestamps. Default <see cref="TimeProvider.System"/>.</summary>
        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

        /// <summary>
        /// Resolves <c>[Secret]</c> parameters at call time. Default: an <see cref="ISecretResolver"/> registered in the
        /// container, else environment variables. Values it returns are redacted from the journal and the logs.
        /// </summary>
        public ISecretResolver? Secrets { get; set; }

        /// <summary>Serves record steps (query, create, update, delete); default: one registered in the container.</summary>
        public IRecordStore? Records { get; set; }

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
    }
}
