using System;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Automations.Compiled.Hosting
{
    /// <summary>Tells an outage of the journal's store (try again later) from an error of the request or of the run.</summary>
    internal static class JournalFaults
    {
        /// <summary>
        /// True when <paramref name="error"/>, or an exception it wraps, says the store is unavailable: a
        /// <see cref="JournalUnavailableException"/>; a database error its driver calls transient (a refused or broken
        /// connection); a SQLite database that stayed busy or locked past its timeout (another process writing); or a
        /// SQLSTATE of a connection exception (class 08), an operator intervention (57: a server shutting down or restarting)
        /// or insufficient resources (53).
        /// </summary>
        public static bool IsUnavailable(Exception? error)
        {
            for (var depth = 0; error is not null && depth < 8; depth++)
            {
                switch (error)
                {
                    case JournalUnavailableException:
                        return true;
                    case SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED }:
                        return true;
                    case DbException database when database.IsTransient || IsOutageState(database.SqlState):
                        return true;
                    case AggregateException { InnerExceptions.Count: 1 } aggregate:
                        error = aggregate.InnerExceptions[0];
                        continue;
                }

                error = error.InnerException;
            }

            return false;
        }

        private static bool IsOutageState(string? sqlState)
            => sqlState is { Length: 5 } && (sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState.StartsWith("57", StringComparison.Ordinal) || sqlState.StartsWith("53", StringComparison.Ordinal));
    }
}
