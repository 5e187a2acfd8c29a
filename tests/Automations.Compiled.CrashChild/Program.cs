using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled;
using Automations.Compiled.Hosting;
using Automations.Compiled.Hosting.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// crash-child <backend> <journal file> <effects.log> <accepted.log> <runs>
// Keeps runs in the journal <backend> names (sqlite, litedb, or postgres: the server AUTOMATIONS_TEST_POSTGRES names, in schema
// AUTOMATIONS_TEST_POSTGRES_SCHEMA; any other name exits 2). Starts <runs> durable 3-step runs with
// idempotency keys job-0..job-N (every launch starts them all again: a key already used returns the first run), records
// each accepted run, and exits 0 once every run has completed. Each step appends "runId:stepId" to the effects log
// before it returns: a step re-run after a kill shows up there twice, never in the journal's committed history.
var (backend, db, effects, accepted, count) = (args[0], args[1], args[2], args[3], int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture));
Action<AutomationsOptions>? useJournal = backend switch
{
    "sqlite" => o => o.UseSqlite(db),
    "litedb" => o => o.UseLiteDb(db),
    "postgres" => o => o.UsePostgres(
        Environment.GetEnvironmentVariable("AUTOMATIONS_TEST_POSTGRES") ?? "",
        j => j.Schema = Environment.GetEnvironmentVariable("AUTOMATIONS_TEST_POSTGRES_SCHEMA") ?? "automations"),
    _ => null,
};
if (useJournal is null)
{
    Console.Error.WriteLine($"crash-child: unknown journal backend '{backend}'; expected sqlite, litedb or postgres.");
    return 2;
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Services.AddSingleton(new EffectLog(effects));
builder.Services.AddAutomations(o =>
{
    useJournal(o);
    o.Concurrency = 4;
    o.Lease = TimeSpan.FromSeconds(2);
    o.PollInterval = TimeSpan.FromMilliseconds(100);
    o.AddFlow<CrashFlow>();
});
using var host = builder.Build();
await host.StartAsync();
var client = host.Services.GetRequiredService<IFlowClient>();
var ids = new Guid[count];
using (var accepts = new StreamWriter(accepted, append: true, Encoding.UTF8))
{
    for (var i = 0; i < count; i++)
    {
        var run = await client.StartAsync<CrashFlow>(new Job(i), new FlowStartOptions { IdempotencyKey = $"job-{i:D4}" });
        ids[i] = run.RunId;
        accepts.WriteLine($"job-{i:D4} {run.RunId:N}");
        accepts.Flush();
    }
}

foreach (var id in ids)
{
    var status = await client.WaitForStatusAsync(id);
    if (status != FlowStatus.Completed)
    {
        Console.Error.WriteLine($"run {id:N} ended {status}");
        return 3;
    }
}

await host.StopAsync();
return 0;

/// <summary>A job to run.</summary>
public sealed record Job(int Number);

/// <summary>Appends effect lines; the OS keeps them across a SIGKILL of this process.</summary>
public sealed class EffectLog(string path)
{
    private readonly object _gate = new();

    public void Add(Guid runId, string step)
    {
        lock (_gate)
        {
            File.AppendAllText(path, $"{runId:N}:{step}\n");
        }
    }
}

/// <summary>Three durable steps with a little latency each, so kills land between and inside steps.</summary>
[Flow("crash-three")]
public sealed partial class CrashFlow(EffectLog log) : IFlow<Job>
{
    [Action(1)]
    private async ValueTask<int> Reserve(Job job, StepContext step)
    {
        await Task.Delay(Random.Shared.Next(10, 40), step.CancellationToken);
        log.Add(step.RunId, "reserve");
        return job.Number * 10;
    }

    [Action(2)]
    private async ValueTask Charge(StepContext step)
    {
        await Task.Delay(Random.Shared.Next(10, 40), step.CancellationToken);
        log.Add(step.RunId, "charge");
    }

    [Action(3)]
    private async ValueTask Ship([FromStep(nameof(Reserve))] int reserved, StepContext step)
    {
        await Task.Delay(Random.Shared.Next(10, 40), step.CancellationToken);
        log.Add(step.RunId, "ship:" + reserved);
    }
}
