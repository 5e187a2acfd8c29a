namespace Automations.Compiled.Hosting
{
    /// <summary>What <see cref="IRunJournal.CompactAsync"/> did to the journal's files.</summary>
    /// <param name="BytesBefore">The journal's files (data file and its write-ahead log) before, in bytes.</param>
    /// <param name="BytesAfter">The same files after, in bytes.</param>
    public sealed record JournalCompaction(long BytesBefore, long BytesAfter)
    {
        /// <summary>The bytes given back to the file system (negative in the rare case the files grew).</summary>
        public long BytesFreed => BytesBefore - BytesAfter;
    }
}
