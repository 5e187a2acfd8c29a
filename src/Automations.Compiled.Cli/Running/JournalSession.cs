using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting;
using Automations.Compiled.Hosting.LiteDb;
using Automations.Compiled.Hosting.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Automations.Compiled.Cli.Running
{
    /// <summary>
    /// The durable host inside the tool: <c>AddAutomations</c> over a journal file, with the worker running only when a
    /// compiled flow is given (then this process runs the flow's legs until the run waits or ends).
    /// </summary>
    internal sealed class JournalSession : IAsyncDisposable
    {
        /// <summary>How long a waiting, paused or pending run must stay unchanged before the tool stops hosting it.</summary>
        private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

        /// <summary>The most runs one <see cref="RunQuery"/> lists.</summary>
        public const int MaxPage = 1000;

        private readonly ServiceProvider _services;
        private readonly List<IHostedService> _started = new();

        private JournalSession(ServiceProvider services, IFlowClient client)
        {
            _services = services;
            Client = client;
        }

        public IFlowClient Client { get; }

        /// <summary>
        /// Opens <paramref name="journal"/> (checked first: a file that is not a journal is refused and left as it is), of the
        /// kind its header says; a new one is a <paramref name="kindOfNew"/> journal. The runs hosted here resolve secrets
        /// with <paramref name="secrets"/> (<see cref="RunRedaction.Secrets"/>, so the tool can hide what they resolved), or
        /// the host's default.
        /// </summary>
        public static async Task<JournalSession> OpenAsync(string journal, CompiledFlow? flow, bool mustExist, CancellationToken cancellationToken, JournalKind kindOfNew = JournalKind.LiteDb, ISecretResolver? secrets = null)
        {
            var kind = JournalFile.Check(journal, mustExist, kindOfNew);
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddAutomations(o =>
            {
                if (kind == JournalKind.Sqlite)
                {
                    o.UseSqlite(journal);
                }
                else
                {
                    o.UseLiteDb(journal);
                }

                o.PollInterval = TimeSpan.FromMilliseconds(100);
                o.Secrets = secrets;
                if (flow is not null)
                {
                    o.AddFlow(flow.FlowType);
                }
            });
            foreach (var action in flow?.ActionTypes ?? Enumerable.Empty<Type>())
            {
                if (action == typeof(Microsoft.Extensions.AI.IChatClient))
                {
                    services.TryAddSingleton(flow!.ChatModel); // LLM steps: the fake model unless --model chose a real one
                }
                else
                {
                    services.TryAddSingleton(action);
                }
            }

            var provider = services.BuildServiceProvider();
            var session = new JournalSession(provider, provider.GetRequiredService<IFlowClient>());
            try
            {
                // Opens the journal now, so a refused file fails here and not in the middle of an operation.
                await session.Client.ListRunsAsync(new RunQuery { Limit = 1 }, cancellationToken).ConfigureAwait(false);
                if (flow is not null)
                {
                    foreach (var hosted in provider.GetServices<IHostedService>())
                    {
                        await hosted.StartAsync(cancellationToken).ConfigureAwait(false);
                        session._started.Add(hosted);
                    }
                }
            }
            catch (JournalException error)
            {
                await session.DisposeAsync().ConfigureAwait(false);
                throw new UsageException(error.Message);
            }
            catch (DbException error)
            {
                // A database the check let through (the journal's table names, another shape): not a journal either.
                await session.DisposeAsync().ConfigureAwait(false);
                throw new UsageException($"'{journal}' cannot be used as a flow journal: {error.Message}");
            }
            catch
            {
                await session.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            return session;
        }

        /// <summary>
        /// Opens <paramref name="path"/> as a bare journal (no host), of the kind <see cref="JournalFile.Check"/> found; a
        /// journal that refuses to open (locked, newer, not a journal) is a <see cref="UsageException"/>.
        /// </summary>
        public static async Task<IRunJournal> OpenJournalAsync(string path, JournalKind kind, CancellationToken cancellationToken)
        {
            try
            {
                return kind == JournalKind.Sqlite
                    ? await SqliteRunJournal.OpenAsync(new SqliteJournalOptions { Path = path }, cancellationToken).ConfigureAwait(false)
                    : await LiteDbRunJournal.OpenAsync(new LiteDbJournalOptions { Path = path }, cancellationToken).ConfigureAwait(false);
            }
            catch (JournalException error)
            {
                throw new UsageException(error.Message);
            }
        }

        /// <summary>The run, or a <see cref="UsageException"/> when the journal has no such run.</summary>
        public async Task<RunDetails> GetRunAsync(string runId, CancellationToken cancellationToken)
        {
            if (!Guid.TryParse(runId, out var id))
            {
                throw new UsageException($"'{runId}' is not a run id (32 hex digits, as 'flow runs list' prints them).");
            }

            return await Client.GetRunAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new UsageException($"There is no run {id:N} in this journal.");
        }

        /// <summary>Every run that has <paramref name="status"/>, page by page (a journal lists at most 1,000 runs at a time).</summary>
        public async Task<IReadOnlyList<RunInfo>> AllRunsAsync(FlowStatus status, CancellationToken cancellationToken)
        {
            var runs = new List<RunInfo>();
            string? token = null;
            do
            {
                var page = await Client.ListRunsAsync(new RunQuery { Status = status, Limit = MaxPage, ContinuationToken = token }, cancellationToken).ConfigureAwait(false);
                runs.AddRange(page.Runs);
                token = page.ContinuationToken;
            }
            while (token is not null);

            return runs;
        }

        /// <summary>
        /// Waits until the run has ended, or has stayed waiting, paused or pending without change for a moment (nothing
        /// more for this process to run).
        /// </summary>
        public async Task<RunDetails> SettleAsync(Guid runId, CancellationToken cancellationToken)
        {
            (FlowStatus, int, DateTimeOffset)? last = null;
            var since = DateTimeOffset.UtcNow;
            while (true)
            {
                var run = await Client.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
                    ?? throw new UsageException($"The run {runId:N} is no longer in the journal.");
                if (run.Run.Status is FlowStatus.Completed or FlowStatus.Failed or FlowStatus.Cancelled)
                {
                    return run;
                }

                var state = (run.Run.Status, run.Steps.Count, run.Run.UpdatedAt);
                if (state != last)
                {
                    last = state;
                    since = DateTimeOffset.UtcNow;
                }
                else if (run.Run.Status is not FlowStatus.Running && DateTimeOffset.UtcNow - since >= Quiet)
                {
                    return run;
                }

                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var hosted in Enumerable.Reverse(_started))
            {
                await hosted.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }

            _started.Clear();
            await _services.DisposeAsync().ConfigureAwait(false);
        }
    }
}
