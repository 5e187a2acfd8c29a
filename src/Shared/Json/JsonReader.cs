using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Automations.Compiled.Model;

namespace Automations.Compiled.Json
{
    /// <summary>
    /// Reads JSON into <see cref="JsonNode"/>s with character spans. Tolerates <c>//</c> and <c>/* */</c>
    /// comments and trailing commas (as editors of flow files expect); stops at the first syntax error and
    /// returns it with its span. Never throws.
    /// </summary>
    internal sealed class JsonReader
    {
        /// <summary>Deeper nesting is refused rather than risking the stack of a build.</summary>
        public const int MaxDepth = 128;

        private readonly string _text;
        private int _position;
        private int _depth;

        private JsonReader(string text) => _text = text;

        public static (JsonNode? Root, JsonError? Error) Read(string text)
        {
            var reader = new JsonReader(text ?? "");
            try
            {
                reader.SkipTrivia();
                if (reader._position >= reader._text.Length)
                {
                    return (null, new JsonError(new JsonSpan(0, 0), "the file is empty; a flow file holds one JSON object"));
                }

                var root = reader.Value();
                reader.SkipTrivia();
                if (reader._position < reader._text.Length)
                {
                    return (null, new JsonError(new JsonSpan(reader._position, reader._position + 1), "unexpected text after the end of the JSON value"));
                }

                return (root, null);
            }
            catch (SyntaxException error)
            {
                return (null, error.Error);
            }
        }

        private char Peek(int offset = 0) => _position + offset < _text.Length ? _text[_position + offset] : '\0';

        private SyntaxException Fail(int start, int length, string message)
            => new(new JsonError(new JsonSpan(start, Math.Min(start + length, _text.Length)), message));

        private void SkipTrivia()
        {
            while (_position < _text.Length)
            {
                var c = _text[_position];
                if (c is ' ' or '\t' or '\r' or '\n' or '\uFEFF')
                {
                    _position++;
                }
                else if (c == '/' && Peek(1) == '/')
                {
                    while (_position < _text.Length && _text[_position] != '\n')
                    {
                        _position++;
                    }
                }
                else if (c == '/' && Peek(1) == '*')
                {
                    var start = _position;
                    var end = _text.IndexOf("*/", _position + 2, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        throw Fail(start, 2, "unterminated comment: close it with */");
                    }

                    _position = end + 2;
                }
                else
                {
                    return;
                }
            }
        }

        private JsonNode Value()
        {
            var start = _position;
            var c = Peek();
            switch (c)
            {
                case '{':
                    return Object();
                case '[':
                    return Array();
                case '"':
                    return String();
                case 't':
                    return Keyword("true", new JsonBool(new JsonSpan(start, start + 4), true));
                case 'f':
                    return Keyword("false", new JsonBool(new JsonSpan(start, start + 5), false));
                case 'n':
                    return Keyword("null", new JsonNull(new JsonSpan(start, start + 4)));
                case '\'':
                    throw Fail(start, 1, "strings use double quotes in JSON");
                default:
                    if (c == '-' || char.IsDigit(c))
                    {
                        return Number();
                    }

                    throw Fail(start, 1, _position >= _text.Length ? "the JSON ends too early: a value is missing" : $"unexpected character '{c}': expected a value");
            }
        }

        private JsonNode Keyword(string word, JsonNode node)
        {
            if (string.CompareOrdinal(_text, _position, word, 0, word.Length) != 0)
            {
                throw Fail(_position, 1, $"unexpected text: expected {word}, a string, a number, an object or an array");
            }

            _position += word.Length;
            return node;
        }

        private void Enter()
        {
            if (++_depth > MaxDepth)
            {
                throw Fail(_position, 1, $"the JSON nests deeper than {MaxDepth} levels");
            }
        }

        private JsonObject Object()
        {
            var start = _position++;
            Enter();
            var properties = new List<JsonProperty>();
            while (true)
            {
                SkipTrivia();
                if (Peek() == '}')
                {
                    _position++;
                    break;
                }

                if (Peek() != '"')
                {
                    throw _position >= _text.Length
                        ? Fail(start, 1, "this object is never closed: add '}'")
                        : Fail(_position, 1, "expected a property name in double quotes");
                }

                var name = String();
                SkipTrivia();
                if (Peek() != ':')
                {
                    throw Fail(_position, 1, $"expected ':' after property \"{name.Value}\"");
                }

                _position++;
                SkipTrivia();
                var value = Value();
                properties.Add(new JsonProperty(name.Value, name.Span, value));
                SkipTrivia();
                if (Peek() == ',')
                {
                    _position++;
                    continue;
                }

                if (Peek() == '}')
                {
                    _position++;
                    break;
                }

                throw _position >= _text.Length
                    ? Fail(start, 1, "this object is never closed: add '}'")
                    : Fail(_position, 1, "expected ',' or '}' after a property");
            }

            _depth--;
            return new JsonObject(new JsonSpan(start, _position), properties.ToEquatableArray());
        }

        private JsonArray Array()
        {
            var start = _position++;
            Enter();
            var items = new List<JsonNode>();
            while (true)
            {
                SkipTrivia();
                if (Peek() == ']')
                {
                    _position++;
                    break;
                }

                if (_position >= _text.Length)
                {
                    throw Fail(start, 1, "this array is never closed: add ']'");
                }

                items.Add(Value());
                SkipTrivia();
                if (Peek() == ',')
                {
                    _position++;
                    continue;
                }

                if (Peek() == ']')
                {
                    _position++;
                    break;
                }

                throw _position >= _text.Length
                    ? Fail(start, 1, "this array is never closed: add ']'")
                    : Fail(_position, 1, "expected ',' or ']' after an item");
            }

            _depth--;
            return new JsonArray(new JsonSpan(start, _position), items.ToEquatableArray());
        }

        private JsonString String()
        {
            var start = _position++;
            var builder = new StringBuilder();
            List<int>? offsets = null;
            while (true)
            {
                if (_position >= _text.Length)
                {
                    throw Fail(start, 1, "unterminated string: close it with '\"'");
                }

                var c = _text[_position];
                if (c == '"')
                {
                    _position++;
                    break;
                }

                if (c < ' ')
                {
                    throw Fail(_position, 1, c == '\n' || c == '\r' ? "unterminated string: a string cannot span lines (use \\n)" : "control characters must be escaped in a string");
                }

                if (c != '\\')
                {
                    offsets?.Add(_position);
                    builder.Append(c);
                    _position++;
                    continue;
                }

                // The first escape: from here on every character's source offset is recorded.
                if (offsets is null)
                {
                    offsets = new List<int>(builder.Length + 8);
                    for (var i = 0; i < builder.Length; i++)
                    {
                        offsets.Add(start + 1 + i);
                    }
                }

                var escapeStart = _position;
                var decoded = Escape();
                foreach (var ch in decoded)
                {
                    offsets.Add(escapeStart);
                    builder.Append(ch);
                }
            }

            return new JsonString(
                new JsonSpan(start, _position),
                builder.ToString(),
                offsets is null ? EquatableArray<int>.Empty : offsets.ToEquatableArray());
        }

        private string Escape()
        {
            var start = _position;
            var c = Peek(1);
            _position += 2;
            switch (c)
            {
                case '"': return "\"";
                case '\\': return "\\";
                case '/': return "/";
                case 'b': return "\b";
                case 'f': return "\f";
                case 'n': return "\n";
                case 'r': return "\r";
                case 't': return "\t";
                case 'u':
                    if (_position + 4 > _text.Length
                        || !int.TryParse(_text.Substring(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        throw Fail(start, 2, "\\u needs four hex digits");
                    }

                    _position += 4;
                    return ((char)code).ToString();
                default:
                    throw Fail(start, 2, $"invalid escape '\\{c}': use \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX");
            }
        }

        private JsonNumber Number()
        {
            var start = _position;
            if (Peek() == '-')
            {
                _position++;
            }

            if (!char.IsDigit(Peek()))
            {
                throw Fail(start, 1, "a number needs digits");
            }

            if (Peek() == '0' && char.IsDigit(Peek(1)))
            {
                throw Fail(start, _position - start + 2, "numbers cannot start with 0 (no leading zeros in JSON)");
            }

            while (char.IsDigit(Peek()))
            {
                _position++;
            }

            if (Peek() == '.')
            {
                _position++;
                if (!char.IsDigit(Peek()))
                {
                    throw Fail(start, _position - start, "a decimal point needs digits after it");
                }

                while (char.IsDigit(Peek()))
                {
                    _position++;
                }
            }

            if (Peek() is 'e' or 'E')
            {
                _position++;
                if (Peek() is '+' or '-')
                {
                    _position++;
                }

                if (!char.IsDigit(Peek()))
                {
                    throw Fail(start, _position - start, "an exponent needs digits");
                }

                while (char.IsDigit(Peek()))
                {
                    _position++;
                }
            }

            return new JsonNumber(new JsonSpan(start, _position), _text.Substring(start, _position - start));
        }

        private sealed class SyntaxException : Exception
        {
            public SyntaxException(JsonError error)
                : base(error.Message) => Error = error;

            public JsonError Error { get; }
        }
    }
}
