namespace Automations.Compiled.Text
{
    /// <summary>Text for the XML doc comments of generated code.</summary>
    internal static class XmlDocText
    {
        /// <summary>The text with <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> escaped, so a step id or message reads as written.</summary>
        public static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
