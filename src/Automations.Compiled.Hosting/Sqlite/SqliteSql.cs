using System.Threading;

namespace Automations.Compiled.Hosting.Sqlite
{
    /// <summary>
    /// The text of a statement the journal runs on every run, declared once (a <c>static readonly</c> field) with a slot of
    /// its own in every connection's <see cref="SqliteCommandCache"/>: finding its prepared statement is an array index, not
    /// a look-up by its text.
    /// </summary>
    internal sealed class SqliteSql
    {
        private static int s_count;

        public SqliteSql(string text)
        {
            Text = text;
            Slot = Interlocked.Increment(ref s_count) - 1;
        }

        /// <summary>The SQL, its parameters numbered (<c>?1</c>, <c>?2</c>, …).</summary>
        public string Text { get; }

        /// <summary>Its index in a connection's cache.</summary>
        public int Slot { get; }

        public override string ToString() => Text;
    }
}
