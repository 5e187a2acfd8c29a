using Automations.Compiled.Hosting.Sqlite;
using Automations.Compiled.Hosting.Tests.Contract;
using Automations.Compiled.Hosting.Tests.Support;

namespace Automations.Compiled.Hosting.Tests.Sqlite
{
    /// <summary>A test of what only the SQLite journal has (its PRAGMAs, its plans, its writer), on a real file.</summary>
    public abstract class SqliteJournalTest : JournalTest<SqliteBackend>
    {
        /// <summary>The journal as what it is, for its internals.</summary>
        internal SqliteRunJournal Sqlite => (SqliteRunJournal)Journal;
    }
}
