using System.Threading.Tasks;
using Automations.Compiled.Hosting.Sqlite;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Sqlite
{
    /// <summary>The SQLite settings that make a commit durable are in effect.</summary>
    public sealed class SqlitePragmaTests : SqliteJournalTest
    {
        [Fact]
        public async Task The_writer_runs_with_wal_synchronous_full_foreign_keys_and_a_busy_timeout()
        {
            Assert.Equal("wal", await Sqlite.PragmaAsync("journal_mode"));
            Assert.Equal(2L, await Sqlite.PragmaAsync("synchronous")); // 2 = FULL
            Assert.Equal(1L, await Sqlite.PragmaAsync("foreign_keys"));
            Assert.Equal(5000L, await Sqlite.PragmaAsync("busy_timeout"));
        }

        [Fact]
        public async Task Synchronous_normal_can_be_chosen()
        {
            await using var journal = await SqliteRunJournal.OpenAsync(new SqliteJournalOptions { Path = Folder.File("normal.db"), Synchronous = SqliteSynchronous.Normal });

            Assert.Equal(1L, await journal.PragmaAsync("synchronous")); // 1 = NORMAL
            Assert.Equal("wal", await journal.PragmaAsync("journal_mode"));
        }
    }
}
