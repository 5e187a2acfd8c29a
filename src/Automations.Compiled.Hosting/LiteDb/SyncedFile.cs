using System;
using System.IO;
using System.Threading;

namespace Automations.Compiled.Hosting.LiteDb
{
    /// <summary>
    /// One of the journal's two files (data or log), opened unbuffered and exclusively: no other process can open it
    /// while the journal holds it. <see cref="Flush"/> is an fsync, so LiteDB's own flushes (a checkpoint writing the data
    /// file) reach the disk, and the writer calls <see cref="Sync"/> after every commit before it acknowledges the batch.
    /// </summary>
    /// <remarks>
    /// LiteDB 5.0.21 writes a commit's pages to its log with plain writes and never flushes them (its issue #2818): on its
    /// own a returned commit lives in the OS cache until the next checkpoint. This stream is how the journal closes that gap.
    /// </remarks>
    internal sealed class SyncedFile : Stream
    {
        private readonly FileStream _file;
        private readonly Stream _inner;
        private long _syncs;

        private SyncedFile(FileStream file, Func<Stream, Stream>? wrap)
        {
            _file = file;
            _inner = wrap?.Invoke(file) ?? file;
        }

        /// <summary>The file's full path.</summary>
        public string Path => _file.Name;

        /// <summary>fsyncs so far (tests count them per batch).</summary>
        public long Syncs => Interlocked.Read(ref _syncs);

        /// <summary>
        /// Opens (creating when missing) <paramref name="path"/> for reading and writing, locked against every other open
        /// (FileShare.None: an exclusive <c>flock</c> on Unix, a share-mode lock on Windows).
        /// </summary>
        /// <exception cref="IOException">Another process (or another journal in this one) holds the file.</exception>
        public static SyncedFile Open(string path, Func<Stream, Stream>? wrap)
            => new(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, FileOptions.None), wrap);

        /// <summary>Writes what the OS holds of this file to the disk (fsync).</summary>
        public void Sync()
        {
            _file.Flush(flushToDisk: true);
            Interlocked.Increment(ref _syncs);
        }

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => true;

        public override long Length => _inner.Length;

        public override long Position
        {
            get => _inner.Position;
            set => _inner.Position = value;
        }

        public override void Flush() => Sync();

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

        public override void SetLength(long value) => _inner.SetLength(value);

        public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                _file.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
