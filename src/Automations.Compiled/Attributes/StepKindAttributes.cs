using System;

namespace Automations.Compiled
{
    /// <summary>
    /// An action step: calls the method. Return <c>void</c>, a value, <c>ValueTask</c>,
    /// <c>ValueTask&lt;T&gt;</c>, <c>Task</c> or <c>Task&lt;T&gt;</c>; the value is the step output.
    /// Endpoints: <c>success</c>, <c>error</c>.
    /// </summary>
    public sealed class ActionAttribute : StepAttribute
    {
        /// <summary>Creates the attribute.</summary>
        public ActionAttribute(int order)
            : base(order)
        {
        }
    }

    /// <summary>A condition step: the method returns <c>bool</c>. Endpoints: <c>then</c>, <c>else</c>.</summary>
    public sealed class ConditionAttribute : StepAttribute
    {
        /// <summary>Creates the attribute.</summary>
        public ConditionAttribute(int order)
            : base(order)
        {
        }
    }

    /// <summary>
    /// A foreach step: the method returns the items (<c>IReadOnlyList&lt;T&gt;</c> or any
    /// <c>IEnumerable&lt;T&gt;</c>). Endpoints: <c>each</c> (with <c>[Item]</c>/<c>[Index]</c> in scope), <c>done</c>.
    /// </summary>
    public sealed class ForEachAttribute : StepAttribute
    {
        /// <summary>Creates the attribute.</summary>
        public ForEachAttribute(int order)
            : base(order)
        {
        }

        /// <summary>How many items run at once; 1 (default) runs them in order.</summary>
        public int Parallelism { get; set; } = 1;
    }

    /// <summary>
    /// A parallel step: its <c>branches</c> run concurrently and join. Declare it as
    /// <c>partial void Name();</c>: the method is only a marker.
    /// </summary>
    public sealed class ParallelAttribute : StepAttribute
    {
        /// <summary>Creates the attribute.</summary>
        public ParallelAttribute(int order)
            : base(order)
        {
        }
    }

    /// <summary>
    /// A wait step: the method returns a <see cref="WaitSpec"/> (<see cref="Wait.For"/>, <see cref="Wait.Until"/>,
    /// <see cref="Wait.ForEvent"/>), or is a <c>partial void Name();</c> marker and <see cref="Seconds"/> or
    /// <see cref="Event"/> (with <see cref="TimeoutSeconds"/>) say what to wait for. The run suspends.
    /// Endpoints: <c>elapsed</c>, <c>event</c>.
    /// </summary>
    public sealed class WaitAttribute : StepAttribute
    {
        /// <summary>Creates the attribute.</summary>
        public WaitAttribute(int order)
            : base(order)
        {
        }

        /// <summary>For a marker method: wait this many seconds.</summary>
        public double Seconds { get; set; }

        /// <summary>For a marker method: wait for this event.</summary>
        public string? Event { get; set; }

        /// <summary>For a marker method waiting for an event: give up after this many seconds (the <c>elapsed</c> endpoint).</summary>
        public double TimeoutSeconds { get; set; }
    }

    /// <summary>
    /// An approval step: the method returns <see cref="Approval.Request"/>. The run suspends until a user
    /// with one of its roles decides. Endpoints: <c>approved</c>, <c>rejected</c>, <c>timeout</c>.
    /// </summary>
    public sealed class ApprovalAttribute : StepAttribute
    {
        /// <summary>Creates the attribute.</summary>
        public ApprovalAttribute(int order)
            : base(order)
        {
        }

        /// <summary>For a <c>partial void Name();</c> marker: the roles that may decide.</summary>
        public string[]? Roles { get; set; }

        /// <summary>For a marker: give up after this many seconds (the <c>timeout</c> endpoint).</summary>
        public double TimeoutSeconds { get; set; }
    }

    /// <summary>
    /// A subflow step: starts flow <see cref="FlowId"/> with the method's return value as its input and
    /// waits for its result, which becomes the step output.
    /// </summary>
    public sealed class SubflowAttribute : StepAttribute
    {
        /// <summary>Creates the attribute.</summary>
        public SubflowAttribute(int order, string flowId)
            : base(order) => FlowId = flowId;

        /// <summary>The child flow id.</summary>
        public string FlowId { get; }

        /// <summary>The child flow version; 0 (default) takes the latest registered.</summary>
        public int Version { get; set; }
    }

    /// <summary>A query step: the method returns a <see cref="RecordQuery"/>; the output is the matching records.</summary>
    public sealed class QueryAttribute : StepAttribute
    {
        /// <summary>Creates the attribute.</summary>
        public QueryAttribute(int order, string objectName)
            : base(order) => Object = objectName;

        /// <summary>The record type queried.</summary>
        public string Object { get; }
    }

    /// <summary>A create step: the method returns the new record's fields; the output is the created record.</summary>
    public sealed class CreateAttribute : StepAttribute
    {
        /// <summary>Creates the attribute.</summary>
        public CreateAttribute(int order, string objectName)
            : base(order) => Object = objectName;

        /// <summary>The record type created.</summary>
        public string Object { get; }
    }

    /// <summary>An update step: the method returns a <see cref="RecordChange"/>; the output is the updated record.</summary>
    public sealed class UpdateAttribute : StepAttribute
    {
        /// <summary>Creates the attribute.</summary>
        public UpdateAttribute(int order, string objectName)
            : base(order) => Object = objectName;

        /// <summary>The record type updated.</summary>
        public string Object { get; }
    }

    /// <summary>A delete step: the method returns the id of the record to delete.</summary>
    public sealed class DeleteAttribute : StepAttribute
    {
        /// <summary>Creates the attribute.</summary>
        public DeleteAttribute(int order, string objectName)
            : base(order) => Object = objectName;

        /// <summary>The record type deleted.</summary>
        public string Object { get; }
    }

    /// <summary>A set step: assigns the method's return value to flow variable <see cref="Variable"/>.</summary>
    public sealed class SetAttribute : StepAttribute
    {
        /// <summary>Creates the attribute.</summary>
        public SetAttribute(int order, string variable)
            : base(order) => Variable = variable;

        /// <summary>The variable assigned.</summary>
        public string Variable { get; }
    }

    /// <summary>
    /// A stop step: ends the run with <see cref="Status"/>. The message is <see cref="Message"/>, or the
    /// method's <c>string</c> return value; declare <c>partial void Name();</c> for a fixed message.
    /// </summary>
    public sealed class StopAttribute : StepAttribute
    {
        /// <summary>Creates the attribute.</summary>
        public StopAttribute(int order)
            : base(order)
        {
        }

        /// <summary>The status the run ends with. Default <see cref="FlowStatus.Completed"/>.</summary>
        public FlowStatus Status { get; set; } = FlowStatus.Completed;

        /// <summary>A fixed message.</summary>
        public string? Message { get; set; }
    }

    /// <summary>
    /// A run step: runs step <see cref="Target"/> and its following siblings, then comes back to the step
    /// after this one (SPEC §2.5). Declare it as <c>partial void Name();</c>.
    /// </summary>
    public sealed class RunAttribute : StepAttribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="order">Position among the siblings.</param>
        /// <param name="target">The step to run; use <c>nameof(Method)</c>.</param>
        public RunAttribute(int order, string target)
            : base(order) => Target = target;

        /// <summary>The step to run.</summary>
        public string Target { get; }
    }

    /// <summary>
    /// An LLM step (docs/ai-steps.md): the method returns the prompt (a <c>string</c>, built from its parameters like any
    /// step's); the step asks the flow's chat client (a field or property of type
    /// <c>Microsoft.Extensions.AI.IChatClient</c>) for an answer of type <see cref="Output"/>, validates it against the
    /// schema the generator wrote for that type and hands it to later steps (<c>[FromStep(nameof(Method))]</c>).
    /// Endpoints: <c>success</c>, <c>invalid</c> (the answer failed validation on the last try), <c>error</c>.
    /// </summary>
    public sealed class LlmAttribute : StepAttribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="order">Position among the siblings.</param>
        /// <param name="output">The answer's type: a class deriving from <see cref="LlmOutput"/>, as <c>[LlmSchema]</c> describes.</param>
        public LlmAttribute(int order, Type output)
            : base(order) => Output = output;

        /// <summary>The answer's type; its JSON schema is written at build time.</summary>
        public Type Output { get; }

        /// <summary>When set (0 to 1), an answer whose <c>Confidence</c> member is below it is invalid.</summary>
        public double MinConfidence { get; set; } = double.NaN;
    }
}
