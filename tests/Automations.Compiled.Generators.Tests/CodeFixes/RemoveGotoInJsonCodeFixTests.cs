extern alias CodeFixes;

using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using CodeFixes::Automations.Compiled.CodeFixes;
using Xunit;

namespace Automations.Compiled.Generators.Tests.CodeFixes
{
    /// <summary>
    /// AUTO2002 in a flow file: the <c>"next": {"goto": ...}</c> of a step that has a following sibling is removed with
    /// its comma (and <c>"endpoints"</c> with it when nothing else is left there); the file stays valid JSON.
    /// </summary>
    public sealed class RemoveGotoInJsonCodeFixTests
    {
        private const string Path = "flows/order.flow.json";

        /// <summary>A flow whose first step has ENDPOINTS; the standalone step stays reached through the last step's goto.</summary>
        private const string Flow = """
            {
              "id": "order",
              "steps": [
                {
                  "id": "work",
                  "type": "action",
                  "action": "send_email",
                  "inputs": { "to": "a@b.c", "body": "work" }ENDPOINTS
                },
                { "id": "last", "type": "action", "action": "send_email", "inputs": { "to": "a@b.c", "body": "last" },
                  "endpoints": { "next": { "goto": "notify" } } }
              ],
              "standalone": [
                { "id": "notify", "type": "action", "action": "send_email", "inputs": { "to": "a@b.c", "body": "notify" } }
              ]
            }
            """;

        private const string Recover = """[ { "id": "recover", "type": "action", "action": "send_email", "inputs": { "to": "a@b.c", "body": "recover" } } ]""";

        [Fact]
        public Task The_endpoints_go_when_the_goto_was_their_only_entry() => AssertFixed(
            Flow.Replace("ENDPOINTS", """
                ,
                      "endpoints": { "next": { "goto": "notify" } }
                """),
            Flow.Replace("ENDPOINTS", ""));

        [Fact]
        public Task A_goto_before_another_endpoint_goes_with_its_line() => AssertFixed(
            Flow.Replace("ENDPOINTS", $$"""
                ,
                      "endpoints": {
                        "next": { "goto": "notify" },
                        "error": {{Recover}}
                      }
                """),
            Flow.Replace("ENDPOINTS", $$"""
                ,
                      "endpoints": {
                        "error": {{Recover}}
                      }
                """));

        [Fact]
        public Task A_goto_after_another_endpoint_takes_the_comma_before_it() => AssertFixed(
            Flow.Replace("ENDPOINTS", $$"""
                ,
                      "endpoints": { "error": {{Recover}}, "next": { "goto": "notify" } }
                """),
            Flow.Replace("ENDPOINTS", $$"""
                ,
                      "endpoints": { "error": {{Recover}} }
                """));

        private static async Task AssertFixed(string flow, string expected)
        {
            using var harness = CodeFixHarness.WithFlowFiles(new[] { FlowSources.FlowActions }, (Path, flow));

            var result = await harness.FixAsync(new RemoveGotoInJsonCodeFix(), "AUTO2002", "Remove the goto");

            Assert.Equal(expected, await result.TextAsync(Path));
            await result.AssertClean("AUTO2002");
        }
    }
}
