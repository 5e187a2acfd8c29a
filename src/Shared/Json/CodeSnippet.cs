using System;
using System.Collections.Generic;

namespace Automations.Compiled.Json
{
    /// <summary>
    /// A light scan of a code step's C# snippet: the names it may read (identifiers that are not a member access), each with
    /// the index of its first use. Comments and plain string and character literals are skipped; interpolated strings are
    /// scanned whole, so a name in a hole counts. Over-approximating only passes a value the snippet does not read.
    /// </summary>
    internal static class CodeSnippet
    {
        public static Dictionary<string, int> Identifiers(string code)
        {
            var found = new Dictionary<string, int>(StringComparer.Ordinal);
            var i = 0;
            while (i < code.Length)
            {
                var c = code[i];
                if (c == '/' && i + 1 < code.Length && code[i + 1] == '/')
                {
                    while (i < code.Length && code[i] != '\n')
                    {
                        i++;
                    }
                }
                else if (c == '/' && i + 1 < code.Length && code[i + 1] == '*')
                {
                    var close = code.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    i = close < 0 ? code.Length : close + 2;
                }
                else if (c == '@' && i + 1 < code.Length && code[i + 1] == '"')
                {
                    // Verbatim string: "" is a quote.
                    i += 2;
                    while (i < code.Length && !(code[i] == '"' && (i + 1 >= code.Length || code[i + 1] != '"')))
                    {
                        i += code[i] == '"' ? 2 : 1;
                    }

                    i++;
                }
                else if ((c == '"' || c == '\'') && (i == 0 || code[i - 1] != '$'))
                {
                    i++;
                    while (i < code.Length && code[i] != c && code[i] != '\n')
                    {
                        i += code[i] == '\\' ? 2 : 1;
                    }

                    i++;
                }
                else if (char.IsLetter(c) || c == '_' || c == '@')
                {
                    var start = c == '@' ? i + 1 : i;
                    i = start;
                    while (i < code.Length && (char.IsLetterOrDigit(code[i]) || code[i] == '_'))
                    {
                        i++;
                    }

                    var before = start - (c == '@' ? 2 : 1);
                    while (before >= 0 && code[before] is ' ' or '\t' or '\r' or '\n')
                    {
                        before--;
                    }

                    var member = before >= 0 && (code[before] == '.' || (code[before] == '>' && before > 0 && code[before - 1] == '-'));
                    var name = code.Substring(start, i - start);
                    if (name.Length > 0 && !member && !found.ContainsKey(name))
                    {
                        found[name] = start;
                    }
                }
                else
                {
                    i++;
                }
            }

            return found;
        }
    }
}
