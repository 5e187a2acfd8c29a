using System;
using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Automations.Compiled.Cli
{
    /// <summary>Text for people (colour when the terminal supports it), or JSON with <c>--json</c>.</summary>
    internal static class Output
    {
        // Relaxed escaping: output goes to a terminal or a JSON reader, never into HTML, so "b\"\\xff\"" need not read "b\u0022\\xff\u0022".
        private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        /// <summary>True when stdout is a terminal that takes ANSI colours (and NO_COLOR is not set).</summary>
        public static bool Colour => !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null && Environment.GetEnvironmentVariable("TERM") != "dumb";

        public static bool IsJson(ParseResult result) => result.GetValue(FlowCli.Json);

        /// <summary>Writes <paramref name="text"/> for people, or <paramref name="json"/> as JSON.</summary>
        public static void Result(ParseResult result, string text, object json)
        {
            if (IsJson(result))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(json, Indented));
            }
            else
            {
                Console.Out.WriteLine(text);
            }
        }

        public static void Json(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Indented));

        public static string Red(string text) => Colour ? "\u001b[31m" + text + "\u001b[0m" : text;

        public static string Yellow(string text) => Colour ? "\u001b[33m" + text + "\u001b[0m" : text;

        public static string Green(string text) => Colour ? "\u001b[32m" + text + "\u001b[0m" : text;

        public static string Dim(string text) => Colour ? "\u001b[2m" + text + "\u001b[0m" : text;
    }
}
