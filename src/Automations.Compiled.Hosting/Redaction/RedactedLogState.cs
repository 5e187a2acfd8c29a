using System;
using System.Collections;
using System.Collections.Generic;

namespace Automations.Compiled.Hosting.Redaction
{
    /// <summary>What a provider receives instead of a log call's state: the redacted message and the redacted values.</summary>
    internal sealed class RedactedLogState(string message, KeyValuePair<string, object?>[] values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        /// <summary>The formatter passed with the state: the message, already formatted and redacted.</summary>
        public static readonly Func<RedactedLogState, Exception?, string> Format = static (state, _) => state.Message;

        public string Message { get; } = message;

        public int Count => values.Length;

        public KeyValuePair<string, object?> this[int index] => values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)values).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => values.GetEnumerator();

        public override string ToString() => Message;
    }
}
