using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Tests.Support;
using Xunit;

namespace Automations.Compiled.Tests
{
    /// <summary>Subflows (§2.11), record steps (§2.12), secrets (§3) and idempotency keys (§5) through the public API.</summary>
    public partial class ServicesTests
    {
        public sealed record Quote(int Amount);

        [Flow("tax")]
        [Variable("output", typeof(int))]
        private sealed partial class TaxFlow : IFlow<Quote>
        {
            [Set(1, "output")]
            private static int AddTax(Quote quote) => quote.Amount * 120 / 100;
        }

        [Flow("checkout")]
        [Variable("output", typeof(string))]
        private sealed partial class CheckoutFlow : IFlow<Quote>
        {
            [Subflow(1, "tax")]
            private static Quote Taxed(Quote quote) => quote;

            [Set(2, "output")]
            private static string Total([FromStep(nameof(Taxed))] object? taxed) => "total:" + taxed;
        }

        [Fact]
        public async Task A_subflow_runs_the_child_flow_and_its_output_is_the_step_output()
        {
            var catalog = new FlowCatalog().Add(new TaxFlow());
            var result = await new CheckoutFlow().RunAsync(new Quote(100), new FlowRunOptions { Flows = catalog });

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal("total:120", result.Output);
        }

        [Fact]
        public async Task A_subflow_that_is_not_in_the_catalog_fails_the_step_with_a_clear_error()
        {
            var result = await new CheckoutFlow().RunAsync(new Quote(100), new FlowRunOptions { Flows = new FlowCatalog() });

            Assert.Equal(FlowStatus.Failed, result.Status);
            Assert.Equal("taxed", result.Error!.StepId);
            Assert.Contains("'tax' is not in the flow catalog", result.Error.Message, StringComparison.Ordinal);
        }

        [Flow("needs-signature")]
        [Variable("output", typeof(string))]
        private sealed partial class SignatureFlow
        {
            [Wait(1)]
            private static WaitSpec AwaitSignature() => Wait.ForEvent("signed");

            [Set(2, "output")]
            private static string Signed([FromStep(nameof(AwaitSignature))] object? by) => "signed by " + by;
        }

        [Flow("contract")]
        [Variable("output", typeof(string))]
        private sealed partial class ContractFlow
        {
            [Subflow(1, "needs-signature")]
            private static void Sign()
            {
            }

            [Set(2, "output")]
            private static string Done([FromStep(nameof(Sign))] object? signature) => "contract " + signature;
        }

        [Fact]
        public async Task A_suspended_child_suspends_the_parent_until_the_child_completes()
        {
            var catalog = new FlowCatalog().Add(new SignatureFlow());
            var parent = await new ContractFlow().RunAsync(new FlowRunOptions { Flows = catalog });

            Assert.Equal(FlowStatus.Waiting, parent.Status);
            Assert.Equal(WaitKind.Subflow, parent.Snapshot!.Wait.Kind);
            var child = parent.Snapshot.Wait.ChildSnapshot!;
            Assert.Equal("needs-signature", child.FlowId);

            var childDone = await new SignatureFlow().ResumeAsync(child, ResumeSignal.Event("signed", "ann"));
            var parentDone = await new ContractFlow().ResumeAsync(parent.Snapshot, ResumeSignal.SubflowCompleted(childDone), new FlowRunOptions { Flows = catalog });

            Assert.Equal(FlowStatus.Completed, parentDone.Status);
            Assert.Equal("contract signed by ann", parentDone.Output);
        }

        [Flow("recursive", MaxSubflowDepth = 3)]
        private sealed partial class RecursiveFlow
        {
            [Subflow(1, "recursive")]
            private static void Again()
            {
            }
        }

        [Fact]
        public async Task Subflows_nested_deeper_than_the_limit_fail_the_run()
        {
            var catalog = new FlowCatalog();
            catalog.Add(new RecursiveFlow());
            var result = await new RecursiveFlow().RunAsync(new FlowRunOptions { Flows = catalog });

            Assert.Equal(FlowStatus.Failed, result.Status);
            Assert.Contains("subflow depth of 3", result.Error!.Message, StringComparison.Ordinal);
        }

        [Flow("tickets")]
        [Variable("output", typeof(string))]
        private sealed partial class TicketFlow
        {
            [Create(1, "ticket")]
            private static FlowRecord Open() => new() { ["title"] = "printer on fire", ["status"] = "open" };

            [Update(2, "ticket")]
            private static RecordChange Escalate([FromStep(nameof(Open))] FlowRecord ticket)
                => new((string)ticket["id"]!, new Dictionary<string, object?> { ["status"] = "escalated" });

            [Query(3, "ticket")]
            private static RecordQuery Escalated() => new(new Dictionary<string, object?> { ["status"] = "escalated" });

            [Delete(4, "ticket")]
            private static string Close([FromStep(nameof(Escalated))] IReadOnlyList<FlowRecord> found) => (string)found.Single()["id"]!;

            [Set(5, "output")]
            private static string Report([FromStep(nameof(Escalated))] IReadOnlyList<FlowRecord> found, [FromStep(nameof(Close))] bool deleted)
                => $"{found.Count} escalated, deleted={deleted}";
        }

        [Fact]
        public async Task Record_steps_act_through_the_hosts_record_store()
        {
            var store = new InMemoryRecordStore();
            var result = await new TicketFlow().RunAsync(new FlowRunOptions { Records = store });

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal("1 escalated, deleted=True", result.Output);
            Assert.Empty(store.All("ticket"));
        }

        [Fact]
        public async Task Record_steps_without_a_record_store_fail_with_what_to_configure()
        {
            var result = await new TicketFlow().RunAsync();

            Assert.Equal(FlowStatus.Failed, result.Status);
            Assert.Contains("FlowRunOptions.Records", result.Error!.Message, StringComparison.Ordinal);
        }

        [Flow("calls-api")]
        private sealed partial class ApiFlow
        {
            private readonly Log _log;

            public ApiFlow(Log log) => _log = log;

            [Action(1)]
            private void Call([Secret("API_KEY")] string apiKey, StepContext step)
            {
                _log.Add(step.IdempotencyKey);
                throw new InvalidOperationException($"401 for key {apiKey} at {step.StepId}");
            }
        }

        [Fact]
        public async Task Secrets_are_resolved_at_call_time_and_never_reach_the_error_or_the_trace()
        {
            var log = new Log();
            var trace = new FlowTrace();
            var runId = Guid.NewGuid();
            var result = await new ApiFlow(log).RunAsync(new FlowRunOptions
            {
                RunId = runId,
                Observer = trace,
                Secrets = new DictionarySecrets(new Dictionary<string, string> { ["API_KEY"] = "sk-live-123456" }),
            });

            Assert.Equal(FlowStatus.Failed, result.Status);
            Assert.Equal("401 for key *** at call", result.Error!.Message);
            Assert.DoesNotContain("sk-live", trace.ToString(), StringComparison.Ordinal);
            Assert.Equal(new[] { runId.ToString("N") + ":call" }, log.Entries);
        }

        [Fact]
        public async Task A_missing_secret_fails_the_step_and_names_the_secret()
        {
            var result = await new ApiFlow(new Log()).RunAsync(new FlowRunOptions { Secrets = new DictionarySecrets(new Dictionary<string, string>()) });

            Assert.Equal(FlowStatus.Failed, result.Status);
            Assert.Contains("Secret 'API_KEY' is not defined", result.Error!.Message, StringComparison.Ordinal);
        }

        private sealed class DictionarySecrets : ISecretResolver
        {
            private readonly Dictionary<string, string> _values;

            public DictionarySecrets(Dictionary<string, string> values) => _values = values;

            public ValueTask<string?> ResolveAsync(string name, CancellationToken cancellationToken)
                => new(_values.TryGetValue(name, out var value) ? value : null);
        }

        public sealed record Invoice(string Number, decimal Amount);

        [Flow("on-invoice")]
        private sealed partial class TriggeredFlow
        {
            private readonly Log _log;

            public TriggeredFlow(Log log) => _log = log;

            [Action(1)]
            private void Before(FlowTrigger trigger) => _log.Add($"{trigger.Kind}:{((Invoice)trigger.Record!).Number}");

            [Wait(2, Event = "reviewed")]
            partial void AwaitReview();

            [Action(3)]
            private void After(FlowTrigger trigger)
                => _log.Add($"{trigger.Kind}:{((System.Text.Json.JsonElement)trigger.Record!).GetProperty("Number").GetString()}");
        }

        [Fact]
        public async Task The_trigger_reaches_steps_and_survives_suspension()
        {
            var log = new Log();
            var trigger = new FlowTrigger { Kind = "record", Record = new Invoice("INV-7", 99m) };
            var waiting = await new TriggeredFlow(log).RunAsync(new FlowRunOptions { Trigger = trigger });
            var done = await new TriggeredFlow(log).ResumeAsync(waiting.Snapshot!, ResumeSignal.Event("reviewed"));

            Assert.Equal(FlowStatus.Completed, done.Status);
            Assert.Equal(new[] { "record:INV-7", "record:INV-7" }, log.Entries);
        }

        [Fact]
        public async Task A_run_without_a_trigger_is_manual()
        {
            var log = new Log();
            var flow = new ManualProbeFlow(log);
            await flow.RunAsync();

            Assert.Equal(new[] { "manual" }, log.Entries);
        }

        [Flow("manual-probe")]
        private sealed partial class ManualProbeFlow
        {
            private readonly Log _log;

            public ManualProbeFlow(Log log) => _log = log;

            [Action(1)]
            private void Probe(FlowTrigger trigger) => _log.Add(trigger.Kind);
        }
    }
}
