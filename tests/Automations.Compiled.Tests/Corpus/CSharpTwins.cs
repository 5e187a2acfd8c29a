using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Tests.Corpus.CSharp
{
    public sealed record BranchingInput(string Name, double Amount);

    /// <summary>Twin of Flows/branching.flow.json: condition then/else, stop failed with a message, set and vars.</summary>
    [Flow("corpus-branching-cs")]
    [Variable("total", typeof(double))]
    [Variable("output", typeof(string))]
    public sealed partial class BranchingTwin : IFlow<BranchingInput>
    {
        [Action(1)]
        private static void Greet(BranchingInput input) => CorpusActions.Record($"hello {input.Name}");

        [Condition(2)]
        private static bool Big(BranchingInput input) => input.Amount > 100.0;

        [Action(1, Parent = nameof(Big), On = Endpoints.Then)]
        private static void Note(BranchingInput input) => CorpusActions.Record("big order for " + input.Name);

        [Stop(1, Parent = nameof(Big), On = Endpoints.Else, Status = FlowStatus.Failed)]
        private static string Refuse(BranchingInput input) => $"too small for {input.Name}";

        [Set(3, "total")]
        private static double Total(BranchingInput input) => input.Amount * 2.0;

        [Set(4, "output")]
        private static string Describe(BranchingInput input, [Var("total")] double total) => input.Name + ": " + (total > 250.0 ? "large" : "medium");
    }

    public sealed record ForEachInput(IReadOnlyList<string> Names);

    /// <summary>Twin of Flows/foreach.flow.json: sequential foreach (each, done, item, index, outputs in the body) and a parallel one.</summary>
    [Flow("corpus-foreach-cs")]
    public sealed partial class ForEachTwin : IFlow<ForEachInput>
    {
        [ForEach(1)]
        private static IReadOnlyList<string> Names(ForEachInput input) => input.Names;

        [Action(1, Parent = nameof(Names))]
        private static string Tag([Item] string name, [Index] int index) => CorpusActions.Tag(name, index);

        [Action(2, Parent = nameof(Names))]
        private static void Shout([FromStep(nameof(Tag))] string tag) => CorpusActions.Record(tag + "!");

        [Action(1, Parent = nameof(Names), On = Endpoints.Done)]
        private static void Count([FromStep(nameof(Names))] IReadOnlyList<string> names) => CorpusActions.Record("count " + names.Count);

        [ForEach(2, Parallelism = 3)]
        private static IReadOnlyList<string> Fan(ForEachInput input) => input.Names;

        [Action(1, Parent = nameof(Fan))]
        private static void Par([Item] string name) => CorpusActions.Record("p:" + name);

        [Action(3)]
        private static void After() => CorpusActions.Record("after");
    }

    public sealed record ParallelInput(string To, bool FailBranch);

    /// <summary>Twin of Flows/parallel.flow.json: named branches, onError continue, and an instance action.</summary>
    [Flow("corpus-parallel-cs")]
    public sealed partial class ParallelTwin : IFlow<ParallelInput>
    {
        private readonly CorpusNotifier _notifier;

        public ParallelTwin(CorpusNotifier notifier) => _notifier = notifier;

        [Parallel(1, OnError = OnError.Continue)]
        partial void Fan();

        [Action(1, Parent = nameof(Fan), Branch = "email")]
        private Task<string> Mail(ParallelInput input, CancellationToken cancellationToken) => _notifier.ExecuteAsync(input.To, "hi", cancellationToken);

        [Action(2, Parent = nameof(Fan), Branch = "email")]
        private static void MailLog([FromStep(nameof(Mail))] string sent) => CorpusActions.Record("sent " + sent);

        [Action(3, Parent = nameof(Fan), Branch = "sms")]
        private static void Text(ParallelInput input) => CorpusActions.Record("sms " + input.To);

        [Condition(4, Parent = nameof(Fan), Branch = "flaky")]
        private static bool Check(ParallelInput input) => input.FailBranch;

        [Action(1, Parent = nameof(Check), On = Endpoints.Then)]
        private static void Boom() => CorpusActions.Fail("branch down");

        [Action(2)]
        private static void Joined() => CorpusActions.Record("joined");
    }

    public sealed record ErrorsInput(string OrderId, double Amount);

    /// <summary>Twin of Flows/errors.flow.json: retry with backoff, success and error endpoints, onError continue.</summary>
    [Flow("corpus-errors-cs")]
    [Variable("output", typeof(string))]
    public sealed partial class ErrorsTwin : IFlow<ErrorsInput>
    {
        [Action(1)]
        [Retry(3, InitialDelayMs = 100, Multiplier = 2)]
        private static Charge Charge(ErrorsInput input) => CorpusActions.ChargeCard(input.OrderId, input.Amount);

        [Set(1, "output", Parent = nameof(Charge), On = Endpoints.Success)]
        private static string Paid([FromStep(nameof(Charge))] Charge charge) => "paid " + charge.Id;

        [Action(1, Parent = nameof(Charge), On = Endpoints.Error)]
        private static void NotifyFailure(ErrorsInput input) => CorpusActions.Record($"charge failed for {input.OrderId}");

        [Action(2, OnError = OnError.Continue)]
        private static void Optional() => CorpusActions.Fail("optional step");

        [Action(3)]
        private static void Finish() => CorpusActions.Record("finished");
    }

    public sealed record RollbackInput(string Sku, long Quantity, bool CarrierDown);

    /// <summary>
    /// Twin of Flows/rollback.flow.json: compensations run newest first when a step rolls back after its retries.
    /// The compensations rebuild the reservation and charge ids from the input (the values the steps return), because the
    /// JSON binder does not yet type-check <c>steps.&lt;own id&gt;.output</c> inside a compensation (AUTO1202).
    /// </summary>
    [Flow("corpus-rollback-cs")]
    [Variable("output", typeof(string))]
    public sealed partial class RollbackTwin : IFlow<RollbackInput>
    {
        [Action(1)]
        private static string Reserve(RollbackInput input) => CorpusActions.Reserve(input.Sku, input.Quantity);

        [Compensate(nameof(Reserve))]
        private static void Release(RollbackInput input) => CorpusActions.Release("res-" + input.Sku);

        [Action(2)]
        private static Charge Charge(RollbackInput input) => CorpusActions.ChargeCard(input.Sku, 5.0);

        [Compensate(nameof(Charge))]
        private static void Refund(RollbackInput input) => CorpusActions.Refund("ch-" + input.Sku);

        [Action(3)]
        private static void Note() => CorpusActions.Record("charged");

        [Action(4, OnError = OnError.Rollback)]
        [Retry(2, InitialDelayMs = 10)]
        private static ValueTask<string> Ship(RollbackInput input, CancellationToken cancellationToken) => CorpusActions.ShipAsync(input.Sku, input.CarrierDown, cancellationToken);

        [Set(5, "output")]
        private static string Shipped([FromStep(nameof(Ship))] string parcel) => parcel;
    }

    public sealed record GotoInput(bool Skip, string Name);

    /// <summary>Twin of Flows/goto.flow.json: run (call and return), goto from an endpoint and from next, standalone steps.</summary>
    [Flow("corpus-goto-cs")]
    public sealed partial class GotoTwin : IFlow<GotoInput>
    {
        [Action(1)]
        private static void Start() => CorpusActions.Record("start");

        [Run(2, nameof(Helper))]
        partial void Call();

        [Condition(3)]
        [Goto(Endpoints.Then, nameof(Tail))]
        private static bool Decide(GotoInput input) => input.Skip;

        [Action(1, Parent = nameof(Decide), On = Endpoints.Else)]
        private static void Middle() => CorpusActions.Record("middle");

        [Action(4)]
        private static void Mid2() => CorpusActions.Record("mid2");

        [Action(5)]
        private static void Tail() => CorpusActions.Record("tail");

        [Action(6)]
        [Goto(nameof(Cleanup))]
        private static void Jumper() => CorpusActions.Record("jumper");

        [Stop(1, Standalone = "cleanup")]
        private static string Cleanup(GotoInput input) => $"cleaned up for {input.Name}";

        [Action(1, Standalone = "helper")]
        private static void Helper() => CorpusActions.Record("helper");

        [Action(2, Standalone = "helper")]
        private static void HelperTwo() => CorpusActions.Record("helper two");
    }

    public sealed record WaitInput(string OrderId);

    /// <summary>Twin of Flows/wait.flow.json: a timer wait, then an event wait with a timeout (event and elapsed).</summary>
    [Flow("corpus-wait-cs")]
    public sealed partial class WaitTwin : IFlow<WaitInput>
    {
        [Wait(1, Seconds = 90)]
        partial void Cool();

        [Wait(2, Event = "payment", TimeoutSeconds = 3600)]
        partial void Paid();

        [Action(1, Parent = nameof(Paid), On = Endpoints.Event)]
        private static void ShipIt(WaitInput input) => CorpusActions.Record("ship " + input.OrderId);

        [Action(1, Parent = nameof(Paid), On = Endpoints.Elapsed)]
        private static void Expire(WaitInput input) => CorpusActions.Record("expired " + input.OrderId);

        [Action(3)]
        private static void Close(WaitInput input) => CorpusActions.Record("close " + input.OrderId);
    }

    public sealed record ApprovalInput(string Doc);

    /// <summary>Twin of Flows/approval.flow.json: approved, rejected (a stop) and timeout.</summary>
    [Flow("corpus-approval-cs")]
    [Variable("output", typeof(string))]
    public sealed partial class ApprovalTwin : IFlow<ApprovalInput>
    {
        [Approval(1, Roles = new[] { "manager" }, TimeoutSeconds = 86400)]
        partial void Review();

        [Action(1, Parent = nameof(Review), On = Endpoints.Approved)]
        private static void Accept([FromStep(nameof(Review))] ApprovalDecision decision) => CorpusActions.Record("approved by " + decision.By);

        [Stop(1, Parent = nameof(Review), On = Endpoints.Rejected, Status = FlowStatus.Failed)]
        private static string Refuse(ApprovalInput input) => "rejected " + input.Doc;

        [Action(1, Parent = nameof(Review), On = Endpoints.Timeout)]
        private static void Late() => CorpusActions.Record("no decision");

        [Set(2, "output")]
        private static string Done(ApprovalInput input) => "reviewed " + input.Doc;
    }

    public sealed record RecordsInput(string Title, string Ticket);

    /// <summary>Twin of Flows/records.flow.json: create, update (with an error endpoint), query, delete.</summary>
    [Flow("corpus-records-cs")]
    [Variable("output", typeof(string))]
    public sealed partial class RecordsTwin : IFlow<RecordsInput>
    {
        [Create(1, "ticket")]
        private static FlowRecord Open(RecordsInput input) => new() { ["title"] = input.Title, ["status"] = "open" };

        [Update(2, "ticket")]
        private static RecordChange Escalate(RecordsInput input) => new(input.Ticket, new Dictionary<string, object?> { ["status"] = "escalated" });

        [Action(1, Parent = nameof(Escalate), On = Endpoints.Error)]
        private static void Missing(RecordsInput input) => CorpusActions.Record("no ticket " + input.Ticket);

        [Query(3, "ticket")]
        private static RecordQuery Found() => new(new Dictionary<string, object?> { ["status"] = "escalated" });

        [Delete(4, "ticket")]
        private static string Close(RecordsInput input) => input.Ticket;

        [Set(5, "output")]
        private static string Report([FromStep(nameof(Found))] IReadOnlyList<FlowRecord> found, [FromStep(nameof(Close))] bool deleted)
            => "found " + found.Count + ", deleted " + (deleted ? "true" : "false");
    }

    public sealed record SecretsInput(string Endpoint, bool Fail);

    /// <summary>Twin of Flows/secrets.flow.json: a secret input resolved at call time, and an instance action.</summary>
    [Flow("corpus-secrets-cs")]
    public sealed partial class SecretsTwin : IFlow<SecretsInput>
    {
        private readonly CorpusNotifier _notifier;

        public SecretsTwin(CorpusNotifier notifier) => _notifier = notifier;

        [Action(1)]
        private static string Call(SecretsInput input, [Secret("CORPUS_KEY")] string apiKey, StepContext context) => CorpusActions.CallApi(input.Endpoint, apiKey, input.Fail, context);

        [Action(2)]
        private Task<string> Tell([FromStep(nameof(Call))] string response, CancellationToken cancellationToken) => _notifier.ExecuteAsync("ops", response, cancellationToken);
    }
}
