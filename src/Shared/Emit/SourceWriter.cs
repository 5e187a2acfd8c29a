using System;
using System.Collections.Generic;
using System.Text;

namespace Automations.Compiled.Emit
{
    /// <summary>A StringBuilder with indentation; multi-line text is re-indented line by line.</summary>
    internal sealed class SourceWriter
    {
        private readonly List<string> _finished = new();
        private StringBuilder _builder = new();
        private int _indent;
        private bool _mapped;

        public SourceWriter(int indent = 0) => _indent = indent;

        public int Indent => _indent;

        /// <summary>The index of the segment being written (see <see cref="Cut"/>).</summary>
        public int Segment => _finished.Count;

        /// <summary>Every segment's text, the current one last.</summary>
        public IReadOnlyList<string> Segments => new List<string>(_finished) { _builder.ToString() };

        /// <summary>Ends the current segment and starts a new one at the same depth.</summary>
        public void Cut()
        {
            _finished.Add(_builder.ToString());
            _builder = new StringBuilder();
        }

        /// <summary>Appends text rendered by another writer at the right depth already.</summary>
        public SourceWriter Raw(string text)
        {
            _builder.Append(text);
            return this;
        }

        public SourceWriter Line(string text = "")
        {
            foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
            {
                if (line.Length > 0 && !_mapped)
                {
                    _builder.Append(' ', _indent * 4);
                }

                // The line after an enhanced #line directive (a code step's snippet) stays at column 1, where the directive maps it from.
                _mapped = line.TrimStart().StartsWith("#line (", StringComparison.Ordinal);
                _builder.Append(line).Append('\n');
            }

            return this;
        }

        /// <summary>A line, or nothing when <paramref name="text"/> is empty (code a variant of the emitter leaves out).</summary>
        public SourceWriter LineIf(string text) => text.Length == 0 ? this : Line(text);

        /// <summary>A label sits one level left of the statements around it, as people write them.</summary>
        public SourceWriter Label(string name)
        {
            _builder.Append(' ', Math.Max(0, _indent - 1) * 4).Append(name).Append(":\n");
            return this;
        }

        public SourceWriter Open(string text)
        {
            Line(text);
            Line("{");
            _indent++;
            return this;
        }

        public SourceWriter Close(string suffix = "")
        {
            _indent--;
            Line("}" + suffix);
            return this;
        }

        public override string ToString() => string.Concat(Segments);
    }
}
