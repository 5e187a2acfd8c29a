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

        /// <summary>The flow with input <c>orderId</c> declared as INPUT; NAME is where AUTO5004 is reported.</summary>
        private const string Flow = """
            {
              "id": "order",
              "inputs": {
                "email": "string",
                NAME: INPUT
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
            => AssertFixed(Untyped(before), Typed(after));

        [Fact]
        public Task In_an_object_on_several_lines_the_type_gets_its_own_line() => AssertFixed(
            Untyped("""
                {
                      "description": "The order."
                    }
                """),
            Typed("""
                {
                      "type": "string",
                      "description": "The order."
                    }
                """));

        [Fact]
        public Task Windows_line_breaks_are_kept() => AssertFixed(
            Untyped("{\n      \"description\": \"The order.\"\n    }").Replace("\n", "\r\n"),
            Typed("{\n      \"type\": \"string\",\n      \"description\": \"The order.\"\n    }").Replace("\n", "\r\n"));

        private static string Untyped(string input) => Flow.Replace("NAME", "{|AUTO5004:\"orderId\"|}").Replace("INPUT", input);

        private static string Typed(string input) => Flow.Replace("NAME", "\"orderId\"").Replace("INPUT", input);

        private static Task AssertFixed(string flow, string expected) => new FlowFileCodeFixTest<AddInputTypeCodeFix>
        {
            TestState = { Sources = { FlowSources.FlowActions }, AdditionalFiles = { (Path, flow) } },
            FixedState = { AdditionalFiles = { (Path, expected) } },
            ExpectedTitle = "Make input 'orderId' a string",
        }.RunAsync();
    }
}
