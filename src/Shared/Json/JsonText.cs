using System.Collections.Generic;
using Automations.Compiled.Model;

namespace Automations.Compiled.Json
{
    /// <summary>Turns character offsets of a flow file into cacheable <see cref="SourceSpan"/>s with 0-based lines and columns.</summary>
    internal sealed class JsonText
    {
        private readonly List<int> _lineStarts = new() { 0 };

        public JsonText(string path, string text)
        {
            Path = path;
            Length = text.Length;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    _lineStarts.Add(i + 1);
                }
            }
        }

        public string Path { get; }

        public int Length { get; }

        public SourceSpan Span(JsonSpan span) => Span(span.Start, span.End);

        public SourceSpan Span(int start, int end)
        {
            start = Clamp(start);
            end = Clamp(end < start ? start : end);
            var (startLine, startColumn) = Position(start);
            var (endLine, endColumn) = Position(end);
            return new SourceSpan(Path, start, end - start, startLine, startColumn, endLine, endColumn);
        }

        private int Clamp(int offset) => offset < 0 ? 0 : offset > Length ? Length : offset;

        private (int Line, int Column) Position(int offset)
        {
            var low = 0;
            var high = _lineStarts.Count - 1;
            while (low < high)
            {
                var middle = (low + high + 1) / 2;
                if (_lineStarts[middle] <= offset)
                {
                    low = middle;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return (low, offset - _lineStarts[low]);
        }
    }
}
