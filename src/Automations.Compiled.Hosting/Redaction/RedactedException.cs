using System;

namespace Automations.Compiled.Hosting.Redaction
{
    /// <summary>
    /// Stands in for a logged exception whose text holds a secret: the same text (type, message, inner exceptions,
    /// stack) with the secret redacted. Providers print <see cref="ToString"/>; the original is never passed on.
    /// </summary>
    internal sealed class RedactedException : Exception
    {
        private readonly string _text;
        private readonly string? _stackTrace;

        public RedactedException(Exception original, string message, string text, string? stackTrace)
            : base(message)
        {
            _text = text;
            _stackTrace = stackTrace;
            OriginalType = original.GetType().FullName ?? original.GetType().Name;
            HResult = original.HResult;
            Source = original.Source;
        }

        /// <summary>The full name of the exception type that was logged.</summary>
        public string OriginalType { get; }

        public override string? StackTrace => _stackTrace;

        public override string ToString() => _text;
    }
}
