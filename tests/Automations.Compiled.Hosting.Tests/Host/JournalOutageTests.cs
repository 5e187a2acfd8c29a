using System;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Host
{
    /// <summary>
    /// A journal whose store is out for a moment in the middle of a leg (a server restarting, a lost connection, a busy
    /// database): the host hands the run back and it completes from its last checkpoint. Only an error of the run itself
    /// (a snapshot it cannot read) makes it a dead letter.
    /// </summary>
    public sealed class JournalOutageTests : IDisposable
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "automations-outage-" + Guid.NewGuid().ToString("N"));

        public JournalOutageTests() => Directory.CreateDirectory(_directory);

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        public static TheoryData<string> Outages => new() { "npgsql-connection-refused", "postgres-admin-shutdown", "sqlite-busy", "journal-unavailable" };

        [Theory]
        [MemberData(nameof(Outages))]
        public async Task A_run_whose_leg_meets_the_store_out_when_it_reads_its_snapshot_completes_once_the_store_is_back(string outage)
        {
            var (host, journal, effects) = await StartAsync();
            await using (host)
            {
                var run = await host.Client.StartAsync(OutageFlow.Id, new OutageItem("a"));
                Assert.Equal(FlowStatus.Waiting, await host.Client.UntilAsync(run.RunId, FlowStatus.Waiting));

                journal.FailNext(nameof(IRunJournal.GetSnapshotAsync), Outage(outage));
                Assert.Equal(1, await host.Client.RaiseEventAsync("outage-go", "now"));

                Assert.Equal(FlowStatus.Completed, await host.Client.UntilAsync(run.RunId, FlowStatus.Completed));
                Assert.Equal(0, journal.Pending);
                Assert.Equal(new[] { "got:a:now" }, effects.Entries);
                Assert.Contains(host.Logs.Logs, l => l.Message.Contains("the journal is unavailable, so the run is handed back", StringComparison.Ordinal));
            }
        }

        [Fact]
        public async Task A_run_whose_leg_end_cannot_be_written_while_the_store_is_out_runs_the_leg_again_and_completes()
        {
            var (host, journal, effects) = await StartAsync();
            await using (host)
            {
                var run = await host.Client.StartAsync(OutageFlow.Id, new OutageItem("b"));
                Assert.Equal(FlowStatus.Waiting, await host.Client.UntilAsync(run.RunId, FlowStatus.Waiting));

                journal.FailNext(nameof(IRunJournal.EndLegAsync), Outage("journal-unavailable"));
                await host.Client.RaiseEventAsync("outage-go", "now");

                Assert.Equal(FlowStatus.Completed, await host.Client.UntilAsync(run.RunId, FlowStatus.Completed));
                Assert.Equal(0, journal.Pending);
                var details = (await host.Client.GetRunAsync(run.RunId))!;
                Assert.Equal(1, details.Steps.Count(s => s.StepId == "got")); // the lost leg's step was not committed; the new leg's was
                Assert.All(effects.Entries, e => Assert.Equal("got:b:now", e)); // at least once, as after a crash (SPEC: idempotency keys)
                Assert.NotEmpty(effects.Entries);
            }
        }

        [Fact]
        public async Task A_run_whose_snapshot_cannot_be_read_for_a_reason_of_its_own_is_failed_with_the_reason()
        {
            var (host, journal, effects) = await StartAsync();
            await using (host)
            {
                var run = await host.Client.StartAsync(OutageFlow.Id, new OutageItem("c"));
                Assert.Equal(FlowStatus.Waiting, await host.Client.UntilAsync(run.RunId, FlowStatus.Waiting));

                journal.FailNext(nameof(IRunJournal.GetSnapshotAsync), new InvalidDataException("The snapshot is not a snapshot of this flow."));
                await host.Client.RaiseEventAsync("outage-go", "now");

                Assert.Equal(FlowStatus.Failed, await host.Client.UntilAsync(run.RunId, FlowStatus.Completed));
                var details = (await host.Client.GetRunAsync(run.RunId))!;
                Assert.Contains("The host could not run this run: The snapshot is not a snapshot of this flow.", details.Run.Error!.Message, StringComparison.Ordinal);
                Assert.Empty(effects.Entries);
            }
        }

        [Theory]
        [MemberData(nameof(Outages))]
        public void Outages_are_told_from_errors_of_the_request_through_wrapping(string outage)
        {
            var error = Outage(outage);
            Assert.True(JournalFaults.IsUnavailable(error));
            Assert.True(JournalFaults.IsUnavailable(new JournalException("The journal could not commit a batch.", error)));
            Assert.True(JournalFaults.IsUnavailable(new AggregateException(error)));
        }

        [Fact]
        public void Errors_of_the_request_or_the_run_are_not_outages()
        {
            Assert.False(JournalFaults.IsUnavailable(new JournalException("Flow 'x' version 1 is not registered.")));
            Assert.False(JournalFaults.IsUnavailable(new SqliteException("UNIQUE constraint failed: runs.id", 19)));
            Assert.False(JournalFaults.IsUnavailable(new PostgresException("duplicate key value", "ERROR", "ERROR", "23505")));
            Assert.False(JournalFaults.IsUnavailable(new InvalidOperationException("bad input", new FormatException())));
            Assert.False(JournalFaults.IsUnavailable(null));
        }

        private static Exception Outage(string kind) => kind switch
        {
            "npgsql-connection-refused" => new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)),
            "postgres-admin-shutdown" => new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"),
            "sqlite-busy" => new SqliteException("database is locked", 5),
            "journal-unavailable" => new JournalUnavailableException("The journal lost its connection and could not open it again."),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };

        private async Task<(TestHost Host, OutageJournal Journal, Effects Effects)> StartAsync()
        {
            var effects = new Effects();
            OutageJournal? journal = null;
            var path = Path.Combine(_directory, "automations.db");
            var host = await TestHost.StartAsync(
                o => o.UseJournal(
                    async (_, cancellationToken) =>
                    {
                        journal = OutageJournal.Wrap(await SqliteRunJournal.OpenAsync(new SqliteJournalOptions { Path = path }, cancellationToken));
                        return (IRunJournal)(object)journal;
                    },
                    "sqlite with outages:" + path),
                effects,
                o => o.AddFlow<OutageFlow>());
            await host.Services.GetJournalAsync();
            return (host, journal!, effects);
        }

        /// <summary>A journal that fails the next call of one method with a given error instead of making it.</summary>
        public class OutageJournal : DispatchProxy
        {
            private IRunJournal _inner = null!;
            private Fault? _next;

            /// <summary>Armed failures not yet met.</summary>
            public int Pending => Volatile.Read(ref _next) is null ? 0 : 1;

            public static OutageJournal Wrap(IRunJournal inner)
            {
                var proxy = Create<IRunJournal, OutageJournal>();
                var journal = (OutageJournal)(object)proxy;
                journal._inner = inner;
                return journal;
            }

            public void FailNext(string method, Exception error) => Volatile.Write(ref _next, new Fault(method, error));

            private sealed record Fault(string Method, Exception Error);

            protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
            {
                if (Volatile.Read(ref _next) is { } next && next.Method == targetMethod!.Name && Interlocked.CompareExchange(ref _next, null, next) == next)
                {
                    throw next.Error;
                }

                try
                {
                    return targetMethod!.Invoke(_inner, args);
                }
                catch (TargetInvocationException error) when (error.InnerException is not null)
                {
                    ExceptionDispatchInfo.Capture(error.InnerException).Throw();
                    throw;
                }
            }
        }
    }

    public sealed record OutageItem(string Id);

    /// <summary>Waits for an event, then records it.</summary>
    [Flow(Id)]
    internal sealed partial class OutageFlow : IFlow<OutageItem>
    {
        public const string Id = "outage";

        private readonly Effects _e;

        public OutageFlow(Effects e) => _e = e;

        [Wait(1, Event = "outage-go", TimeoutSeconds = 3600)]
        partial void AwaitGo();

        [Action(1, Parent = nameof(AwaitGo), On = Endpoints.Event)]
        private void Got(OutageItem item, [FromStep(nameof(AwaitGo))] object? payload) => _e.Add($"got:{item.Id}:{payload}");
    }
}
