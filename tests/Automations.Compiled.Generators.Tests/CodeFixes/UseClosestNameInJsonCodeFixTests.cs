extern alias CodeFixes;

using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using CodeFixes::Automations.Compiled.CodeFixes;
using Xunit;

namespace Automations.Compiled.Generators.Tests.CodeFixes
{
    /// <summary>
    /// AUTO2001, AUTO2005 and AUTO1101 in a flow file: the misspelt JSON string becomes the closest step id or action
    /// name, in the additional document; AUTO6003, AUTO6008 and AUTO6011 in a lifecycle file: the closest declared state,
    /// flow id or type.
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

        [Fact]
        public Task A_misspelt_lifecycle_state_becomes_the_closest_declared_state()
            => AssertLifecycleFixed("AUTO6003", "\"to\": \"Runing\"", "Use 'Running'", "\"to\": \"Running\"");

        [Fact]
        public Task A_misspelt_flow_id_becomes_the_closest_flow_id()
            => AssertLifecycleFixed("AUTO6008", "\"flow\": \"strat-server\"", "Use 'start-server'", "\"flow\": \"start-server\"");

        [Fact]
        public Task An_entity_type_without_its_namespace_becomes_the_full_name()
            => AssertLifecycleFixed("AUTO6011", "\"entity\": \"Server\"", "Use 'Demo.Server'", "\"entity\": \"Demo.Server\"");

        [Fact]
        public async Task No_fix_is_offered_for_a_flow_id_nothing_is_close_to()
        {
            var json = LifecycleSources.SmallJson("small", flow: "reboot-everything");
            using var harness = CodeFixHarness.WithFlowFiles(new[] { LifecycleSources.Entities }, ("lifecycles/small.lifecycle.json", json));
            var diagnostic = await harness.DiagnosticAsync("AUTO6008");

            Assert.False(diagnostic.Properties.ContainsKey("Fix"));
            Assert.Empty(await harness.ActionsAsync(new UseClosestNameInJsonCodeFix(), diagnostic));
        }

        /// <summary>The small lifecycle file with <paramref name="expected"/> written as <paramref name="written"/>; the fix restores it.</summary>
        private static async Task AssertLifecycleFixed(string id, string written, string title, string expected)
        {
            const string path = "lifecycles/small.lifecycle.json";
            var valid = LifecycleSources.SmallJson("small");
            Assert.Contains(expected, valid, System.StringComparison.Ordinal);
            using var harness = CodeFixHarness.WithFlowFiles(new[] { LifecycleSources.Entities }, (path, valid.Replace(expected, written, System.StringComparison.Ordinal)));

            var result = await harness.FixAsync(new UseClosestNameInJsonCodeFix(), id, title);

            Assert.Equal(valid, await result.TextAsync(path));
            await result.AssertClean(id);
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
