using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Automations.Compiled.Cel
{
    /// <summary>
    /// Splits CEL text into tokens (cel-spec lexis): decimal and hex ints, uints (<c>u</c>), doubles, strings and
    /// bytes in every quoting (<c>'</c>, <c>"</c>, triple quotes, <c>r</c> raw, <c>b</c> bytes) with all escapes,
    /// <c>//</c> comments. Never throws: a bad token becomes an <see cref="CelTokenKind.Error"/> token.
    /// </summary>
    internal sealed class CelLexer
    {
        private static readonly HashSet<string> Reserved = new()
        {
            "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package",
            "namespace", "return", "var", "void", "while",
        };

        private readonly string _text;
        private int _position;

        private CelLexer(string text) => _text = text;

        public static List<CelToken> Tokenize(string text)
        {
            var lexer = new CelLexer(text);
            var tokens = new List<CelToken>();
            while (true)
            {
                var token = lexer.Next();
                tokens.Add(token);
                if (token.Kind is CelTokenKind.End or CelTokenKind.Error)
                {
                    if (token.Kind == CelTokenKind.Error)
                    {
                        tokens.Add(new CelToken(CelTokenKind.End, new CelSpan(text.Length, text.Length), null));
                    }

                    return tokens;
                }
            }
        }

        private char Peek(int offset = 0) => _position + offset < _text.Length ? _text[_position + offset] : '\0';

        private CelToken Next()
        {
            SkipTrivia();
            var start = _position;
            if (_position >= _text.Length)
            {
                return new CelToken(CelTokenKind.End, new CelSpan(start, start), null);
            }

            var c = Peek();
            if (char.IsDigit(c) || (c == '.' && char.IsDigit(Peek(1))))
            {
                return Number(start);
            }

            if (IsQuote(c) || ((c is 'r' or 'R' or 'b' or 'B') && StringStartsAt(_position)))
            {
                return StringLiteral(start);
            }

            if (c == '_' || char.IsLetter(c))
            {
                while (Peek() == '_' || char.IsLetterOrDigit(Peek()))
                {
                    _position++;
                }

                var word = _text.Substring(start, _position - start);
                var span = new CelSpan(start, _position);
                switch (word)
                {
                    case "true":
                        return new CelToken(CelTokenKind.True, span, true);
                    case "false":
                        return new CelToken(CelTokenKind.False, span, false);
                    case "null":
                        return new CelToken(CelTokenKind.Null, span, null);
                    case "in":
                        return new CelToken(CelTokenKind.In, span, null);
                }

                return Reserved.Contains(word)
                    ? Error(start, $"'{word}' is a reserved word and cannot be used as an identifier")
                    : new CelToken(CelTokenKind.Identifier, span, word);
            }

            _position++;
            CelToken Op(CelTokenKind kind, int length = 1)
            {
                _position = start + length;
                return new CelToken(kind, new CelSpan(start, start + length), null);
            }

            switch (c)
            {
                case '+': return Op(CelTokenKind.Plus);
                case '-': return Op(CelTokenKind.Minus);
                case '*': return Op(CelTokenKind.Star);
                case '/': return Op(CelTokenKind.Slash);
                case '%': return Op(CelTokenKind.Percent);
                case '?': return Op(CelTokenKind.Question);
                case ':': return Op(CelTokenKind.Colon);
                case '.': return Op(CelTokenKind.Dot);
                case ',': return Op(CelTokenKind.Comma);
                case '(': return Op(CelTokenKind.LeftParen);
                case ')': return Op(CelTokenKind.RightParen);
                case '[': return Op(CelTokenKind.LeftBracket);
                case ']': return Op(CelTokenKind.RightBracket);
                case '{': return Op(CelTokenKind.LeftBrace);
                case '}': return Op(CelTokenKind.RightBrace);
                case '!': return Peek() == '=' ? Op(CelTokenKind.BangEqual, 2) : Op(CelTokenKind.Bang);
                case '=': return Peek() == '=' ? Op(CelTokenKind.EqualEqual, 2) : Error(start, "'=' is not an operator; use '==' to compare");
                case '<': return Peek() == '=' ? Op(CelTokenKind.LessEqual, 2) : Op(CelTokenKind.Less);
                case '>': return Peek() == '=' ? Op(CelTokenKind.GreaterEqual, 2) : Op(CelTokenKind.Greater);
                case '&': return Peek() == '&' ? Op(CelTokenKind.AndAnd, 2) : Error(start, "'&' is not an operator; use '&&'");
                case '|': return Peek() == '|' ? Op(CelTokenKind.OrOr, 2) : Error(start, "'|' is not an operator; use '||'");
                default: return Error(start, $"unexpected character '{c}'");
            }
        }

        private void SkipTrivia()
        {
            while (_position < _text.Length)
            {
                var c = _text[_position];
                if (char.IsWhiteSpace(c))
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
                else
                {
                    return;
                }
            }
        }

        private CelToken Error(int start, string message)
        {
            _position = _text.Length;
            return new CelToken(CelTokenKind.Error, new CelSpan(start, start + 1 <= _text.Length ? start + 1 : start), message);
        }

        private CelToken Number(int start)
        {
            if (Peek() == '0' && (Peek(1) == 'x' || Peek(1) == 'X'))
            {
                _position += 2;
                var digitsStart = _position;
                while (Uri.IsHexDigit(Peek()))
                {
                    _position++;
                }

                if (_position == digitsStart)
                {
                    return Error(start, "a hex literal needs digits after '0x'");
                }

                var hex = _text.Substring(digitsStart, _position - digitsStart);
                if (!ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hexValue))
                {
                    return Error(start, "integer literal out of range");
                }

                return IntegerToken(start, hexValue);
            }

            var isDouble = false;
            while (char.IsDigit(Peek()))
            {
                _position++;
            }

            if (Peek() == '.' && char.IsDigit(Peek(1)))
            {
                isDouble = true;
                _position++;
                while (char.IsDigit(Peek()))
                {
                    _position++;
                }
            }

            if ((Peek() == 'e' || Peek() == 'E') && (char.IsDigit(Peek(1)) || ((Peek(1) == '+' || Peek(1) == '-') && char.IsDigit(Peek(2)))))
            {
                isDouble = true;
                _position += 2;
                while (char.IsDigit(Peek()))
                {
                    _position++;
                }
            }

            var text = _text.Substring(start, _position - start);
            if (isDouble)
            {
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? new CelToken(CelTokenKind.Double, new CelSpan(start, _position), number)
                    : Error(start, "malformed floating-point literal");
            }

            if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return Error(start, "integer literal out of range");
            }

            return IntegerToken(start, value);
        }

        /// <summary>Ints carry their magnitude as a ulong: the parser applies a leading minus (for -2^63).</summary>
        private CelToken IntegerToken(int start, ulong value)
        {
            if (Peek() == 'u' || Peek() == 'U')
            {
                _position++;
                return new CelToken(CelTokenKind.Uint, new CelSpan(start, _position), value);
            }

            return new CelToken(CelTokenKind.Int, new CelSpan(start, _position), value);
        }

        private static bool IsQuote(char c) => c == '"' || c == '\'';

        private bool StringStartsAt(int position)
        {
            var i = position;
            var raw = false;
            var bytes = false;
            while (i < _text.Length && i < position + 2)
            {
                var c = _text[i];
                if ((c == 'r' || c == 'R') && !raw)
                {
                    raw = true;
                }
                else if ((c == 'b' || c == 'B') && !bytes)
                {
                    bytes = true;
                }
                else
                {
                    break;
                }

                i++;
            }

            return i < _text.Length && IsQuote(_text[i]) && i > position;
        }

        private CelToken StringLiteral(int start)
        {
            var raw = false;
            var bytes = false;
            while (!IsQuote(Peek()))
            {
                if (Peek() is 'r' or 'R')
                {
                    raw = true;
                }
                else
                {
                    bytes = true;
                }

                _position++;
            }

            var quote = Peek();
            var triple = Peek(1) == quote && Peek(2) == quote;
            _position += triple ? 3 : 1;
            var builder = new StringBuilder();
            while (true)
            {
                if (_position >= _text.Length)
                {
                    return Error(start, "unterminated string literal");
                }

                var c = _text[_position];
                if (c == quote && (!triple || (Peek(1) == quote && Peek(2) == quote)))
                {
                    _position += triple ? 3 : 1;
                    break;
                }

                if (!triple && (c == '\n' || c == '\r'))
                {
                    return Error(start, "a single-quoted string cannot span lines; use triple quotes");
                }

                if (c == '\\' && !raw)
                {
                    var escapeStart = _position;
                    if (!Escape(builder, bytes))
                    {
                        return Error(escapeStart, "invalid escape sequence");
                    }

                    continue;
                }

                if (bytes)
                {
                    // A literal character in a bytes literal stands for its UTF-8 encoding.
                    var length = char.IsHighSurrogate(c) && _position + 1 < _text.Length ? 2 : 1;
                    foreach (var b in Encoding.UTF8.GetBytes(_text.Substring(_position, length)))
                    {
                        builder.Append((char)b);
                    }

                    _position += length;
                    continue;
                }

                builder.Append(c);
                _position++;
            }

            var span = new CelSpan(start, _position);
            return new CelToken(bytes ? CelTokenKind.Bytes : CelTokenKind.String, span, builder.ToString());
        }

        /// <summary>Decodes one escape at the position of its backslash; bytes literals append byte values.</summary>
        private bool Escape(StringBuilder builder, bool bytes)
        {
            var c = Peek(1);
            _position += 2;
            switch (c)
            {
                case 'a': builder.Append('\a'); return true;
                case 'b': builder.Append('\b'); return true;
                case 'f': builder.Append('\f'); return true;
                case 'n': builder.Append('\n'); return true;
                case 'r': builder.Append('\r'); return true;
                case 't': builder.Append('\t'); return true;
                case 'v': builder.Append('\v'); return true;
                case '\\': builder.Append('\\'); return true;
                case '?': builder.Append('?'); return true;
                case '"': builder.Append('"'); return true;
                case '\'': builder.Append('\''); return true;
                case '`': builder.Append('`'); return true;
                case 'x':
                case 'X':
                    return Hex(builder, 2, bytes, asByte: true);
                case 'u':
                    return !bytes && Hex(builder, 4, bytes, asByte: false);
                case 'U':
                    return !bytes && Hex(builder, 8, bytes, asByte: false);
                default:
                    if (c >= '0' && c <= '3' && Peek() >= '0' && Peek() <= '7' && Peek(1) >= '0' && Peek(1) <= '7')
                    {
                        var value = ((c - '0') * 64) + ((Peek() - '0') * 8) + (Peek(1) - '0');
                        _position += 2;
                        AppendCodePoint(builder, value, bytes, asByte: true);
                        return true;
                    }

                    return false;
            }
        }

        private bool Hex(StringBuilder builder, int digits, bool bytes, bool asByte)
        {
            if (_position + digits > _text.Length)
            {
                return false;
            }

            var hex = _text.Substring(_position, digits);
            if (!int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) || value < 0 || value > 0x10FFFF
                || (value >= 0xD800 && value <= 0xDFFF))
            {
                return false;
            }

            _position += digits;
            AppendCodePoint(builder, value, bytes, asByte);
            return true;
        }

        private static void AppendCodePoint(StringBuilder builder, int value, bool bytes, bool asByte)
        {
            if (bytes && asByte)
            {
                builder.Append((char)value);
            }
            else if (bytes)
            {
                foreach (var b in Encoding.UTF8.GetBytes(char.ConvertFromUtf32(value)))
                {
                    builder.Append((char)b);
                }
            }
            else
            {
                builder.Append(char.ConvertFromUtf32(value));
            }
        }
    }
}
