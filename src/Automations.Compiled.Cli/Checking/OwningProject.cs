using System;
using System.IO;
using System.Linq;

namespace Automations.Compiled.Cli.Checking
{
    /// <summary>
    /// The project a flow file belongs to, found as a person would: the nearest <c>*.csproj</c> in the file's folder or a
    /// folder above it. A build compiles every <c>*.flow.json</c> below a project, so that project's
    /// <c>[FlowAction]</c>s are the ones the file's steps bind to.
    /// </summary>
    internal static class OwningProject
    {
        /// <summary>The full path of the nearest project above <paramref name="file"/>, or null when no folder above it holds one.</summary>
        /// <exception cref="UsageException">The nearest folder with a project holds more than one: the tool cannot tell which owns the file.</exception>
        public static string? Find(string file)
        {
            for (var folder = new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(file))!); folder is not null; folder = folder.Parent)
            {
                var projects = Projects(folder);
                if (projects.Length == 1)
                {
                    return projects[0];
                }

                if (projects.Length > 1)
                {
                    var names = string.Join(", ", projects.Select(Path.GetFileName));
                    var where = folder.FullName == Path.GetFullPath(Environment.CurrentDirectory).TrimEnd(Path.DirectorySeparatorChar) ? "the current folder" : Display(folder.FullName);
                    throw new UsageException($"'{file}' belongs to one of the {projects.Length} projects in {where} ({names}): pass --project <csproj> to say which project's [FlowAction]s it binds to, or --actions <assembly.dll>.");
                }
            }

            return null;
        }

        /// <summary><paramref name="path"/> relative to the current folder when it is below it, else as it is: how the tool names a project it found.</summary>
        public static string Display(string path)
        {
            var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
            return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
        }

        private static string[] Projects(DirectoryInfo folder)
        {
            try
            {
                return folder.EnumerateFiles("*.csproj").Select(f => f.FullName).OrderBy(f => f, StringComparer.Ordinal).ToArray();
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                // A folder the user may not list (a parent of their home, say) owns nothing the tool could build.
                return Array.Empty<string>();
            }
        }
    }
}
