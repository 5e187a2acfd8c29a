using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Automations.Compiled.Benchmarks.Build
{
    /// <summary>A <c>*.flow.json</c> file held in memory, passed to the generator and the analyzer as an additional file.</summary>
    internal sealed class FlowFileText : AdditionalText
    {
        private readonly SourceText _text;

        /// <summary>Creates the file.</summary>
        public FlowFileText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        /// <inheritdoc />
        public override string Path { get; }

        /// <inheritdoc />
        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
