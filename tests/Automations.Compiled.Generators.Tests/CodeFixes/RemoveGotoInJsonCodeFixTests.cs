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

        /// <summary>The goto the fix removes, with the span AUTO2002 is reported at.</summary>
        private const string Goto = "\"next\": { \"goto\": {|AUTO2002:\"notify\"|} }";

        private const string Recover = """[ { "id": "recover", "type": "action", "action": "send_email", "inputs": { "to": "a@b.c", "body": "recover" } } ]""";

        [Fact]
        public Task The_endpoints_go_when_the_goto_was_their_only_entry() => AssertFixed(
            Flow.Replace("ENDPOINTS", $$"""
                ,
                      "endpoints": { {{Goto}} }
                """),
            Flow.Replace("ENDPOINTS", ""));

        [Fact]
        public Task A_goto_before_another_endpoint_goes_with_its_line() => AssertFixed(
            Flow.Replace("ENDPOINTS", $$"""
                ,
                      "endpoints": {
                        {{Goto}},
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
                      "endpoints": { "error": {{Recover}}, {{Goto}} }
                """),
            Flow.Replace("ENDPOINTS", $$"""
                ,
                      "endpoints": { "error": {{Recover}} }
                """));

        private static Task AssertFixed(string flow, string expected) => new FlowFileCodeFixTest<RemoveGotoInJsonCodeFix>
        {
            TestState = { Sources = { FlowSources.FlowActions }, AdditionalFiles = { (Path, flow) } },
            FixedState = { AdditionalFiles = { (Path, expected) } },
            ExpectedTitle = "Remove the goto",
        }.RunAsync();
    }
}
