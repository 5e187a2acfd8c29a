using System;

namespace Automations.Compiled
{
    /// <summary>
    /// Marks a <c>partial</c> class as a flow. The generator compiles its step methods into a
    /// state machine and adds <c>RunAsync</c>/<c>ResumeAsync</c> to the class.
    /// </summary>
    /// <example>
    /// <code>
    /// [Flow("order-processing", Version = 1)]
    /// public partial class OrderProcessing : IFlow&lt;Order&gt; { ... }
    /// </code>
    /// </example>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class FlowAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="id">The flow id, unique per version in an application.</param>
        public FlowAttribute(string id) => Id = id;

        /// <summary>The flow id.</summary>
        public string Id { get; }

        /// <summary>The flow version; runs are pinned to the version they started on. Default 1.</summary>
        public int Version { get; set; } = 1;

        /// <summary>A description shown by tools.</summary>
        public string? Description { get; set; }

        /// <summary>How much of a run the journal records. Default <see cref="JournalMode.Durable"/>.</summary>
        public JournalMode Journal { get; set; } = JournalMode.Durable;

        /// <summary>Step executions a run may make before it fails. Default 10,000.</summary>
        public int StepBudget { get; set; } = 10_000;

        /// <summary>Goto jumps a run may make before it fails. Default 1,000.</summary>
        public int GotoHopBudget { get; set; } = 1_000;

        /// <summary>How deep subflows may nest. Default 8.</summary>
        public int MaxSubflowDepth { get; set; } = 8;

        /// <summary>Roles allowed to start the flow manually; empty means anyone.</summary>
        public string[]? Roles { get; set; }

        /// <summary>At most this many runs of the flow execute steps at once, across every host; 0 (default) for no cap.</summary>
        public int MaxConcurrentRuns { get; set; }

        /// <summary>
        /// The wall-clock time a run may take from its start, waits included, as a <see cref="System.TimeSpan"/> in invariant
        /// format (<c>"00:05:00"</c>); a run over it fails at its next step boundary. Null (default) for no budget.
        /// </summary>
        public string? TimeBudget { get; set; }

        /// <summary>The total cost (<see cref="FlowActionAttribute.Cost"/>) of the action calls a run may make; 0 (default) for no budget.</summary>
        public long CostBudget { get; set; }
    }

    /// <summary>How much of a run the journal records (SPEC §5).</summary>
    public enum JournalMode
    {
        /// <summary>Commit every step.</summary>
        Durable,

        /// <summary>Commit at suspension and completion.</summary>
        Checkpoint,

        /// <summary>In memory only, for hot flows.</summary>
        None,
    }

    /// <summary>
    /// Declares the input type of a flow: step parameters of type <typeparamref name="TInput"/>
    /// receive the run's input, and the generated <c>RunAsync</c> takes it.
    /// </summary>
    /// <typeparam name="TInput">The input record.</typeparam>
    public interface IFlow<TInput>
    {
    }

    /// <summary>Declares a typed flow variable (<c>vars.name</c>), initialised to <c>default</c>.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class VariableAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        public VariableAttribute(string name, Type type)
        {
            Name = name;
            Type = type;
        }

        /// <summary>The variable name.</summary>
        public string Name { get; }

        /// <summary>The variable type.</summary>
        public Type Type { get; }
    }
}
