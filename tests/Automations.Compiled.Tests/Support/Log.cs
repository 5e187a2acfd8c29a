using System.Collections.Generic;

namespace Automations.Compiled.Tests.Support
{
    /// <summary>What the steps of a test flow did, in order (thread-safe for parallel branches).</summary>
    internal sealed class Log
    {
        private readonly List<string> _entries = new();

        public IReadOnlyList<string> Entries
        {
            get
            {
                lock (_entries)
                {
                    return _entries.ToArray();
                }
            }
        }

        public void Add(string entry)
        {
            lock (_entries)
            {
                _entries.Add(entry);
            }
        }
    }
}
