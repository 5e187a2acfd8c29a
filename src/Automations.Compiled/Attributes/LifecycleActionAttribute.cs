using System;

namespace Automations.Compiled
{
    /// <summary>
    /// Declares one action of a <see cref="LifecycleAttribute"/> template (SPEC §7): triggering it moves an entity in
    /// <see cref="From"/> to <see cref="Transit"/>, runs <see cref="Flow"/>, then moves it to <see cref="To"/>, or to
    /// <see cref="Error"/> when the flow fails (back to <see cref="From"/> when no error state is set).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class LifecycleActionAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="name">The name people see ("Start"); unique among the actions from one state.</param>
        public LifecycleActionAttribute(string name) => Name = name;

        /// <summary>The action's name.</summary>
        public string Name { get; }

        /// <summary>The name automation uses, unique in the template; generated from the name when not set ("Start Now" → "start-now").</summary>
        public string? Reference { get; set; }

        /// <summary>Order among the actions offered together: lower comes first. Default 0.</summary>
        public int Priority { get; set; }

        /// <summary>The lowest access level that may trigger the action. Default <see cref="AccessLevel.User"/>.</summary>
        public AccessLevel Access { get; set; }

        /// <summary>The state the entity must be in; not set for a create action.</summary>
        public string? From { get; set; }

        /// <summary>Required: the state shown while the action's flow runs ("Starting").</summary>
        public string? Transit { get; set; }

        /// <summary>The state reached when the flow succeeds; not set for a destroy action.</summary>
        public string? To { get; set; }

        /// <summary>The state to go to when the flow fails; not set: back to <see cref="From"/>.</summary>
        public string? Error { get; set; }

        /// <summary>The <c>[Flow]</c> class to run (the "flight plan"); its input is the entity. Not set: no flow.</summary>
        public Type? Flow { get; set; }

        /// <summary>A note for people.</summary>
        public string? Note { get; set; }
    }
}
