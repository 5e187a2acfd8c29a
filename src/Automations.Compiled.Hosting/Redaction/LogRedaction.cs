using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Automations.Compiled.Hosting.Redaction
{
    /// <summary>The redaction of a log call: its message, its structured values, its scopes and its exception.</summary>
    internal static class LogRedaction
    {
        /// <summary>The name under which Microsoft.Extensions.Logging passes a message template.</summary>
        internal const string OriginalFormat = "{OriginalFormat}";

        // Nested collections are followed this deep; below that a value is shown by its ToString().
        private const int MaxDepth = 4;

        /// <summary>
        /// The state a provider receives: the message formatted by the caller's formatter and redacted, and each value
        /// redacted. When a key-like value is hidden (a <c>{Password}</c>, an <c>Authorization</c> entry of a logged
        /// dictionary), the message is formatted again from its template with the redacted values; without a template,
        /// the hidden values' text is redacted from the message.
        /// </summary>
        public static RedactedLogState State<TState>(TState state, Exception? exception, Func<TState, Exception?, string>? formatter, SecretValues secrets)
        {
            var message = formatter is null ? state?.ToString() ?? "" : formatter(state, exception) ?? "";
            if (state is not IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                return new RedactedLogState(secrets.Redact(message), []);
            }

            var values = new List<KeyValuePair<string, object?>>();
            var originalKeys = new List<string>();
            string? template = null;
            List<string>? hidden = null;
            foreach (var (key, value) in pairs)
            {
                originalKeys.Add(key);
                if (key == OriginalFormat && value is string format)
                {
                    template = format;
                    values.Add(new(key, secrets.Redact(format)));
                }
                else if (value is not (null or bool) && KeyLikeNames.IsKeyLike(key))
                {
                    (hidden ??= []).Add(Text(value));
                    values.Add(new(secrets.Redact(key), SecretValues.Mask));
                }
                else
                {
                    values.Add(new(secrets.Redact(key), Value(value, secrets, 0, ref hidden)));
                }
            }

            if (hidden is not null)
            {
                message = (template is null ? null : Render(template, originalKeys, values)) ?? new SecretValues(hidden).Redact(message);
            }

            return new RedactedLogState(secrets.Redact(message), [.. values]);
        }

        /// <summary>A scope's state as a provider may see it.</summary>
        public static object ScopeState(object state, SecretValues secrets)
        {
            switch (state)
            {
                case string text:
                    return secrets.Redact(text);
                case IEnumerable<KeyValuePair<string, object?>>:
                    return State<object>(state, null, null, secrets);
                case IDictionary dictionary:
                    // Dictionary<string, string> and the like: a redacted Dictionary<string, object?>, key-like entries hidden.
                    List<string>? hidden = null;
                    return Value(dictionary, secrets, 0, ref hidden)!;
                default:
                    var shown = state.ToString() ?? "";
                    var redacted = secrets.Redact(shown);
                    return ReferenceEquals(redacted, shown) ? state : redacted;
            }
        }

        /// <summary>The exception to pass on: the original when its text holds no secret, otherwise a redacted stand-in.</summary>
        public static Exception? Exception(Exception? exception, SecretValues secrets)
        {
            if (exception is null || secrets.IsEmpty)
            {
                return exception;
            }

            var text = exception.ToString();
            var redactedText = secrets.Redact(text);
            var message = exception.Message;
            var redactedMessage = secrets.Redact(message);
            if (ReferenceEquals(redactedText, text) && ReferenceEquals(redactedMessage, message))
            {
                return exception;
            }

            return new RedactedException(exception, redactedMessage, redactedText, exception.StackTrace is { } stack ? secrets.Redact(stack) : null);
        }

        /// <summary>
        /// A structured value as a provider may see it. Strings are redacted (a JSON object or array as a JSON document,
        /// key-like properties included); numbers, dates and the like are kept unless
        /// their text holds a secret; collections are redacted item by item (a dictionary's key-like entries hidden);
        /// any other object becomes its redacted <c>ToString()</c>, since a provider could otherwise serialise its members.
        /// </summary>
        /// <param name="value">The value.</param>
        /// <param name="secrets">The secret values.</param>
        /// <param name="depth">How deep in collections the value is.</param>
        /// <param name="hidden">Receives the text of each value hidden for its key-like name.</param>
        internal static object? Value(object? value, SecretValues secrets, int depth, ref List<string>? hidden)
        {
            switch (value)
            {
                case null:
                    return null;
                case string text when JsonRedactor.LooksLikeJson(text) && JsonRedactor.TryRedact(text, secrets, out var json):
                    // A logged payload: its key-like properties are hidden as in the journal.
                    if (json is null)
                    {
                        return text;
                    }

                    (hidden ??= []).Add(text);
                    return json;
                case string text:
                    return secrets.Redact(text);
                case bool:
                    return value;
                case IFormattable when IsScalar(value):
                {
                    if (secrets.IsEmpty)
                    {
                        return value;
                    }

                    var text = Text(value);
                    var redacted = secrets.Redact(text);
                    return ReferenceEquals(redacted, text) ? value : redacted;
                }

                case IDictionary dictionary when depth < MaxDepth:
                {
                    var copy = new Dictionary<string, object?>(dictionary.Count, StringComparer.Ordinal);
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        var key = Text(entry.Key);
                        if (entry.Value is not (null or bool) && KeyLikeNames.IsKeyLike(key))
                        {
                            (hidden ??= []).Add(Text(entry.Value));
                            copy[secrets.Redact(key)] = SecretValues.Mask;
                        }
                        else
                        {
                            copy[secrets.Redact(key)] = Value(entry.Value, secrets, depth + 1, ref hidden);
                        }
                    }

                    return copy;
                }

                case IEnumerable items when depth < MaxDepth:
                {
                    var copy = new List<object?>();
                    foreach (var item in items)
                    {
                        copy.Add(Value(item, secrets, depth + 1, ref hidden));
                    }

                    return copy.ToArray();
                }

                default:
                    return secrets.Redact(Text(value));
            }
        }

        private static bool IsScalar(object value)
            => value.GetType().IsPrimitive || value is decimal or DateTime or DateTimeOffset or TimeSpan or Guid or Enum or DateOnly or TimeOnly;

        private static string Text(object? value) => value switch
        {
            null => "",
            string text => text,
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };

        /// <summary>
        /// The message of a template (<c>"Signed in {User} with {Password}"</c>) formatted as Microsoft.Extensions.Logging
        /// formats it (invariant culture, <c>(null)</c>, collections joined by <c>", "</c>), with the redacted values;
        /// null when the template cannot be formatted.
        /// </summary>
        internal static string? Render(string template, List<string> keys, List<KeyValuePair<string, object?>> values)
        {
            var composite = new StringBuilder(template.Length + 8);
            var args = new List<object?>();
            var scan = 0;
            while (scan < template.Length)
            {
                var open = FindBrace(template, '{', scan, template.Length);
                if (open == template.Length)
                {
                    composite.Append(template, scan, template.Length - scan);
                    break;
                }

                var close = FindBrace(template, '}', open, template.Length);
                if (close == template.Length)
                {
                    composite.Append(template, scan, template.Length - scan);
                    break;
                }

                var nameEnd = template.IndexOfAny([',', ':'], open + 1, close - open - 1);
                if (nameEnd < 0)
                {
                    nameEnd = close;
                }

                var name = template[(open + 1)..nameEnd];
                composite.Append(template, scan, open + 1 - scan).Append(args.Count.ToString(CultureInfo.InvariantCulture))
                    .Append(template, nameEnd, close + 1 - nameEnd);
                var index = keys.IndexOf(name);
                args.Add(Shown(index < 0 ? null : values[index].Value));
                scan = close + 1;
            }

            try
            {
                return string.Format(CultureInfo.InvariantCulture, composite.ToString(), [.. args]);
            }
            catch (FormatException)
            {
                return null;
            }
        }

        private static object Shown(object? value)
        {
            if (value is null)
            {
                return "(null)";
            }

            if (value is string or not IEnumerable)
            {
                return value;
            }

            var builder = new StringBuilder();
            foreach (var item in (IEnumerable)value)
            {
                if (builder.Length > 0)
                {
                    builder.Append(", ");
                }

                builder.Append(item is null ? "(null)" : Text(item));
            }

            return builder.ToString();
        }

        /// <summary>
        /// The index of the brace that opens (the last of a run of <c>{</c>) or closes (the first of a run of <c>}</c>) a
        /// hole, skipping escaped pairs; <paramref name="end"/> when there is none.
        /// </summary>
        private static int FindBrace(string template, char brace, int start, int end)
        {
            var found = end;
            var run = 0;
            for (var i = start; i < end; i++)
            {
                if (template[i] == brace)
                {
                    if (brace == '{' || run == 0)
                    {
                        found = i;
                    }

                    run++;
                    continue;
                }

                if (run > 0)
                {
                    if (run % 2 == 1)
                    {
                        return found;
                    }

                    // An even run is escaped braces: keep looking.
                    run = 0;
                    found = end;
                }
            }

            return run % 2 == 1 ? found : end;
        }
    }
}
