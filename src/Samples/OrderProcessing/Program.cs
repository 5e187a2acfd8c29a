using System;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled;
using Samples.OrderProcessing;

// Runs the order-processing flow twice, in memory: once with a card that is charged on the second
// attempt, once with a card that is always declined, and prints each run's step trace.
var mailer = new ConsoleMailer();
var flow = new OrderFlow(new DemoPayments(), mailer);
Console.WriteLine($"Flow {flow.Info}: steps {string.Join(", ", flow.Info.StepIds)}");

foreach (var order in new[]
{
    new Order("A-1001", "ada@example.com", 42.50m, "4242-flaky"),
    new Order("A-1002", "bob@example.com", 19.99m, "4000-declined"),
})
{
    Console.WriteLine();
    Console.WriteLine($"== order {order.Id} (card {order.Card})");
    var trace = new FlowTrace();
    var result = await flow.RunAsync(order, new FlowRunOptions { Observer = trace });
    foreach (var record in trace.Records)
    {
        Console.WriteLine($"  {record}");
    }

    Console.WriteLine($"  => {result}");
}

/// <summary>A payment provider that declines '-declined' cards and fails '-flaky' cards once.</summary>
internal sealed class DemoPayments : IPayments
{
    private int _flakyCalls;

    public ValueTask<Charge> ChargeAsync(Order order, string idempotencyKey, CancellationToken cancellationToken)
    {
        if (order.Card.EndsWith("-declined", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"card declined for order {order.Id}");
        }

        if (order.Card.EndsWith("-flaky", StringComparison.Ordinal) && Interlocked.Increment(ref _flakyCalls) == 1)
        {
            throw new TimeoutException("payment gateway timed out");
        }

        // A real gateway would deduplicate on idempotencyKey (runId:stepId), stable across retries.
        return new ValueTask<Charge>(new Charge("ch_" + order.Id.ToLowerInvariant(), order.Amount));
    }

    public ValueTask RefundAsync(Order order, CancellationToken cancellationToken)
    {
        Console.WriteLine($"  [payments] refund issued for {order.Id}");
        return default;
    }
}

/// <summary>Prints mail instead of sending it.</summary>
internal sealed class ConsoleMailer : IMailer
{
    public ValueTask SendAsync(string to, string subject, CancellationToken cancellationToken)
    {
        Console.WriteLine($"  [mail to {to}] {subject}");
        return default;
    }
}
