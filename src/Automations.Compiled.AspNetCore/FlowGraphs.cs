using System.Runtime.CompilerServices;
using Automations.Compiled.Graphs;

namespace Automations.Compiled.AspNetCore
{
    /// <summary>
    /// A compiled flow's picture (<see cref="FlowInfo.Graph"/>, embedded by the generator) drawn as <c>flow graph</c> draws it:
    /// SVG (a step's group carries <c>data-step="{step id}"</c>) and a Mermaid flowchart. Each drawing is made once per
    /// <see cref="FlowInfo"/> and kept as long as the flow is.
    /// </summary>
    internal static class FlowGraphs
    {
        private static readonly ConditionalWeakTable<FlowInfo, Drawings> Cache = new();

        /// <summary>The flow's graph as an SVG document; null when the flow has no graph or it cannot be read.</summary>
        public static string? Svg(FlowInfo info) => Of(info)?.Svg;

        /// <summary>The flow's graph as a Mermaid flowchart (<c>flowchart TD</c>); null when the flow has no graph or it cannot be read.</summary>
        public static string? Mermaid(FlowInfo info) => Of(info)?.Mermaid;

        private static Drawings? Of(FlowInfo info)
        {
            if (info?.Graph is null)
            {
                return null;
            }

            var drawings = Cache.GetValue(info, static i => new Drawings(FlowPictureText.Read(i.Graph)));
            return drawings.Picture is null ? null : drawings;
        }

        /// <summary>The picture read once; each drawing made on first use (a dashboard asks for one format, rarely both).</summary>
        private sealed class Drawings
        {
            private string? _svg;
            private string? _mermaid;

            public Drawings(FlowPicture? picture) => Picture = picture;

            public FlowPicture? Picture { get; }

            public string Svg => _svg ??= SvgWriter.Write(Picture!);

            public string Mermaid => _mermaid ??= MermaidWriter.Write(Picture!);
        }
    }
}
