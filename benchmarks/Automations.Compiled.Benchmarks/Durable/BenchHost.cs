using System;
using System.IO;
using System.Threading.Tasks;
using Automations.Compiled.Hosting;
using Automations.Compiled.Hosting.LiteDb;
using Automations.Compiled.Hosting.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Automations.Compiled.Benchmarks.Durable
{
    /// <summary>
    /// A real generic host running the benchmark flows on a fresh journal file in a temporary folder, with the journal's
    /// defaults: LiteDB (every commit fsynced, group commit) or SQLite (WAL, <c>synchronous=FULL</c>, group commit).
    /// Disposing stops the host and deletes the folder.
    /// </summary>
    internal sealed class BenchHost : IAsyncDisposable
    {
        /// <summary>Set to 1 to see the host's warnings and errors on the console.</summary>
        public const string LogVariable = "AUTOMATIONS_BENCH_LOG";

        private readonly IHost _host;
        private readonly string _folder;

        private BenchHost(IHost host, string folder, JournalBackend backend, string journalPath, JournalCallCounter? calls)
        {
            _host = host;
            _folder = folder;
            Backend = backend;
            JournalPath = journalPath;
            Calls = calls;
            Client = host.Services.GetRequiredService<IFlowClient>();
            Services = host.Services;
        }

        public IFlowClient Client { get; }

        /// <summary>The host's container (for <c>ILifecycle&lt;TEntity&gt;</c>).</summary>
        public IServiceProvider Services { get; }

        public JournalBackend Backend { get; }

        public string JournalPath { get; }

        /// <summary>Calls to the journal by operation, when the host was started with <c>countCalls</c>.</summary>
        public JournalCallCounter? Calls { get; }

        /// <summary>The journal's files, in bytes: the data file and its log (LiteDB), or the database and its write-ahead log (SQLite).</summary>
        public long JournalBytes => Size(JournalPath) + JournalLogBytes;

        /// <summary>The log alone: LiteDB's <c>name-log.litedb</c>, SQLite's <c>-wal</c>.</summary>
        public long JournalLogBytes => Size(LogPathOf(Backend, JournalPath));

        /// <summary>The log beside a journal file.</summary>
        public static string LogPathOf(JournalBackend backend, string path)
            => backend == JournalBackend.LiteDb ? LiteDbFiles.LogPathOf(path) : path + "-wal";

        /// <summary>
        /// Starts a host on <paramref name="backend"/> with <paramref name="concurrency"/> worker slots hosting every benchmark flow. With
        /// <paramref name="countCalls"/> the journal is wrapped in a proxy that counts its calls (diagnostics only: the
        /// proxy's reflection costs CPU, so throughput is never measured through it). <paramref name="pollInterval"/>
        /// replaces the default poll interval (1 s) of the claim loop. <paramref name="configure"/> adds to the options
        /// (lifecycle templates and their flows).
        /// </summary>
        public static async Task<BenchHost> StartAsync(JournalBackend backend, int concurrency, bool countCalls = false, TimeSpan? pollInterval = null, Action<AutomationsOptions>? configure = null)
        {
            var folder = NewFolder();
            var path = Path.Combine(folder, backend == JournalBackend.LiteDb ? "journal.litedb" : "journal.db");
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = folder });
            builder.Logging.ClearProviders();
            if (Environment.GetEnvironmentVariable(LogVariable) is "1")
            {
                // Diagnostics: the host's warnings and errors (lost leases, legs it could not run) on the console.
                builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
            }

            var calls = countCalls ? new JournalCallCounter() : null;
            builder.Services.AddAutomations(o =>
            {
                switch (backend, calls)
                {
                    case (JournalBackend.LiteDb, null):
                        o.UseLiteDb(path);
                        break;
                    case (JournalBackend.LiteDb, _):
                        o.UseJournal(async (_, cancellationToken) => calls.Wrap(await LiteDbRunJournal.OpenAsync(new LiteDbJournalOptions { Path = path }, cancellationToken).ConfigureAwait(false)), "litedb:" + path);
                        break;
                    case (_, null):
                        o.UseSqlite(path);
                        break;
                    default:
                        o.UseJournal(async (_, cancellationToken) => calls.Wrap(await SqliteRunJournal.OpenAsync(new SqliteJournalOptions { Path = path }, cancellationToken).ConfigureAwait(false)), "sqlite:" + path);
                        break;
                }

                o.Concurrency = concurrency;
                if (pollInterval is { } poll)
                {
                    o.PollInterval = poll;
                }

                o.AddFlow<DurableThreeStepFlow>().AddFlow<CheckpointThreeStepFlow>().AddFlow<InMemoryThreeStepFlow>().AddFlow<WaitingFlow>();
                configure?.Invoke(o);
            });
            var host = builder.Build();
            await host.StartAsync().ConfigureAwait(false);
            return new BenchHost(host, folder, backend, path, calls);
        }

        /// <summary>A new, empty temporary folder for one journal (<see cref="DeleteFolder"/> removes it).</summary>
        public static string NewFolder()
        {
            var folder = Path.Combine(Path.GetTempPath(), "automations-bench-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            return folder;
        }

        /// <summary>Deletes a folder of <see cref="NewFolder"/>; one left behind is harmless.</summary>
        public static void DeleteFolder(string folder)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder left behind is harmless.
            }
        }

        /// <summary>
        /// SQLite: moves the write-ahead log into the database file and truncates it, so the file sizes are what the rows
        /// take. LiteDB: nothing; its files are locked by the open journal, whose writer copies the log into the data file
        /// only once the log passes 8 MiB, so <see cref="JournalBytes"/> then includes up to that much of log.
        /// </summary>
        public void CheckpointJournal()
        {
            if (Backend == JournalBackend.LiteDb)
            {
                return;
            }

            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = JournalPath, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            for (var attempt = 0; attempt < 50; attempt++)
            {
                using var reader = command.ExecuteReader();
                if (reader.Read() && reader.GetInt64(0) == 0)
                {
                    return;
                }

                System.Threading.Thread.Sleep(20);
            }

            throw new InvalidOperationException("The journal stayed busy: its write-ahead log could not be checkpointed.");
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await _host.StopAsync().ConfigureAwait(false);
            }
            finally
            {
                if (_host is IAsyncDisposable disposable)
                {
                    await disposable.DisposeAsync().ConfigureAwait(false);
                }
                else
                {
                    _host.Dispose();
                }

                SqliteConnection.ClearAllPools();
                DeleteFolder(_folder);
            }
        }

        private static long Size(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
    }
}
