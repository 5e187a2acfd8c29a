using System;
using System.IO;
using System.Reflection.PortableExecutable;
using System.Text;

namespace Automations.Compiled.Cli
{
    /// <summary>
    /// A file named on the command line. Every mistake (no name, a missing file, a folder, a file that cannot be read or
    /// never ends) is a <see cref="UsageException"/> of one line, never an exception from the file system.
    /// </summary>
    internal static class InputFile
    {
        /// <summary>Flows, templates and JSON arguments are small: a longer file (or a device such as /dev/zero) is refused before it fills memory.</summary>
        public const int MaxChars = 16 * 1024 * 1024;

        /// <summary>Refuses a path that does not name an existing file; <paramref name="what"/> starts the message ("The flow file").</summary>
        public static void Require(string path, string what)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new UsageException($"{what} is not named (an empty path).");
            }

            if (Directory.Exists(path))
            {
                throw new UsageException($"{what} '{path}' is a folder, not a file.");
            }

            if (!File.Exists(path))
            {
                throw new UsageException($"{what} '{path}' does not exist.");
            }
        }

        /// <summary>The file's text (UTF-8 unless a byte order mark says otherwise, as <see cref="File.ReadAllText(string)"/> reads it).</summary>
        public static string ReadText(string path, string what)
        {
            Require(path, what);
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                var text = new StringBuilder();
                var chunk = new char[81920];
                int read;
                while ((read = reader.Read(chunk, 0, chunk.Length)) > 0)
                {
                    if (text.Length + read > MaxChars)
                    {
                        throw new UsageException($"{what} '{path}' is larger than {MaxChars / (1024 * 1024)} MB.");
                    }

                    text.Append(chunk, 0, read);
                }

                return text.ToString();
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"{what} '{path}' cannot be read: {error.Message}");
            }
        }

        /// <summary>Refuses a path that is not a .NET assembly (a file of managed code, as a build writes it).</summary>
        public static void RequireAssembly(string path, string what)
        {
            Require(path, what);
            bool managed;
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var pe = new PEReader(stream);
                managed = pe.HasMetadata;
            }
            catch (BadImageFormatException)
            {
                managed = false;
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"{what} '{path}' cannot be read: {error.Message}");
            }

            if (!managed)
            {
                throw new UsageException($"{what} '{path}' is not a .NET assembly.");
            }
        }
    }
}
