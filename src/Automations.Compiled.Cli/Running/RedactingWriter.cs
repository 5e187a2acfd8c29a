using System;
using System.IO;
using System.Text;
using Automations.Compiled.Hosting.Redaction;

namespace Automations.Compiled.Cli.Running
{
    /// <summary>
    /// Writes through another writer with the secret values of a <see cref="RedactionScope"/> hidden, as the journal hides
    /// them. It holds what it is given until a line ends and writes each line redacted, so a value written in pieces is
    /// still found; a line that is a JSON object or array is redacted as JSON (key-like properties too), as a logged
    /// payload is. The inner writer is not disposed with it.
    /// </summary>
    internal sealed class RedactingWriter : TextWriter
    {
        private readonly TextWriter _inner;
        private readonly RedactionScope _scope;
        private readonly StringBuilder _pending = new();
        private readonly object _gate = new();

        public RedactingWriter(TextWriter inner, RedactionScope scope)
            : base(inner.FormatProvider)
        {
            _inner = inner;
            _scope = scope;
        }

        public override Encoding Encoding => _inner.Encoding;

        public override void Write(char value)
        {
            lock (_gate)
            {
                _pending.Append(value);
                if (value == '\n')
                {
                    WritePending();
                }
            }
        }

        public override void Write(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return;
            }

            lock (_gate)
            {
                _pending.Append(value);
                if (value[^1] == '\n')
                {
                    WritePending();
                }
            }
        }

        public override void Write(char[] buffer, int index, int count)
        {
            lock (_gate)
            {
                _pending.Append(buffer, index, count);
                if (count > 0 && buffer[index + count - 1] == '\n')
                {
                    WritePending();
                }
            }
        }

        /// <summary>One call, one redaction: a value that spans the lines of a multi-line message is still found.</summary>
        public override void WriteLine(string? value)
        {
            lock (_gate)
            {
                _pending.Append(value).Append(CoreNewLine);
                WritePending();
            }
        }

        public override void Flush()
        {
            lock (_gate)
            {
                WritePending();
                _inner.Flush();
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Flush();
            }

            base.Dispose(disposing);
        }

        private void WritePending()
        {
            if (_pending.Length == 0)
            {
                return;
            }

            var text = _pending.ToString();
            _pending.Clear();
            var end = text.Length;
            while (end > 0 && text[end - 1] is '\n' or '\r')
            {
                end--;
            }

            var content = text.Substring(0, end);
            var redacted = content.AsSpan().TrimStart() is ['{' or '[', ..] ? _scope.RedactJson(content) : _scope.Redact(content);
            _inner.Write(ReferenceEquals(redacted, content) ? text : redacted + text.Substring(end));
        }
    }
}
