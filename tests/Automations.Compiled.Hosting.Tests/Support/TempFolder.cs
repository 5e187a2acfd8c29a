using System;
using System.IO;

namespace Automations.Compiled.Hosting.Tests.Support
{
    /// <summary>A fresh folder under the system temp folder, removed with everything in it.</summary>
    internal sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "automations-journal-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A test that failed may still hold the file; the OS cleans the temp folder.
            }
        }
    }
}
