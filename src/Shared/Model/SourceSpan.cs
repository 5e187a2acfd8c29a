namespace Automations.Compiled.Model
{
    /// <summary>
    /// A location that is safe to cache: a file path, a character span and a line span (0-based),
    /// instead of a Roslyn <c>Location</c> that would pin a syntax tree.
    /// </summary>
    internal sealed record SourceSpan(string Path, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
    {
        public override string ToString() => $"{Path}({StartLine + 1},{StartColumn + 1})";
    }
}
