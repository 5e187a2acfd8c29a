using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled;
using Automations.Compiled.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Samples.OrderProcessing;

// The main job: a web app that takes orders through their lifecycle (placed → paid by the order-processing flow →
// shipped, or PaymentFailed → cancelled) and runs a waiting (approval) flow, durably on a local LiteDB journal (every
// commit fsynced, the file locked to this process), and serves the HTTP API and the dashboard on http://127.0.0.1:5080
// (--urls to change it). It prints each move and run as it happens, exits once everything has ended (unless --serve:
// then it stays up until Ctrl+C, and the approvals wait for you in the dashboard), and exits cleanly on Ctrl+C; run it
// again and it resumes what was left (entity moves are compare-and-swap and the starts idempotent, so nothing runs
// twice). --sqlite keeps the journal in a SQLite file instead.
var sqlite = args.Contains("--sqlite");
var serve = args.Contains("--serve");
var journal = args.FirstOrDefault(a => a.StartsWith("--journal=", StringComparison.Ordinal))?.Substring("--journal=".Length)
    ?? (sqlite ? "orders.db" : "orders.litedb");
// The sample's own switches are not configuration: "--serve --urls X" would otherwise read as serve=--urls.
var builder = WebApplication.CreateBuilder(args.Where(a => a is not ("--sqlite" or "--serve") && !a.StartsWith("--journal=", StringComparison.Ordinal)).ToArray());
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}

builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Automations.Compiled", LogLevel.Information)
    .AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error); // its key ring warnings say nothing about the sample
builder.Services.AddSingleton<IPayments, DemoPayments>();
builder.Services.AddSingleton<IMailer, ConsoleMailer>();
builder.Services.AddSingleton(new DemoOptions(serve));
builder.Services.AddAutomations(o =>
{
    if (sqlite)
    {
        o.UseSqlite(journal);
    }
    else
    {
        o.UseLiteDb(journal);
    }

    o.AddFlow<OrderFlow>()
        .AddFlow<LargeOrderApprovalFlow>()
        .AddLifecycle<OrderLifecycle>();
});
builder.Services.AddHostedService<Demo>();
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

// Who may use the API and the dashboard: the local user only, as an admin (see LocalUserAuthentication).
builder.Services.AddAuthentication(LocalUserAuthentication.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, LocalUserAuthentication>(LocalUserAuthentication.SchemeName, null);
builder.Services.AddAutomationsApi(); // the viewer, operator and admin policies (by role), JSON options, OpenAPI

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapAutomationsApi("/automations/api");
app.MapAutomationsDashboard("/automations");
app.Lifetime.ApplicationStarted.Register(() =>
{
    // The address Kestrel bound (with --urls http://127.0.0.1:0, the port it chose).
    var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
    Console.WriteLine($"Dashboard: {address.TrimEnd('/')}/automations (API: {address.TrimEnd('/')}/automations/api; local requests only){(serve ? "; Ctrl+C to stop" : "")}");
});

Console.WriteLine($"Journal: {Path.GetFullPath(journal)} ({(sqlite ? "SQLite" : "LiteDB")}; delete it to start over)");
try
{
    await app.RunAsync();
}
catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
{
    Console.Error.WriteLine($"The dashboard could not listen: {e.Message} Pass another address, e.g. --urls http://127.0.0.1:5081.");
    return 1;
}

return 0;

/// <summary>What the demo does besides its orders: with --serve it stays up and leaves the approvals to the dashboard.</summary>
internal sealed record DemoOptions(bool Serve);

/// <summary>
/// Drives the demo orders (idempotently), plays the manager (unless --serve: then the approvals are the dashboard user's),
/// prints progress, and stops the host when all have ended (unless --serve).
/// </summary>
internal sealed class Demo(IFlowClient client, ILifecycle<Order> orders, IHostApplicationLifetime lifetime, DemoOptions options) : BackgroundService
{
    private static readonly (Order Order, bool NeedsApproval)[] Orders =
    {
        (new Order("A-1001", "ada@example.com", 42.50m, "4242-flaky"), false),
        (new Order("A-1002", "bob@example.com", 19.99m, "4000-declined"), false),
        (new Order("A-1003", "cy@example.com", 7.25m, "4242-ok"), false),
        (new Order("A-2001", "dee@example.com", 2400.00m, "4242-ok"), true),
        (new Order("A-2002", "eve@example.com", 9800.00m, "4242-ok"), true),
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Begin once the web server listens: stopping the app while it still starts (when everything had ended in an
        // earlier run) would abort the start with an error.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        var runs = new Dictionary<Guid, string>();
        var lifecycles = new List<Task>();
        foreach (var (order, needsApproval) in Orders)
        {
            if (!needsApproval)
            {
                lifecycles.Add(DriveAsync(order, stoppingToken));
                continue;
            }

            var run = await client.StartAsync<LargeOrderApprovalFlow>(order, new FlowStartOptions { IdempotencyKey = order.Id }, stoppingToken);
            runs[run.RunId] = $"{order.Id} ({run.FlowId})";
            Console.WriteLine($"{order.Id}: {(run.Created ? "started" : "already started earlier, resuming")} run {run.RunId}");
        }

        var seen = new Dictionary<Guid, FlowStatus>();
        var waitingSince = new Dictionary<Guid, DateTimeOffset>();
        while (!stoppingToken.IsCancellationRequested)
        {
            var ended = 0;
            foreach (var (runId, label) in runs)
            {
                var details = await client.GetRunAsync(runId, stoppingToken);
                if (details is null)
                {
                    continue;
                }

                var status = details.Run.Status;
                if (!seen.TryGetValue(runId, out var before) || before != status)
                {
                    seen[runId] = status;
                    var last = details.Steps.LastOrDefault();
                    var where = last is null ? "" : $" after step '{last.StepId}' ({last.Status.ToString().ToLowerInvariant()}{(last.Endpoint is null ? "" : " → " + last.Endpoint)})";
                    var error = details.Run.Error is { } e ? $": {e.Message}" : "";
                    Console.WriteLine($"{label}: {status.ToString().ToLowerInvariant()}{where}{error}");
                }

                if (status == FlowStatus.Waiting && options.Serve)
                {
                    if (!waitingSince.ContainsKey(runId))
                    {
                        waitingSince[runId] = DateTimeOffset.MaxValue;
                        Console.WriteLine($"{label}: waiting for a manager: approve or reject it in the dashboard (#/waiting) within 2 minutes");
                    }
                }
                else if (status == FlowStatus.Waiting)
                {
                    // The manager decides a few seconds after the request: A-2001 approved, A-2002 rejected.
                    var since = waitingSince.TryGetValue(runId, out var s) ? s : waitingSince[runId] = DateTimeOffset.UtcNow;
                    if (DateTimeOffset.UtcNow - since > TimeSpan.FromSeconds(3))
                    {
                        if (label.StartsWith("A-2001", StringComparison.Ordinal))
                        {
                            await client.ApproveAsync(runId, "manager@example.com", "fine", stoppingToken);
                        }
                        else
                        {
                            await client.RejectAsync(runId, "manager@example.com", "over the credit limit", stoppingToken);
                        }

                        Console.WriteLine($"{label}: the manager decided");
                        waitingSince[runId] = DateTimeOffset.MaxValue;
                    }
                }

                if (RunStatusRules.IsFinal(status))
                {
                    ended++;
                }
            }

            if (ended == runs.Count && lifecycles.All(t => t.IsCompleted))
            {
                await Task.WhenAll(lifecycles);
                foreach (var (order, needsApproval) in Orders.Where(o => !o.NeedsApproval))
                {
                    var moves = await orders.GetHistoryAsync(order.Id, stoppingToken);
                    Console.WriteLine($"{order.Id} history: {string.Join(" → ", moves.Select(m => m.To ?? "(gone)").Prepend(moves.FirstOrDefault()?.From ?? "(new)"))}");
                }

                Console.WriteLine($"All {runs.Count} runs and {lifecycles.Count} orders have ended. Run again to see them resumed from the journal (nothing runs twice); delete the journal file to start over.");
                if (options.Serve)
                {
                    Console.WriteLine("Still serving the dashboard (--serve): Ctrl+C to stop.");
                }
                else
                {
                    lifetime.StopApplication();
                }

                return;
            }

            await Task.Delay(250, stoppingToken);
        }
    }

    /// <summary>
    /// Takes one order through its lifecycle, from wherever the journal says it is: place it, pay (the order-processing
    /// flow runs durably while the order shows "Paying"), then ship it, or, when the payment failed, cancel it as a manager.
    /// </summary>
    private async Task DriveAsync(Order order, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var entity = await orders.WaitForRestAsync(order.Id, stoppingToken);
            var (action, access) = entity?.State switch
            {
                null => ("Place", AccessLevel.User),
                "Placed" => ("Pay", AccessLevel.User),
                "Paid" => ("Ship", AccessLevel.User),
                "PaymentFailed" => ("Cancel", AccessLevel.Manager),
                _ => (null, AccessLevel.User),
            };
            if (action is null)
            {
                Console.WriteLine($"{order.Id}: {entity!.State} (done)");
                return;
            }

            var move = await orders.TriggerAsync(order.Id, action, order, access, stoppingToken);
            Console.WriteLine($"{order.Id}: {action} {move.From ?? "(new)"} → {move.Action.Transit}{(move.RunId is { } run ? $" while run {run} of '{move.Action.FlowType?.Name}' runs" : "")}");
        }
    }
}

/// <summary>A payment provider that declines '-declined' cards and fails '-flaky' cards on their first try.</summary>
internal sealed class DemoPayments : IPayments
{
    private int _flakyCalls;

    public async ValueTask<Charge> ChargeAsync(Order order, string idempotencyKey, CancellationToken cancellationToken)
    {
        await Task.Delay(300, cancellationToken); // a remote call
        if (order.Card.EndsWith("-declined", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"card declined for order {order.Id}");
        }

        if (order.Card.EndsWith("-flaky", StringComparison.Ordinal) && Interlocked.Increment(ref _flakyCalls) == 1)
        {
            throw new TimeoutException($"payment provider timed out for order {order.Id}");
        }

        return new Charge("ch_" + idempotencyKey.GetHashCode().ToString("x8"), order.Amount);
    }

    public async ValueTask RefundAsync(Order order, CancellationToken cancellationToken) => await Task.Delay(100, cancellationToken);
}

internal sealed class ConsoleMailer : IMailer
{
    public ValueTask SendAsync(string to, string subject, CancellationToken cancellationToken)
    {
        Console.WriteLine($"  [mail to {to}] {subject}");
        return default;
    }
}
