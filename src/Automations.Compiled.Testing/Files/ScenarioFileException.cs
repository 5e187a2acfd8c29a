using System;

namespace Automations.Compiled.Testing
{
    /// <summary>A scenario file that cannot be read as written: where (file, line, column) and what to do.</summary>
    public sealed class ScenarioFileException : Exception
    {
        /// <summary>A mistake at <paramref name="line"/>, <paramref name="column"/> of <paramref name="file"/>.</summary>
        public ScenarioFileException(string file, int line, int column, string problem, Exception? inner = null)
            : base($"{file}({line},{column}): error: {problem}", inner)
        {
            File = file;
            Line = line;
            Column = column;
            Problem = problem;
        }

        /// <summary>The scenario file.</summary>
        public string File { get; }

        /// <summary>The line, from 1.</summary>
        public int Line { get; }

        /// <summary>The column, from 1.</summary>
        public int Column { get; }

        /// <summary>What is wrong, without the location.</summary>
        public string Problem { get; }
    }
}
