using System;

namespace Automations.Compiled
{
    /// <summary>Declares one state of a <see cref="LifecycleAttribute"/> template.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class LifecycleStateAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="name">The state's name, unique in the template.</param>
        public LifecycleStateAttribute(string name) => Name = name;

        /// <summary>The state's name.</summary>
        public string Name { get; }

        /// <summary>An entity may rest here for good (no action has to lead out of it). Default false.</summary>
        public bool Final { get; set; }

        /// <summary>A description shown by tools.</summary>
        public string? Description { get; set; }
    }
}
