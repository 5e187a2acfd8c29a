using System;
using Microsoft.CodeAnalysis.Text;

namespace Automations.Compiled.Generators.Tests.Infrastructure
{
    /// <summary>Source text with one expected diagnostic span written as <c>[|...|]</c>.</summary>
    internal sealed class SpanMarkup
    {
        private const string Open = "[|";
        private const string Close = "|]";

        private SpanMarkup(string source, TextSpan span)
        {
            Source = source;
            Span = span;
        }

        /// <summary>The source with the markers removed.</summary>
        public string Source { get; }

        /// <summary>The marked span, in <see cref="Source"/>.</summary>
        public TextSpan Span { get; }

        public static SpanMarkup Parse(string markup)
        {
            var start = markup.IndexOf(Open, StringComparison.Ordinal);
            var end = markup.IndexOf(Close, StringComparison.Ordinal);
            if (start < 0 || end < start || markup.IndexOf(Open, start + Open.Length, StringComparison.Ordinal) >= 0)
            {
                throw new ArgumentException("The markup must hold exactly one [| |] span.", nameof(markup));
            }

            var source = markup.Substring(0, start)
                + markup.Substring(start + Open.Length, end - start - Open.Length)
                + markup.Substring(end + Close.Length);
            return new SpanMarkup(source, TextSpan.FromBounds(start, end - Open.Length));
        }
    }
}
