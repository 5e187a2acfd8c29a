using System;
using System.Linq;
using Automations.Compiled.Json;
using Xunit;

namespace Automations.Compiled.Tests.Json
{
    /// <summary>The span-preserving JSON reader behind <c>*.flow.json</c> files.</summary>
    public class JsonReaderTests
    {
        [Fact]
        public void Reads_every_kind_of_value_with_its_span()
        {
            const string text = """{"id": "order", "version": 2, "ratio": -1.5e3, "on": true, "off": false, "none": null, "steps": [1, {"a": "b"}]}""";
            var root = Assert.IsType<JsonObject>(Read(text));

            Assert.Equal(new[] { "id", "version", "ratio", "on", "off", "none", "steps" }, root.Properties.Select(p => p.Name));
            var id = Assert.IsType<JsonString>(root.Find("id")!.Value);
            Assert.Equal("order", id.Value);
            Assert.Equal("\"order\"", Slice(text, id.Span));
            Assert.Equal("\"id\"", Slice(text, root.Find("id")!.NameSpan));
            Assert.Equal("2", Assert.IsType<JsonNumber>(root.Find("version")!.Value).Text);
            Assert.Equal("-1.5e3", Assert.IsType<JsonNumber>(root.Find("ratio")!.Value).Text);
            Assert.True(Assert.IsType<JsonBool>(root.Find("on")!.Value).Value);
            Assert.False(Assert.IsType<JsonBool>(root.Find("off")!.Value).Value);
            Assert.IsType<JsonNull>(root.Find("none")!.Value);
            var steps = Assert.IsType<JsonArray>(root.Find("steps")!.Value);
            Assert.Equal("""[1, {"a": "b"}]""", Slice(text, steps.Span));
            Assert.Equal(new JsonSpan(0, text.Length), root.Span);
        }

        [Fact]
        public void Comments_and_trailing_commas_are_accepted()
        {
            const string text = """
                // an order flow
                {
                  "id": "order", /* the id */
                  "steps": [1, 2, ],
                }
                """;
            var root = Assert.IsType<JsonObject>(Read(text));

            Assert.Equal(2, Assert.IsType<JsonArray>(root.Find("steps")!.Value).Items.Count);
        }

        [Fact]
        public void Duplicate_properties_are_kept_for_the_front_end_to_report()
        {
            var root = Assert.IsType<JsonObject>(Read("""{"id": "a", "id": "b"}"""));

            Assert.Equal(2, root.Properties.Count(p => p.Name == "id"));
            Assert.Equal("a", ((JsonString)root.Find("id")!.Value).Value);
        }

        [Fact]
        public void Escaped_strings_map_each_character_back_to_its_source_offset()
        {
            const string text = """{"when": "a \"b\" \u0063d"}""";
            var value = Assert.IsType<JsonString>(Assert.IsType<JsonObject>(Read(text)).Find("when")!.Value);

            Assert.Equal("a \"b\" cd", value.Value);
            Assert.Equal('a', text[value.SourceOffset(0)]);
            Assert.Equal('\\', text[value.SourceOffset(2)]); // the escape that produced the quote
            Assert.Equal('b', text[value.SourceOffset(3)]);
            Assert.Equal('\\', text[value.SourceOffset(6)]); // \u0063 produced 'c'
            Assert.Equal('d', text[value.SourceOffset(7)]);
            Assert.Equal('"', text[value.SourceOffset(8)]); // the end maps to the closing quote
        }

        [Fact]
        public void Plain_strings_map_offsets_without_a_table()
        {
            const string text = """["trigger.record.amount > 10"]""";
            var value = (JsonString)Assert.IsType<JsonArray>(Read(text)).Items[0];

            Assert.True(value.Offsets.IsEmpty);
            Assert.Equal(">", text.Substring(value.SourceOffset(value.Value.IndexOf('>')), 1));
        }

        [Theory]
        [InlineData("", 0, 0, "the file is empty")]
        [InlineData("{\"id\": \"x}", 7, 8, "unterminated string")]
        [InlineData("{\"id\" \"x\"}", 6, 7, "expected ':' after property \"id\"")]
        [InlineData("{\"a\": 1 \"b\": 2}", 8, 9, "expected ',' or '}' after a property")]
        [InlineData("{id: 1}", 1, 2, "expected a property name in double quotes")]
        [InlineData("{\"a\": 'x'}", 6, 7, "strings use double quotes")]
        [InlineData("{\"a\": \"\\q\"}", 7, 9, "invalid escape '\\q'")]
        [InlineData("{\"a\": \"\\u12\"}", 7, 9, "\\u needs four hex digits")]
        [InlineData("{\"a\": 01}", 6, 8, "leading zeros")]
        [InlineData("{\"a\": 1.}", 6, 8, "a decimal point needs digits")]
        [InlineData("{\"a\": tru}", 6, 7, "expected true")]
        [InlineData("{\"a\": 1} x", 9, 10, "unexpected text after the end")]
        [InlineData("{\"a\": [1, 2}", 11, 12, "expected ',' or ']' after an item")]
        [InlineData("{\"a\": 1", 0, 1, "this object is never closed")]
        [InlineData("[1, 2", 0, 1, "this array is never closed")]
        [InlineData("{\"a\": \"x\ny\"}", 8, 9, "cannot span lines")]
        [InlineData("/* open", 0, 2, "unterminated comment")]
        [InlineData("{\"a\": }", 6, 7, "unexpected character '}'")]
        public void Syntax_errors_say_what_and_where(string text, int start, int end, string message)
        {
            var (root, error) = JsonReader.Read(text);

            Assert.Null(root);
            Assert.NotNull(error);
            Assert.Contains(message, error!.Message, StringComparison.Ordinal);
            Assert.Equal(new JsonSpan(start, end), error.Span);
        }

        [Fact]
        public void Deep_nesting_is_an_error_not_a_crash()
        {
            var (root, error) = JsonReader.Read(new string('[', 100_000));

            Assert.Null(root);
            Assert.Contains("nests deeper than", error!.Message, StringComparison.Ordinal);
        }

        private static JsonNode Read(string text)
        {
            var (root, error) = JsonReader.Read(text);
            Assert.True(error is null, error?.ToString());
            return root!;
        }

        private static string Slice(string text, JsonSpan span) => text.Substring(span.Start, span.Length);
    }
}
