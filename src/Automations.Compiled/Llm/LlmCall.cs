namespace Automations.Compiled
{
    /// <summary>
    /// One chat call of an LLM step, as the journal keeps it: the prompt and the answer (a journal redacts both with the
    /// run's secret values, as it redacts every step output) and the tokens the model reported.
    /// </summary>
    public sealed class LlmCall
    {
        /// <summary>The prompt sent, after its <c>{!path}</c> parts were interpolated.</summary>
        public string Prompt { get; init; } = "";

        /// <summary>The model's answer as it came back (JSON text).</summary>
        public string Response { get; init; } = "";

        /// <summary>The model that answered, when the client said.</summary>
        public string? ModelId { get; init; }

        /// <summary>Tokens of the prompt; 0 when the client did not report usage.</summary>
        public long InputTokens { get; init; }

        /// <summary>Tokens of the answer; 0 when the client did not report usage.</summary>
        public long OutputTokens { get; init; }

        /// <summary>All tokens of the call, what the step charges against the run's cost budget.</summary>
        public long TotalTokens { get; init; }
    }
}
