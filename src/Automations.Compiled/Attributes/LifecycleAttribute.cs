using System;

namespace Automations.Compiled
{
    /// <summary>
    /// Marks a <c>partial</c> class as a lifecycle template (SPEC §7): its <see cref="LifecycleStateAttribute"/>s and
    /// <see cref="LifecycleActionAttribute"/>s are compiled into a transition table, and the class becomes a
    /// <see cref="LifecycleTemplate{TEntity}"/> (so it must not declare a base class).
    /// </summary>
    /// <example>
    /// <code>
    /// [Lifecycle("server", typeof(Server))]
    /// [LifecycleState("Stopped"), LifecycleState("Starting"), LifecycleState("Running"), LifecycleState("Error")]
    /// [LifecycleAction("Start", From = "Stopped", Transit = "Starting", To = "Running", Error = "Error", Flow = typeof(StartServer))]
    /// public partial class ServerLifecycle { }
    /// </code>
    /// </example>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class LifecycleAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="id">The template id, unique in an application.</param>
        /// <param name="entityType">The entities the template governs; every action's flow takes one as input.</param>
        public LifecycleAttribute(string id, Type entityType)
        {
            Id = id;
            EntityType = entityType;
        }

        /// <summary>The template id.</summary>
        public string Id { get; }

        /// <summary>The entity type.</summary>
        public Type EntityType { get; }

        /// <summary>A description shown by tools.</summary>
        public string? Description { get; set; }
    }
}
