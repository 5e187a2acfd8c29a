using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace Automations.Compiled.Hosting.LiteDb
{
    /// <summary>
    /// The journal's two files, held exclusively for as long as the journal is open: the data file and LiteDB's
    /// write-ahead log beside it (<c>name-log.ext</c>, LiteDB's own naming, so its tools find it). Opening checks the data
    /// file's header before LiteDB sees it: LiteDB would "repair" a file it does not recognise by cutting it to whole pages.
    /// </summary>
    internal sealed class LiteDbFiles : IDisposable
    {
        private const int PageSize = 8192;
        private const int HeaderInfoOffset = 32;
        private const int FileVersionOffset = 59;
        private const byte LiteDbFileVersion = 8;
        private static readonly byte[] LiteDbHeader = Encoding.ASCII.GetBytes("** This is a LiteDB file **");
        private static readonly byte[] SqliteHeader = Encoding.ASCII.GetBytes("SQLite format 3\0");

        private readonly Func<Stream, Stream>? _wrap;

        private LiteDbFiles(string path, string logPath, SyncedFile data, SyncedFile log, bool created, Func<Stream, Stream>? wrap)
        {
            Path = path;
            LogPath = logPath;
            Data = data;
            Log = log;
            Created = created;
            _wrap = wrap;
        }

        public string Path { get; }

        public string LogPath { get; }

        public SyncedFile Data { get; private set; }

        public SyncedFile Log { get; }

        /// <summary>True when this open created the data file (a failed first open removes it again).</summary>
        public bool Created { get; }

        /// <summary>The write-ahead log's path for a data file: <c>dir/name-log.ext</c>.</summary>
        public static string LogPathOf(string path)
            => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path) ?? "", System.IO.Path.GetFileNameWithoutExtension(path) + "-log" + System.IO.Path.GetExtension(path));

        /// <summary>Where a compaction writes the new copy of a journal before it renames it over the journal.</summary>
        public static string CompactPathOf(string path) => path + ".compact";

        /// <summary>Whether the first bytes of a file are a LiteDB data file's header (for tools that open a journal by its header).</summary>
        public static bool HasLiteDbHeader(ReadOnlySpan<byte> start)
            => start.Length >= HeaderInfoOffset + LiteDbHeader.Length && start.Slice(HeaderInfoOffset, LiteDbHeader.Length).SequenceEqual(LiteDbHeader);

        /// <summary>Locks and checks both files, and deletes what a compaction that did not finish left beside them.</summary>
        /// <exception cref="JournalException">A file is held by another process, is not a LiteDB journal, or cannot be opened; nothing was written.</exception>
        public static LiteDbFiles Open(string path, Func<Stream, Stream>? wrap)
        {
            var existed = File.Exists(path) && new FileInfo(path).Length > 0;
            var logPath = LogPathOf(path);
            SyncedFile? data = null;
            SyncedFile? log = null;
            try
            {
                data = OpenLocked(path, wrap);
                if (existed)
                {
                    CheckHeader(data, path);
                }

                log = OpenLocked(logPath, wrap);
                if (!existed)
                {
                    // A new file's directory entry must outlive a power cut as its first commit does.
                    SyncDirectory(System.IO.Path.GetDirectoryName(path));
                }

                // The journal is locked, so no compaction of it runs: a copy beside it is what a crash or a failure left
                // before the rename (the journal itself is whole), never the journal.
                DeleteCompact(path);
                return new LiteDbFiles(path, logPath, data, log, created: !existed, wrap);
            }
            catch
            {
                log?.Dispose();
                data?.Dispose();
                if (!existed)
                {
                    TryDelete(path);
                    TryDelete(logPath);
                }

                throw;
            }
        }

        /// <summary>
        /// Creates (replacing a leftover) the file a compaction copies the journal at <paramref name="path"/> into, locked
        /// and synced like the journal's own files, with a log of its own.
        /// </summary>
        public static LiteDbFiles CreateCompact(string path, Func<Stream, Stream>? wrap)
        {
            DeleteCompact(path);
            return Open(CompactPathOf(path), wrap);
        }

        /// <summary>
        /// Puts a compacted copy (from <see cref="CreateCompact"/>, complete and synced, its log empty) in place of this data
        /// file and returns the journal's files from now on: the copy under this path, with this log, which must be empty
        /// and synced so (it then pairs with either data file). The rename is atomic, so a crash leaves the old file or the
        /// copy under the path, each whole. On POSIX both files stay open and locked through the rename, and the lock
        /// moves with the copy: no other process can open the journal in between. Windows renames no open file: there
        /// both are closed, renamed and the copy opened again.
        /// </summary>
        /// <exception cref="IOException">The rename failed: the copy is deleted and this journal is as it was.</exception>
        public LiteDbFiles Replace(LiteDbFiles compact)
        {
            if (Log.Length != 0 || compact.Log.Length != 0)
            {
                compact.Dispose();
                compact.DeleteCreated();
                throw new InvalidOperationException("A compacted copy replaces a journal only while both logs are empty.");
            }

            SyncedFile data;
            try
            {
                if (OperatingSystem.IsWindows())
                {
                    compact.Data.Dispose();
                    Data.Dispose();
                    File.Move(compact.Path, Path, overwrite: true);
                    data = OpenLocked(Path, _wrap);
                }
                else
                {
                    File.Move(compact.Path, Path, overwrite: true);
                    data = compact.Data;
                    Data.Dispose();
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                if (OperatingSystem.IsWindows())
                {
                    Data = OpenLocked(Path, _wrap);
                }

                compact.Dispose();
                compact.DeleteCreated();
                throw;
            }

            SyncDirectory(System.IO.Path.GetDirectoryName(Path));
            compact.Log.Dispose();
            TryDelete(compact.LogPath);
            return new LiteDbFiles(Path, LogPath, data, Log, created: false, _wrap);
        }

        /// <summary>Removes what a failed first open created, so the next open starts clean.</summary>
        public void DeleteCreated()
        {
            if (Created)
            {
                TryDelete(Path);
                TryDelete(LogPath);
            }
        }

        public void Dispose()
        {
            var emptyLog = Log.Length == 0;
            Log.Dispose();
            Data.Dispose();

            // LiteDB deletes an empty log itself only when it opened the files by name.
            if (emptyLog)
            {
                TryDelete(LogPath);
            }
        }

        /// <summary>Deletes a compaction's copy of the journal at <paramref name="path"/> and its log, if any.</summary>
        private static void DeleteCompact(string path)
        {
            var compact = CompactPathOf(path);
            TryDelete(compact);
            TryDelete(LogPathOf(compact));
        }

        private static SyncedFile OpenLocked(string path, Func<Stream, Stream>? wrap)
        {
            try
            {
                return SyncedFile.Open(path, wrap);
            }
            catch (IOException error) when (File.Exists(path) && error is not FileNotFoundException and not DirectoryNotFoundException and not PathTooLongException)
            {
                throw new JournalException(
                    $"The journal file '{path}' is in use by another process (another host, or the flow tool while a host runs). A LiteDB " +
                    "journal is opened by one process at a time: stop the other process first, or use a SQLite or PostgreSQL journal " +
                    "to share runs between processes.",
                    error);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new JournalException($"The journal file '{path}' cannot be opened: {error.Message}", error);
            }
        }

        private static void CheckHeader(SyncedFile data, string path)
        {
            var start = new byte[PageSize];
            data.Position = 0;
            var read = 0;
            while (read < start.Length && data.Read(start, read, start.Length - read) is var n and > 0)
            {
                read += n;
            }

            data.Position = 0;
            var header = start.AsSpan(0, read);
            if (header.StartsWith(SqliteHeader))
            {
                throw new JournalException(
                    $"The file '{path}' is a SQLite journal, not a LiteDB one: open it with UseSqlite(\"{path}\") (flow runs --journal finds the kind by itself).");
            }

            if (!HasLiteDbHeader(header))
            {
                throw new JournalException(
                    $"The file '{path}' is not a journal (it is not a LiteDB file); nothing was changed. Point the journal at its own file, or at a new path.");
            }

            if (header[FileVersionOffset] != LiteDbFileVersion)
            {
                throw new JournalException(
                    $"The file '{path}' is a LiteDB file of another format (file version {header[FileVersionOffset]}, this release reads {LiteDbFileVersion}); nothing was changed.");
            }
        }

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // Left behind: the next open finds an empty or a foreign file and says so.
            }
        }

        /// <summary>fsyncs a directory, so a file created in it survives a power cut (POSIX only; Windows has no such call).</summary>
        internal static void SyncDirectory(string? directory)
        {
            if (string.IsNullOrEmpty(directory) || !(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()))
            {
                return;
            }

            var fd = NativeMethods.open(directory, 0 /* O_RDONLY */);
            if (fd < 0)
            {
                return;
            }

            try
            {
                _ = NativeMethods.fsync(fd);
            }
            finally
            {
                _ = NativeMethods.close(fd);
            }
        }

        private static class NativeMethods
        {
#pragma warning disable SYSLIB1054 // LibraryImport needs AllowUnsafeBlocks: three plain calls do not justify it.
            [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
            public static extern int open(string path, int flags);

            [DllImport("libc", SetLastError = true)]
            public static extern int fsync(int fd);

            [DllImport("libc", SetLastError = true)]
            public static extern int close(int fd);
#pragma warning restore SYSLIB1054
        }
    }
}
