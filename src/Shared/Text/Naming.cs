using System.Text;

namespace Automations.Compiled.Text
{
    /// <summary>Names derived from ids and members, for generated code and for CEL field names.</summary>
    internal static class Naming
    {
        /// <summary>An id made safe for a C# identifier: every character that is not an ASCII letter or digit becomes '_'.</summary>
        public static string Identifier(string text)
        {
            var builder = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                builder.Append(char.IsLetterOrDigit(c) && c < 128 ? c : '_');
            }

            return builder.ToString();
        }

        /// <summary>The first letter in upper case: <c>orderId</c> → <c>OrderId</c>, "a step" → "A step".</summary>
        public static string Capitalize(string text) => text.Length == 0 || char.IsUpper(text[0]) ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

        /// <summary>The first letter in lower case: <c>OrderId</c> → <c>orderId</c>.</summary>
        public static string CamelCase(string name) => name.Length == 0 || char.IsLower(name[0]) ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);

        /// <summary>"An" before a vowel sound as English spells it most often ("an action", "a step"), else "A".</summary>
        public static string Article(string word)
            => word.Length > 0 && "aeiouAEIOU".IndexOf(word[0]) >= 0 ? "An" : "A";
    }
}
