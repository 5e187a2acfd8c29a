extern alias CodeFixes;

using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using CodeFixes::Automations.Compiled.CodeFixes;
using Xunit;

namespace Automations.Compiled.Generators.Tests.CodeFixes
{
    /// <summary>
    /// AUTO2001, AUTO2005 and AUTO1101 in a flow file: the misspelt JSON string becomes the closest step id or action
    /// name, in the additional document.
    /// </summary>
    public sealed class UseClosestNameInJsonCodeFixTests
    {
        private const string Path = "flows/order.flow.json";

        private const string Flow = """
            {
              "id": "order",
              "steps": [
                { "id": "charge", "type": "action", "action": ACTION,
                  "inputs": { "orderId": "o-1", "amount": 10.0 },
                  "endpoints": { "next": { "goto": GOTO } } }
              ],
              "standalone": [
                [
                  { "id": "notify", "type": "action", "action": "send_email", "inputs": { "to": "a@b.c", "body": "charged" } },
                  { "id": "again", "type": "run", "target": RUN }
                ],
                { "id": "archive", "type": "action", "action": "send_email", "inputs": { "to": "a@b.c", "body": "done" } }
              ]
            }
            """;

        private static string FlowWith(string action = "\"charge_card\"", string target = "\"notify\"", string run = "\"archive\"")
            => Flow.Replace("ACTION", action).Replace("GOTO", target).Replace("RUN", run);

        [Fact]
        public Task A_misspelt_goto_target_becomes_the_closest_step_id()
            => AssertFixed("AUTO2001", FlowWith(target: "\"notfy\""), "Use 'notify'", FlowWith());

        [Fact]
        public Task A_misspelt_run_target_becomes_the_closest_step_id()
            => AssertFixed("AUTO2005", FlowWith(run: "\"archve\""), "Use 'archive'", FlowWith());

        [Fact]
        public Task A_misspelt_action_becomes_the_closest_action_name()
            => AssertFixed("AUTO1101", FlowWith(action: "\"charge_crad\""), "Use 'charge_card'", FlowWith());

        [Fact]
        public async Task No_fix_is_offered_when_no_action_is_close()
        {
            using var harness = CodeFixHarness.WithFlowFiles(new[] { FlowSources.FlowActions }, (Path, FlowWith(action: "\"fax\"")));
            var diagnostic = await harness.DiagnosticAsync("AUTO1101");

            Assert.False(diagnostic.Properties.ContainsKey("Fix"));
            Assert.Empty(await harness.ActionsAsync(new UseClosestNameInJsonCodeFix(), diagnostic));
        }

        private static async Task AssertFixed(string id, string flow, string title, string expected)
        {
            using var harness = CodeFixHarness.WithFlowFiles(new[] { FlowSources.FlowActions }, (Path, flow));

            var result = await harness.FixAsync(new UseClosestNameInJsonCodeFix(), id, title);

            Assert.Equal(expected, await result.TextAsync(Path));
            await result.AssertClean(id);
        }
    }
}
