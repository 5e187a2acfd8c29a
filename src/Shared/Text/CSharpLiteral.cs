using System.Globalization;
using System.Text;

namespace Automations.Compiled.Text
{
    /// <summary>C# literals for generated code.</summary>
    internal static class CSharpLiteral
    {
        /// <summary>
        /// A regular C# string literal: printable ASCII as is, quotes, backslashes and line breaks escaped, everything else as
        /// <c>\uXXXX</c> (so lone surrogates survive and the generated file stays ASCII).
        /// </summary>
        public static string String(string text)
        {
            var builder = new StringBuilder(text.Length + 2).Append('"');
            foreach (var c in text)
            {
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    default:
                        if (c >= ' ' && c <= '~')
                        {
                            builder.Append(c);
                        }
                        else
                        {
                            builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }

                        break;
                }
            }

            return builder.Append('"').ToString();
        }
    }
}
