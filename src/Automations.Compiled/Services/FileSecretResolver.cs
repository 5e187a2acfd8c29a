using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled
{
    /// <summary>
    /// Reads secrets from a directory holding one file per secret, the Docker and Kubernetes convention: the file name
    /// is the secret's name, the content its value (UTF-8, with one trailing newline removed).
    /// </summary>
    /// <remarks>
    /// <para>
    /// A name that could reach outside the directory is refused (the secret does not exist): one containing <c>/</c>,
    /// <c>\</c> or <c>..</c>, an absolute or rooted path, <c>.</c>, or a character that is not valid in a file name.
    /// A file that is a symbolic link is followed only when its final target lies inside the directory, which is how
    /// Kubernetes mounts secrets (<c>NAME</c> → <c>..data/NAME</c>); links to anywhere else are refused. Directory
    /// links inside the directory are trusted: whoever can create them already controls the secrets.
    /// </para>
    /// <para>
    /// Nothing is cached: every call reads the file, so a rotated secret is used from the next call on and no copy
    /// outlives the call. A caller that wants to cache decorates the resolver and owns that choice.
    /// </para>
    /// </remarks>
    public sealed class FileSecretResolver : ISecretResolver
    {
        /// <summary>Where Docker mounts secrets in a container.</summary>
        public const string DockerSecretsDirectory = "/run/secrets";

        private static readonly char[] InvalidNameChars = Path.GetInvalidFileNameChars();

        private static readonly StringComparison PathComparison =
            OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

        private readonly string _prefix;

        /// <summary>Creates a resolver reading the files of <paramref name="directory"/>.</summary>
        /// <param name="directory">The directory; it need not exist yet (every secret is then missing).</param>
        /// <exception cref="ArgumentException"><paramref name="directory"/> is empty.</exception>
        public FileSecretResolver(string directory)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(directory);
            DirectoryPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
            _prefix = Path.EndsInDirectorySeparator(DirectoryPath) ? DirectoryPath : DirectoryPath + Path.DirectorySeparatorChar;
        }

        /// <summary>The directory, as a full path.</summary>
        public string DirectoryPath { get; }

        /// <inheritdoc />
        /// <returns>The file's content without one trailing <c>\n</c> or <c>\r\n</c>; null when there is no such file
        /// or the name is refused.</returns>
        public async ValueTask<string?> ResolveAsync(string name, CancellationToken cancellationToken)
        {
            var path = PathOf(name);
            if (path is null)
            {
                return null;
            }

            string text;
            try
            {
                text = await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                // Removed between the check and the read (a rotation): missing, like any other missing secret.
                return null;
            }

            return TrimOneNewline(text);
        }

        /// <summary>The file to read for <paramref name="name"/>, or null when it is refused or missing.</summary>
        private string? PathOf(string name)
        {
            if (!IsPlainName(name))
            {
                return null;
            }

            var path = Path.Join(DirectoryPath, name);
            var file = new FileInfo(path);
            if (file.LinkTarget is not null)
            {
                var target = file.ResolveLinkTarget(returnFinalTarget: true);
                if (target is null || !IsInside(Path.GetFullPath(target.FullName)))
                {
                    return null;
                }

                path = target.FullName;
            }
            else if (!IsInside(Path.GetFullPath(path)))
            {
                return null;
            }

            // False for directories too: a folder named like the secret is not the secret.
            return File.Exists(path) ? path : null;
        }

        private bool IsInside(string fullPath) => fullPath.StartsWith(_prefix, PathComparison);

        /// <summary>One file name, nothing that walks: no separators, no <c>..</c>, no root, no invalid character.</summary>
        internal static bool IsPlainName(string? name)
            => !string.IsNullOrWhiteSpace(name)
                && name != "."
                && !name.Contains("..", StringComparison.Ordinal)
                && name.IndexOfAny(['/', '\\']) < 0
                && name.IndexOfAny(InvalidNameChars) < 0
                && !Path.IsPathRooted(name);

        private static string TrimOneNewline(string text)
        {
            if (text.EndsWith("\r\n", StringComparison.Ordinal))
            {
                return text[..^2];
            }

            return text.EndsWith('\n') ? text[..^1] : text;
        }
    }
}
