namespace Automations.Compiled.Generators.Tests.Infrastructure
{
    /// <summary>Representative valid flows, as a user would write them.</summary>
    internal static class FlowSources
    {
        /// <summary>The sample's order flow (src/Samples/OrderProcessing/OrderFlow.cs): retry, an error goto, a standalone scope.</summary>
        public static readonly string Order = System.IO.File.ReadAllText(
            System.IO.Path.Combine(ProjectPaths.RepositoryRoot, "src", "Samples", "OrderProcessing", "OrderFlow.cs"));

        /// <summary>[FlowAction]s for JSON flows: <c>send_email</c> and <c>charge_card</c>.</summary>
        public const string FlowActions = """
            using System.Threading;
            using System.Threading.Tasks;
            using Automations.Compiled;

            namespace Shop
            {
                public static class ShopActions
                {
                    [FlowAction("send_email")]
                    public static void SendEmail(string to, string body) { }

                    [FlowAction("charge_card")]
                    public static ValueTask<string> ChargeAsync(string orderId, double amount, CancellationToken cancellationToken) => new(orderId);
                }
            }
            """;

        /// <summary>Condition then/else, sequential and parallel foreach with [Item]/[Index], parallel branches, [Set]/[Var].</summary>
        public const string Branching = """
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Automations.Compiled;

            namespace Tests.Branching
            {
                public sealed record Batch(string Name, IReadOnlyList<string> Lines, bool Urgent);

                [Flow("branching", Version = 2, Description = "Branches of every kind.")]
                [Variable("total", typeof(int))]
                public partial class BranchingFlow : IFlow<Batch>
                {
                    [Condition(1)]
                    private static bool IsUrgent(Batch batch) => batch.Urgent;

                    [Action(1, Parent = nameof(IsUrgent), On = Endpoints.Then)]
                    private static string Escalate(Batch batch) => batch.Name;

                    [Action(1, Parent = nameof(IsUrgent), On = Endpoints.Else)]
                    private static void Queue(Batch batch)
                    {
                    }

                    [ForEach(2)]
                    private static IReadOnlyList<string> Lines(Batch batch) => batch.Lines;

                    [Action(1, Parent = nameof(Lines))]
                    private static int Measure([Item] string line, [Index] int index) => line.Length + index;

                    [Set(2, "total", Parent = nameof(Lines), On = Endpoints.Each)]
                    private static int Accumulate([Var("total")] int total, [FromStep(nameof(Measure))] int length) => total + length;

                    [Action(1, Parent = nameof(Lines), On = Endpoints.Done)]
                    private static void Summarize([Var("total")] int total)
                    {
                    }

                    [ForEach(3, Parallelism = 4)]
                    private static IEnumerable<string> Recipients(Batch batch) => batch.Lines;

                    [Action(1, Parent = nameof(Recipients), On = Endpoints.Each)]
                    private static Task Notify([Item] string recipient, [Index] int index, CancellationToken cancellationToken) => Task.CompletedTask;

                    [Parallel(4)]
                    partial void FanOut();

                    [Action(1, Parent = nameof(FanOut), On = Endpoints.Branches, Branch = "mail")]
                    private static Task SendMail(Batch batch, CancellationToken cancellationToken) => Task.CompletedTask;

                    [Action(1, Parent = nameof(FanOut), On = Endpoints.Branches, Branch = "audit")]
                    private static ValueTask<int> Audit(Batch batch, StepContext context) => new(batch.Lines.Count);

                    [Action(2, Parent = nameof(FanOut), On = Endpoints.Branches, Branch = "audit", OnError = OnError.Continue)]
                    private static void Archive([FromStep(nameof(Audit))] int count)
                    {
                    }
                }
            }
            """;

        /// <summary>Waits and approvals (methods and declarative markers), nested steps, an endpoint goto, a standalone stop.</summary>
        public const string Suspending = """
            using System;
            using Automations.Compiled;

            namespace Tests.Suspending
            {
                public sealed record Request(string Id, decimal Amount);

                [Flow("suspending")]
                public partial class SuspendingFlow : IFlow<Request>
                {
                    [Wait(1)]
                    [Goto(Endpoints.Elapsed, nameof(Reject))]
                    private static WaitSpec AwaitConfirmation(Request request) => Wait.ForEvent("request-confirmed:" + request.Id, TimeSpan.FromHours(1));

                    [Action(1, Parent = nameof(AwaitConfirmation), On = Endpoints.Event)]
                    private static void Confirmed([FromStep(nameof(AwaitConfirmation))] object? payload)
                    {
                    }

                    [Approval(2)]
                    private static WaitSpec AskManager(Request request) => Approval.Request(new[] { "manager" }, TimeSpan.FromDays(1));

                    [Action(1, Parent = nameof(AskManager), On = Endpoints.Rejected)]
                    [Goto(nameof(Reject))]
                    private static void LogRejection([FromStep(nameof(AskManager))] ApprovalDecision decision)
                    {
                    }

                    [Wait(3)]
                    private static WaitSpec CoolDown() => Wait.For(TimeSpan.FromMinutes(5));

                    [Wait(4, Event = "shipment-ready", TimeoutSeconds = 3600)]
                    partial void AwaitShipment();

                    [Wait(5, Seconds = 30)]
                    partial void Settle();

                    [Approval(6, Roles = new[] { "finance", "ops" }, TimeoutSeconds = 86400)]
                    partial void SignOff();

                    [Stop(1, Standalone = "rejected", Status = FlowStatus.Failed)]
                    private static string Reject(Request request) => "Request " + request.Id + " was not approved.";
                }
            }
            """;

        /// <summary>Run (call and return), stop, set, retry, compensation, onError rollback/continue, standalone scopes, gotos.</summary>
        public const string Lifecycle = """
            using System.Threading;
            using System.Threading.Tasks;
            using Automations.Compiled;

            namespace Tests.Lifecycle
            {
                [Flow("lifecycle", Journal = JournalMode.Checkpoint, StepBudget = 500, Roles = new[] { "ops" })]
                [Variable("output", typeof(string))]
                [Variable("attempts", typeof(int))]
                public partial class LifecycleFlow
                {
                    [Action(1, OnError = OnError.Rollback)]
                    [Retry(2, InitialDelayMs = 10, MaxDelayMs = 100, Jitter = 0.1)]
                    private ValueTask<int> Reserve(CancellationToken cancellationToken) => new(1);

                    [Compensate(nameof(Reserve))]
                    private Task Release([FromStep(nameof(Reserve))] int reservation, StepContext context) => Task.CompletedTask;

                    [Action(2, OnError = OnError.Continue)]
                    private static void TryOptional()
                    {
                    }

                    [Run(3, nameof(Audit))]
                    partial void AuditAndComeBack();

                    [Set(4, "attempts")]
                    private static int CountAttempts([Var("attempts")] int attempts) => attempts + 1;

                    [Condition(5)]
                    private static bool Done([Var("attempts")] int attempts) => attempts > 3;

                    [Stop(1, Parent = nameof(Done), On = Endpoints.Then, Message = "finished early")]
                    partial void StopEarly();

                    [Action(1, Parent = nameof(Done), On = Endpoints.Else)]
                    [Goto(nameof(Cleanup))]
                    private static void KeepGoing()
                    {
                    }

                    [Set(6, "output")]
                    private static string Finish() => "done";

                    [Action(1, Standalone = "audit")]
                    private static void Audit()
                    {
                    }

                    [Action(2, Standalone = "audit")]
                    private static void AuditMore()
                    {
                    }

                    [Action(1, Standalone = "cleanup")]
                    private static void Cleanup()
                    {
                    }

                    [Stop(2, Standalone = "cleanup", Status = FlowStatus.Cancelled, Message = "cleaned up")]
                    partial void StopAfterCleanup();
                }
            }
            """;
    }
}
