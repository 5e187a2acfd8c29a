using System.Collections.Generic;
using Automations.Compiled.Model;

namespace Automations.Compiled.CSharp
{
    /// <summary>A step as read from one method, before it is placed in the tree.</summary>
    internal sealed class StepDraft
    {
        public StepDraft(string methodName, int order, SourceSpan? location)
        {
            MethodName = methodName;
            Order = order;
            Location = location;
            Id = methodName;
        }

        public string MethodName { get; }

        public int Order { get; }

        public SourceSpan? Location { get; }

        public string Id { get; set; }

        public string? Parent { get; set; }

        public SourceSpan? ParentLocation { get; set; }

        public string? On { get; set; }

        public SourceSpan? OnLocation { get; set; }

        public string? Branch { get; set; }

        public string? Standalone { get; set; }

        public CallModel? Compensation { get; set; }

        public List<(string Endpoint, GotoModel Goto, SourceSpan? Location)> Gotos { get; set; } = new();

        public StepModel Model { get; set; } = new();

        /// <summary>A member the generated part of the flow adds for this step (an llm step's call), or null.</summary>
        public string? Glue { get; set; }
    }
}
