namespace Automations.Compiled
{
    /// <summary>One state of a lifecycle template.</summary>
    public sealed class LifecycleState
    {
        /// <summary>Created by generated code; one instance per state of a template.</summary>
        public LifecycleState(int index, string name, bool isFinal, bool isTransit, string? description = null)
        {
            Index = index;
            Name = name;
            IsFinal = isFinal;
            IsTransit = isTransit;
            Description = description;
        }

        /// <summary>The state's position in the template, in declaration order.</summary>
        public int Index { get; }

        /// <summary>The state's name, as the journal stores it.</summary>
        public string Name { get; }

        /// <summary>An entity may rest here for good: no action has to lead out of it.</summary>
        public bool IsFinal { get; }

        /// <summary>Some action uses this state as its transit state (shown while the action's flow runs).</summary>
        public bool IsTransit { get; }

        /// <summary>A description shown by tools.</summary>
        public string? Description { get; }

        /// <inheritdoc />
        public override string ToString() => Name;
    }
}
