using System;

namespace Automations.Compiled
{
    /// <summary>
    /// Base of the step attributes. A step sits in a scope at a given <see cref="Order"/>: the main
    /// sequence by default, the endpoint <see cref="On"/> of step <see cref="Parent"/> when nested,
    /// or a standalone scope named by <see cref="Standalone"/>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, Inherited = false)]
    public abstract class StepAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="order">Position among the siblings of the step's scope.</param>
        protected StepAttribute(int order) => Order = order;

        /// <summary>Position among the siblings of the step's scope (ascending).</summary>
        public int Order { get; }

        /// <summary>The step id; defaults to the method name in kebab-case (<c>SendReceipt</c> → <c>send-receipt</c>).</summary>
        public string? Id { get; set; }

        /// <summary>The step whose endpoint holds this one; use <c>nameof(Method)</c>.</summary>
        public string? Parent { get; set; }

        /// <summary>The endpoint of <see cref="Parent"/> that holds this step (see <see cref="Endpoints"/>).</summary>
        public string? On { get; set; }

        /// <summary>For a step in a parallel step's branches: the name of its branch.</summary>
        public string? Branch { get; set; }

        /// <summary>
        /// Puts the step in a standalone scope with this name: never run by the main sequence, only
        /// when a goto or run step targets it. Steps with the same name are siblings.
        /// </summary>
        public string? Standalone { get; set; }

        /// <summary>What happens when the step fails after its retries and has no error endpoint.</summary>
        public OnError OnError { get; set; }
    }

    /// <summary>What a failed step does when it has no <c>error</c> endpoint (SPEC §4).</summary>
    public enum OnError
    {
        /// <summary>The run fails.</summary>
        Fail,

        /// <summary>Go on with the next sibling.</summary>
        Continue,

        /// <summary>Run the compensations of completed steps in reverse order, then fail.</summary>
        Rollback,
    }

    /// <summary>The endpoint names of SPEC §1, for <see cref="StepAttribute.On"/> and <see cref="GotoAttribute"/>.</summary>
    public static class Endpoints
    {
        /// <summary>The following sibling.</summary>
        public const string Next = "next";

        /// <summary>Action succeeded.</summary>
        public const string Success = "success";

        /// <summary>Step failed after its retries.</summary>
        public const string Error = "error";

        /// <summary>Condition was true.</summary>
        public const string Then = "then";

        /// <summary>Condition was false.</summary>
        public const string Else = "else";

        /// <summary>Approval granted.</summary>
        public const string Approved = "approved";

        /// <summary>Approval refused.</summary>
        public const string Rejected = "rejected";

        /// <summary>Approval timed out.</summary>
        public const string Timeout = "timeout";

        /// <summary>Foreach body, once per item.</summary>
        public const string Each = "each";

        /// <summary>After the last foreach item.</summary>
        public const string Done = "done";

        /// <summary>Parallel branches.</summary>
        public const string Branches = "branches";

        /// <summary>Wait elapsed (duration, until, or an event's timeout).</summary>
        public const string Elapsed = "elapsed";

        /// <summary>The awaited event arrived.</summary>
        public const string Event = "event";

        /// <summary>An LLM step (JSON flows, docs/ai-steps.md): its answer failed validation after its retries.</summary>
        public const string Invalid = "invalid";
    }
}
