using System;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;

namespace Automations.Compiled.Package.Tests
{
    /// <summary>
    /// One diagnostic as MSBuild's console logger prints it: <c>origin(line,col): error ID: message [project]</c>, the
    /// origin being a file, or a tool (<c>CSC</c>) for diagnostics without a location.
    /// </summary>
    /// <param name="Origin">The file relative to the project folder with forward slashes, or the origin as printed when it is not in that folder.</param>
    /// <param name="Line">The 1-based line, when the diagnostic has a location.</param>
    /// <param name="Column">The 1-based column, when the diagnostic has a location.</param>
    /// <param name="Severity"><c>error</c> or <c>warning</c>.</param>
    /// <param name="Id">The diagnostic id (<c>AUTO2001</c>, <c>CS0103</c>, ...).</param>
    /// <param name="Message">What follows the id, without the trailing <c>[project]</c>.</param>
    public sealed record PrintedDiagnostic(string Origin, int? Line, int? Column, string Severity, string Id, string Message)
    {
        private static readonly Regex Pattern = new(
            @"^\s*(?<origin>.*?)(?:\((?<line>\d+),(?<column>\d+)(?:,\d+,\d+)?\))?\s*:\s*(?<severity>error|warning)\s+(?<id>[A-Za-z]+\d+)\s*:\s*(?<message>.*?)(?:\s+\[[^\[\]]*\])?\s*$",
            RegexOptions.CultureInvariant);

        /// <summary>What the tests compare: <c>path(line,col): error ID</c>.</summary>
        public string Key => Line is null ? $"{Origin}: {Severity} {Id}" : $"{Origin}({Line},{Column}): {Severity} {Id}";

        /// <summary>Reads <paramref name="line"/> of build output, or returns null when it is not a diagnostic.</summary>
        /// <param name="line">One printed line.</param>
        /// <param name="projectDirectory">The built project's folder: file paths under it are made relative to it.</param>
        public static PrintedDiagnostic? TryParse(string line, string projectDirectory)
        {
            var match = Pattern.Match(line);
            if (!match.Success)
            {
                return null;
            }

            var origin = match.Groups["origin"].Value.Trim();
            if (Path.IsPathRooted(origin))
            {
                var relative = Path.GetRelativePath(projectDirectory, origin);
                if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
                {
                    origin = relative;
                }
            }

            return new PrintedDiagnostic(
                origin.Replace('\\', '/'),
                match.Groups["line"].Success ? int.Parse(match.Groups["line"].Value, CultureInfo.InvariantCulture) : null,
                match.Groups["column"].Success ? int.Parse(match.Groups["column"].Value, CultureInfo.InvariantCulture) : null,
                match.Groups["severity"].Value,
                match.Groups["id"].Value,
                match.Groups["message"].Value);
        }

        /// <inheritdoc />
        public override string ToString() => Key + ": " + Message;
    }
}
