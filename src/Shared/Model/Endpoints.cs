using System;

namespace Automations.Compiled.Model
{
    /// <summary>The endpoint names of SPEC §1 and which step kinds own them.</summary>
    internal static class EndpointNames
    {
        public const string Next = "next";
        public const string Success = "success";
        public const string Error = "error";
        public const string Then = "then";
        public const string Else = "else";
        public const string Approved = "approved";
        public const string Rejected = "rejected";
        public const string Timeout = "timeout";
        public const string Each = "each";
        public const string Done = "done";
        public const string Branches = "branches";
        public const string Elapsed = "elapsed";
        public const string Event = "event";

        /// <summary>An LLM step whose answer failed validation after its retries.</summary>
        public const string Invalid = "invalid";

        private static readonly string[] ActionLike = { Success, Error };
        private static readonly string[] ConditionEndpoints = { Then, Else };
        private static readonly string[] ApprovalEndpoints = { Approved, Rejected, Timeout, Error };
        private static readonly string[] ForEachEndpoints = { Each, Done, Error };
        private static readonly string[] ParallelEndpoints = { Branches, Error };
        private static readonly string[] WaitEndpoints = { Elapsed, Event };
        private static readonly string[] LlmEndpoints = { Success, Invalid, Error };
        private static readonly string[] NoEndpoints = Array.Empty<string>();

        /// <summary>The endpoints a step of this kind has, besides <c>next</c>.</summary>
        public static string[] For(StepKind kind) => kind switch
        {
            StepKind.Condition => ConditionEndpoints,
            StepKind.Approval => ApprovalEndpoints,
            StepKind.ForEach => ForEachEndpoints,
            StepKind.Parallel => ParallelEndpoints,
            StepKind.Wait => WaitEndpoints,
            StepKind.Stop or StepKind.Run => NoEndpoints,
            StepKind.Llm => LlmEndpoints,
            _ => ActionLike,
        };

        public static bool IsValid(StepKind kind, string endpoint) => Array.IndexOf(For(kind), endpoint) >= 0;
    }
}
