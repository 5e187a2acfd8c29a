using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Testing;
using Xunit;

namespace Automations.Compiled.Tests.Json
{
    /// <summary>
    /// An LLM step whose answer schema nests objects and arrays of objects (docs/ai-steps.md, "The typed output"): the
    /// members are nested classes later steps read typed, and the answer is validated member by member at any depth.
    /// </summary>
    public sealed class LlmNestedOutputTests
    {
        private const string Valid = """
            {"customer": {"name": "Ada", "tier": "pro", "address": {"city": "London"}},
             "lines": [{"sku": "A-1", "quantity": 2}, {"sku": "B-2", "quantity": 1}]}
            """;

        private static JsonLlmOrderFlow.Input Order => new() { Text = "two A-1 and one B-2 for Ada" };

        [Fact]
        public async Task Nested_members_reach_later_steps_typed()
        {
            var chat = new ScriptedChatClient().Respond(Valid);
            var trace = new FlowTrace();

            var result = await new JsonLlmOrderFlow(chat).RunAsync(Order, new FlowRunOptions { Observer = trace });

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal("Ada (pro): 2 lines, 1 of several", result.Output);
            var output = Assert.IsType<JsonLlmOrderFlow.ReadOutput>(trace.Records.Single(r => r.StepId == "read").Output);
            Assert.Equal("London", output.Customer.Address.City);
            Assert.Equal(new[] { "A-1", "B-2" }, output.Lines.Select(l => l.Sku).ToArray());
            Assert.IsType<JsonLlmOrderFlow.ReadOutput.LinesItem>(output.Lines[0]);
        }

        [Fact]
        public async Task The_schema_sent_to_the_model_holds_the_nested_objects()
        {
            var chat = new ScriptedChatClient().Respond(Valid);

            await new JsonLlmOrderFlow(chat).RunAsync(Order);

            var format = Assert.IsType<Microsoft.Extensions.AI.ChatResponseFormatJson>(chat.Requests[0].Options!.ResponseFormat);
            var schema = format.Schema!.Value;
            Assert.Equal("object", schema.GetProperty("properties").GetProperty("customer").GetProperty("properties").GetProperty("address").GetProperty("type").GetString());
            Assert.Equal("integer", schema.GetProperty("properties").GetProperty("lines").GetProperty("items").GetProperty("properties").GetProperty("quantity").GetProperty("type").GetString());
        }

        [Theory]
        [InlineData("""{"customer": {"tier": "pro"}, "lines": []}""", "'customer.name' is required but missing")]
        [InlineData("""{"customer": {"name": "Ada", "tier": "gold"}, "lines": []}""", "'customer.tier' is not one of \"free\", \"pro\"")]
        [InlineData("""{"customer": {"name": "Ada", "tier": "pro", "address": {}}, "lines": []}""", "'customer.address.city' is required but missing")]
        [InlineData("""{"customer": {"name": "Ada", "tier": "pro", "address": "London"}, "lines": []}""", "'customer.address' should be an object but is a string")]
        [InlineData("""{"customer": {"name": "Ada", "tier": "pro"}, "lines": [{"sku": "A-1", "quantity": 2}, {"sku": "B-2", "quantity": "one"}]}""", "'lines[1].quantity' should be an integer but is a string")]
        [InlineData("""{"customer": {"name": "Ada", "tier": "pro"}, "lines": [{"quantity": 1}]}""", "'lines[0].sku' is required but missing")]
        [InlineData("""{"customer": {"name": "Ada", "tier": "pro"}, "lines": {"sku": "A-1"}}""", "'lines' should be an array but is an object")]
        public async Task A_nested_problem_takes_the_invalid_endpoint_with_its_path(string answer, string reason)
        {
            var chat = new ScriptedChatClient().Respond(answer);
            var trace = new FlowTrace();

            var result = await new JsonLlmOrderFlow(chat).RunAsync(Order, new FlowRunOptions { Observer = trace });

            Assert.Equal("invalid", result.Output);
            var record = trace.Records.Single(r => r.StepId == "read");
            Assert.Equal("invalid", record.Endpoint);
            Assert.Equal($"The answer of LLM step 'read' is not valid: {reason}.", record.Error);
        }
    }
}
