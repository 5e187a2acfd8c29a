using System;

namespace Automations.Compiled
{
    /// <summary>
    /// An LLM step's answer failed validation: not JSON, a member missing or of the wrong type, a value outside its
    /// <c>enum</c>, or a <c>confidence</c> below the step's <c>minConfidence</c>. The step retries it like any failure;
    /// after its last try it takes the step's <c>invalid</c> endpoint when the step has one.
    /// </summary>
    public sealed class LlmOutputInvalidException : Exception
    {
        /// <summary>Creates the exception with the reason (never the answer itself, which may hold data a log must not).</summary>
        /// <param name="message">Why the answer is not valid.</param>
        public LlmOutputInvalidException(string message)
            : base(message)
        {
        }
    }
}
