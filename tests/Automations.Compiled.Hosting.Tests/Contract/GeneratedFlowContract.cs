using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;
using static Automations.Compiled.Hosting.Tests.Contract.ContractFlows;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>The flows the contract classes run. Not nested in them: a flow cannot be declared in a generic type.</summary>
    internal sealed partial class ContractFlows
    {
        public sealed record Order(string Id, decimal Amount);

        [Flow("await-payment", Version = 2)]
        internal sealed partial class PaymentFlow : IFlow<Order>
        {
            private readonly List<string> _log;

            public PaymentFlow(List<string> log) => _log = log;

            [Action(1)]
            private string Reserve(Order order)
            {
                _log.Add("reserve");
                return $"{order.Id}:{order.Amount}";
            }

            [Wait(2)]
            private static WaitSpec AwaitPayment() => Wait.ForEvent("payment-received", TimeSpan.FromHours(1));

            [Action(1, Parent = nameof(AwaitPayment), On = Endpoints.Event)]
            private void Ship([FromStep(nameof(AwaitPayment))] object? payment) => _log.Add("ship:" + payment);

            [Action(1, Parent = nameof(AwaitPayment), On = Endpoints.Elapsed)]
            private void Expire() => _log.Add("expire");

            [Action(3)]
            private void Close([FromStep(nameof(Reserve))] string reservation) => _log.Add("close:" + reservation);
        }
    }

    /// <summary>A snapshot written by a generated state machine goes through the journal and file, and resumes.</summary>
    public abstract class GeneratedFlowContract<TBackend> : JournalTest<TBackend>
        where TBackend : IJournalBackend, new()
    {
        [Fact]
        public async Task A_run_suspended_in_one_process_resumes_from_the_journal_in_the_next()
        {
            var flow = new PaymentFlow([]);
            await Journal.RegisterFlowVersionAsync(FlowVersionRecord.From(flow.Info, "sha-of-generated-code"));
            var runId = (await Journal.StartRunAsync(new NewRun { FlowId = flow.Info.Id, FlowVersion = flow.Info.Version, IdempotencyKey = "A-1" })).RunId;
            await Journal.SetStatusAsync(runId, FlowStatus.Running);
            var trace = new FlowTrace();

            var waiting = await flow.RunAsync(new Order("A-1", 20m), new FlowRunOptions { RunId = runId, Observer = trace, TimeProvider = Clock });
            foreach (var record in trace.Records)
            {
                await Journal.AppendStepAsync(StepEntry.From(record));
            }

            await Journal.SaveSuspendedAsync(waiting.Snapshot!);
            await ReopenAsync();

            var waiter = Assert.Single(await Journal.GetEventWaitersAsync("payment-received", 10));
            Assert.Equal((runId, "await-payment", 2, "await-payment", Clock.GetUtcNow().AddHours(1)), (waiter.RunId, waiter.FlowId, waiter.FlowVersion, waiter.StepId, waiter.DueAt));
            var snapshot = (await Journal.GetSnapshotAsync(runId))!;
            Assert.Equal(waiting.Snapshot!.State, snapshot.State);
            Assert.Equal(waiting.Snapshot.TraceId, snapshot.TraceId);
            var log = new List<string>();
            var done = await new PaymentFlow(log).ResumeAsync(snapshot, ResumeSignal.Event("payment-received", "pay-7"));
            await Journal.SetStatusAsync(runId, done.Status);

            Assert.Equal(FlowStatus.Completed, done.Status);
            Assert.Equal(new[] { "ship:pay-7", "close:A-1:20" }, log);
            var run = (await Journal.GetRunAsync(runId))!;
            Assert.Equal(FlowStatus.Completed, run.Run.Status);
            Assert.Equal(new[] { "reserve", "await-payment" }, run.Steps.Select(s => s.StepId));
            Assert.Equal(StepStatus.Suspended, run.Steps[1].Status);
        }
    }
}
