using System;
using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Automations.Compiled.Hosting.Sqlite
{
    /// <summary>
    /// One SQL statement prepared once on a connection and run again and again, its parameters bound by position
    /// (<c>?1</c>, <c>?2</c>, …) straight from spans: the journal's per-run statements, without the per-call objects
    /// of Microsoft.Data.Sqlite's commands (a binder per parameter, a reader, boxed values, the ids as strings).
    /// </summary>
    /// <remarks>
    /// Not thread-safe: a connection has one user at a time. Every use ends with <see cref="Execute"/> or with
    /// <see cref="Reset"/> after the rows were read (a <c>using</c> of <see cref="Query"/>), so an idle statement never
    /// holds a read transaction. Errors are <see cref="SqliteException"/>s with SQLite's codes, as Microsoft.Data.Sqlite
    /// throws them, so the writer tells a refused write from a storage failure the same way.
    /// </remarks>
    internal sealed class SqliteStatement : IDisposable
    {
        private const int StackText = 256;
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _statement;

        private SqliteStatement(sqlite3 db, sqlite3_stmt statement)
        {
            _db = db;
            _statement = statement;
        }

        /// <summary>Prepares <paramref name="sql"/> on <paramref name="db"/>, to be kept (SQLITE_PREPARE_PERSISTENT).</summary>
        public static SqliteStatement Prepare(sqlite3 db, string sql)
        {
            const uint persistent = 0x01;
            var rc = raw.sqlite3_prepare_v3(db, sql, persistent, out var statement);
            if (rc != raw.SQLITE_OK)
            {
                statement?.Dispose();
                throw Error(db, rc);
            }

            return new SqliteStatement(db, statement);
        }

        /// <summary>Binds an integer.</summary>
        public SqliteStatement Int(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

        /// <summary>Binds an integer, or NULL.</summary>
        public SqliteStatement Int(int index, long? value) => value is { } v ? Int(index, v) : Null(index);

        /// <summary>Binds NULL.</summary>
        public SqliteStatement Null(int index) => Check(raw.sqlite3_bind_null(_statement, index));

        /// <summary>Binds a run or flow id as the journal stores it: 32 lower-case hex digits.</summary>
        public SqliteStatement Id(int index, Guid id)
        {
            Span<byte> text = stackalloc byte[32];
            id.TryFormat(text, out _, "N");
            return Check(raw.sqlite3_bind_text(_statement, index, text));
        }

        /// <summary>Binds UTF-8 text (SQLite copies it).</summary>
        public SqliteStatement Text(int index, ReadOnlySpan<byte> utf8) => Check(raw.sqlite3_bind_text(_statement, index, utf8));

        /// <summary>Binds text, or NULL; the string is encoded on the stack when short.</summary>
        public SqliteStatement Text(int index, string? value)
        {
            if (value is null)
            {
                return Null(index);
            }

            var most = Encoding.UTF8.GetMaxByteCount(value.Length);
            byte[]? rented = null;
            var buffer = most <= StackText ? stackalloc byte[StackText] : (rented = ArrayPool<byte>.Shared.Rent(most));
            try
            {
                var length = Encoding.UTF8.GetBytes(value, buffer);
                return Check(raw.sqlite3_bind_text(_statement, index, buffer[..length]));
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }

        /// <summary>Binds bytes as a BLOB (SQLite copies them).</summary>
        public SqliteStatement Blob(int index, ReadOnlySpan<byte> bytes) => Check(raw.sqlite3_bind_blob(_statement, index, bytes));

        /// <summary>Binds bytes as a BLOB, or NULL.</summary>
        public SqliteStatement Blob(int index, byte[]? bytes) => bytes is null ? Null(index) : Blob(index, bytes.AsSpan());

        /// <summary>Runs the statement to its end and resets it; returns the rows it changed.</summary>
        public int Execute()
        {
            try
            {
                int rc;
                while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
                {
                }

                if (rc != raw.SQLITE_DONE)
                {
                    throw Error(_db, rc);
                }

                return raw.sqlite3_changes(_db);
            }
            finally
            {
                raw.sqlite3_reset(_statement);
            }
        }

        /// <summary>Starts reading rows: dispose the cursor to reset the statement.</summary>
        public Rows Query() => new(this);

        /// <summary>Runs the statement for its first row's first column as an integer (its end and reset included); null for no row or NULL.</summary>
        public long? ScalarInt64()
        {
            using var rows = Query();
            return rows.Next() && !rows.IsNull(0) ? rows.Int64(0) : null;
        }

        /// <summary>Ends a use without running it to the end.</summary>
        public void Reset() => raw.sqlite3_reset(_statement);

        public void Dispose() => _statement.Dispose();

        private SqliteStatement Check(int rc) => rc == raw.SQLITE_OK ? this : throw Error(_db, rc);

        private static SqliteException Error(sqlite3 db, int rc)
        {
            var extended = raw.sqlite3_extended_errcode(db);
            return new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(db).utf8_to_string()}'.", rc, extended);
        }

        /// <summary>The rows of one use of a statement; its disposal resets the statement.</summary>
        public readonly ref struct Rows
        {
            private readonly SqliteStatement _owner;

            public Rows(SqliteStatement owner) => _owner = owner;

            /// <summary>Steps to the next row: false at the end.</summary>
            public bool Next()
            {
                var rc = raw.sqlite3_step(_owner._statement);
                return rc switch
                {
                    raw.SQLITE_ROW => true,
                    raw.SQLITE_DONE => false,
                    _ => throw Error(_owner._db, rc),
                };
            }

            public bool IsNull(int column) => raw.sqlite3_column_type(_owner._statement, column) == raw.SQLITE_NULL;

            public long Int64(int column) => raw.sqlite3_column_int64(_owner._statement, column);

            public int Int32(int column) => raw.sqlite3_column_int(_owner._statement, column);

            public long? NullableInt64(int column) => IsNull(column) ? null : Int64(column);

            /// <summary>A text column's UTF-8 bytes, valid until the next step or the reset.</summary>
            public ReadOnlySpan<byte> Utf8(int column) => raw.sqlite3_column_blob(_owner._statement, column);

            public string String(int column) => Encoding.UTF8.GetString(Utf8(column));

            /// <summary>The column's text, as <paramref name="likely"/> itself (no new string) when it holds the same text.</summary>
            public string String(int column, string? likely)
            {
                var utf8 = Utf8(column);
                if (likely is not null && likely.Length == utf8.Length)
                {
                    var same = true;
                    for (var i = 0; i < utf8.Length && same; i++)
                    {
                        same = utf8[i] < 0x80 && utf8[i] == likely[i];
                    }

                    if (same)
                    {
                        return likely;
                    }
                }

                return Encoding.UTF8.GetString(utf8);
            }

            public string? NullableString(int column) => IsNull(column) ? null : String(column);

            public byte[]? NullableBytes(int column) => IsNull(column) ? null : Utf8(column).ToArray();

            /// <summary>A run id stored as 32 hex digits.</summary>
            public Guid Id(int column)
            {
                Span<char> text = stackalloc char[32];
                var utf8 = Utf8(column);
                if (utf8.Length != 32)
                {
                    throw new FormatException("A journal id is not 32 hex digits.");
                }

                for (var i = 0; i < 32; i++)
                {
                    text[i] = (char)utf8[i];
                }

                return Guid.ParseExact(text, "N");
            }

            /// <summary>An enum stored by name, parsed without a string.</summary>
            public T Enum<T>(int column)
                where T : struct, System.Enum
            {
                var utf8 = Utf8(column);
                Span<char> text = stackalloc char[Math.Min(utf8.Length, 64)];
                var length = Encoding.UTF8.GetChars(utf8[..text.Length], text);
                return System.Enum.Parse<T>(text[..length]);
            }

            public void Dispose() => raw.sqlite3_reset(_owner._statement);
        }
    }
}
