using System;

namespace Automations.Compiled
{
    /// <summary>
    /// One action of a lifecycle template (SPEC §7): from a state (or none: a create action), through a transit
    /// state while its flow runs, to a state (or none: a destroy action), or to its error state when the flow fails.
    /// </summary>
    public sealed class LifecycleAction
    {
        /// <summary>Created by generated code; one instance per action of a template.</summary>
        public LifecycleAction(
            int index,
            string name,
            string reference,
            int priority,
            AccessLevel access,
            string? from,
            string transit,
            string? to,
            string? error,
            string? flowId,
            Type? flowType,
            string? note)
        {
            Index = index;
            Name = name;
            Reference = reference;
            Priority = priority;
            Access = access;
            From = from;
            Transit = transit;
            To = to;
            Error = error;
            FlowId = flowId;
            FlowType = flowType;
            Note = note;
        }

        /// <summary>The action's position in the template's priority order.</summary>
        public int Index { get; }

        /// <summary>The name people see ("Start"); unique among the actions from one state.</summary>
        public string Name { get; }

        /// <summary>The name automation uses ("start"): unique in the template, generated from the name when not given.</summary>
        public string Reference { get; }

        /// <summary>Order among the actions offered together: lower comes first.</summary>
        public int Priority { get; }

        /// <summary>The lowest access level that may trigger the action.</summary>
        public AccessLevel Access { get; }

        /// <summary>The state the entity must be in; null for a create action.</summary>
        public string? From { get; }

        /// <summary>The state the entity shows while the action's flow runs.</summary>
        public string Transit { get; }

        /// <summary>The state the entity reaches when the flow succeeds; null for a destroy action.</summary>
        public string? To { get; }

        /// <summary>The state the entity goes to when the flow fails; null: back to <see cref="From"/>.</summary>
        public string? Error { get; }

        /// <summary>The id of the flow the action runs (the "flight plan"), when written by id (JSON templates).</summary>
        public string? FlowId { get; }

        /// <summary>The class of the flow the action runs, when written by type (C# templates).</summary>
        public Type? FlowType { get; }

        /// <summary>Whether the action runs a flow; an action without one moves straight through its transit state.</summary>
        public bool HasFlow => FlowId is not null || FlowType is not null;

        /// <summary>A note for people; not used by the runtime.</summary>
        public string? Note { get; }

        /// <summary>The action creates the entity (it has no <see cref="From"/> state).</summary>
        public bool IsCreate => From is null;

        /// <summary>The action destroys the entity (it has no <see cref="To"/> state).</summary>
        public bool IsDestroy => To is null;

        /// <summary>Where the entity goes when the flow fails: <see cref="Error"/>, else back to <see cref="From"/> (null: a failed create leaves no entity).</summary>
        public string? OnFailure => Error ?? From;

        /// <summary>Whether a caller with <paramref name="caller"/> may trigger the action.</summary>
        public bool Allows(AccessLevel caller) => caller >= Access;

        /// <inheritdoc />
        public override string ToString() => $"{Name} ({Reference}): {From ?? "(create)"} → {Transit} → {To ?? "(destroy)"}";
    }
}
