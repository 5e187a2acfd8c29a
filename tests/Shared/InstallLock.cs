using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace Automations.Compiled.Testing
{
    /// <summary>
    /// Lines up the test processes that install a Debian package on a fresh machine (PostgreSQL, chromium): the first takes
    /// the lock file and installs, the others wait for it (up to ten minutes) and then find the package installed.
    /// Linked from tests/Shared into every project that installs something.
    /// </summary>
    internal static class InstallLock
    {
        /// <summary>Takes the lock file <paramref name="name"/> in the temp folder, waiting while another process holds it.</summary>
        public static FileStream Take(string name)
        {
            var path = Path.Combine(Path.GetTempPath(), name);
            var watch = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                }
                catch (IOException) when (watch.Elapsed < TimeSpan.FromMinutes(10))
                {
                    Thread.Sleep(500);
                }
            }
        }
    }
}
