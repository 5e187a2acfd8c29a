using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Host;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;
using static Automations.Compiled.Hosting.Tests.Contract.ContractFlows;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    internal sealed partial class ContractFlows
    {
        public sealed record Refund(string OrderId, double Amount, int Parts = 1, string? Note = null);

        [Flow("refund", Roles = new[] { "manager", "finance" })]
        internal sealed partial class RefundFlow : IFlow<Refund>
        {
            private readonly Effects _e;

            public RefundFlow(Effects e) => _e = e;

            [Action(1)]
            private void Pay(Refund refund) => _e.Add($"refund:{refund.OrderId}:{refund.Amount}:{refund.Parts}:{refund.Note}");
        }
    }

    public abstract partial class HostedRunContract<TBackend>
        where TBackend : IJournalBackend, new()
    {
        private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

        [Theory]
        [InlineData("""{"orderId": "A-1"}""", "needs input 'OrderId' (string)|needs input 'Amount' (number)")]
        [InlineData("""{"orderId": "A-1", "amount": 5, "reason": "x"}""", "has no input 'reason'; its inputs are OrderId, Amount, Parts, Note")]
        [InlineData("""{"orderId": "A-1", "amount": "five"}""", "Input 'Amount' of flow 'refund' is a number, not a string")]
        [InlineData("""{"orderId": null, "amount": 5}""", "Input 'OrderId' of flow 'refund' must not be null")]
        [InlineData("""[1, 2]""", "takes an object of inputs, not an array")]
        public async Task Json_inputs_are_checked_against_the_declaration_and_the_error_names_the_input(string json, string expected)
        {
            await using var host = await StartHostAsync(o => o.AddFlow<RefundFlow>());
            var error = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.StartAsync("refund", Json(json)));

            Assert.Contains(expected.Split('|'), e => error.Message.Contains(e, StringComparison.Ordinal));
            Assert.Empty((await host.Client.ListRunsAsync(new RunQuery())).Runs);
        }

        [Fact]
        public async Task Valid_json_inputs_start_a_typed_run_with_defaults_for_optional_inputs()
        {
            await using var host = await StartHostAsync(o => o.AddFlow<RefundFlow>());
            var run = await host.Client.StartAsync("refund", Json("""{"orderId": "A-9", "amount": 12.5}"""), new FlowStartOptions { CallerRoles = new[] { "finance" } });

            Assert.Equal(FlowStatus.Completed, await host.Client.UntilAsync(run.RunId, FlowStatus.Completed));
            Assert.Equal(new[] { "refund:A-9:12.5:1:" }, Effects.Entries);
        }

        [Fact]
        public async Task A_flow_restricted_to_roles_refuses_a_caller_without_one()
        {
            await using var host = await StartHostAsync(o => o.AddFlow<RefundFlow>());
            var error = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => host.Client.StartAsync("refund", new Refund("A-1", 5), new FlowStartOptions { CallerRoles = new[] { "support" } }));

            Assert.Equal("Flow 'refund' may be started by 'manager', 'finance'; the caller has 'support'.", error.Message);
            Assert.Empty((await host.Client.ListRunsAsync(new RunQuery())).Runs);
        }
    }
}
