extern alias CodeFixes;

using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using CodeFixes::Automations.Compiled.CodeFixes;
using Xunit;

namespace Automations.Compiled.Generators.Tests.CodeFixes
{
    /// <summary>AUTO5004: an input without a type becomes a string input, written the way the file already is.</summary>
    public sealed class AddInputTypeCodeFixTests
    {
        private const string Path = "flows/order.flow.json";

        private const string Flow = """
            {
              "id": "order",
              "inputs": {
                "email": "string",
                "orderId": INPUT
              },
              "steps": [
                { "id": "mail", "type": "action", "action": "send_email", "inputs": { "to": "{!inputs.email}", "body": "{!inputs.orderId}" } }
              ]
            }
            """;

        [Theory]
        [InlineData("null", "\"string\"")]
        [InlineData("{}", "{ \"type\": \"string\" }")]
        [InlineData("{ }", "{ \"type\": \"string\" }")]
        [InlineData("{ \"description\": \"The order.\" }", "{ \"type\": \"string\", \"description\": \"The order.\" }")]
        [InlineData("{\"description\": \"The order.\"}", "{\"type\": \"string\", \"description\": \"The order.\"}")]
        public Task An_untyped_input_becomes_a_string(string before, string after)
            => AssertFixed(Flow.Replace("INPUT", before), Flow.Replace("INPUT", after));

        [Fact]
        public Task In_an_object_on_several_lines_the_type_gets_its_own_line() => AssertFixed(
            Flow.Replace("INPUT", """
                {
                      "description": "The order."
                    }
                """),
            Flow.Replace("INPUT", """
                {
                      "type": "string",
                      "description": "The order."
                    }
                """));

        [Fact]
        public Task Windows_line_breaks_are_kept() => AssertFixed(
            Flow.Replace("INPUT", "{\n      \"description\": \"The order.\"\n    }").Replace("\n", "\r\n"),
            Flow.Replace("INPUT", "{\n      \"type\": \"string\",\n      \"description\": \"The order.\"\n    }").Replace("\n", "\r\n"));

        private static async Task AssertFixed(string flow, string expected)
        {
            using var harness = CodeFixHarness.WithFlowFiles(new[] { FlowSources.FlowActions }, (Path, flow));

            var result = await harness.FixAsync(new AddInputTypeCodeFix(), "AUTO5004", "Make input 'orderId' a string");

            Assert.Equal(expected, await result.TextAsync(Path));
            await result.AssertClean("AUTO5004");
        }
    }
}
