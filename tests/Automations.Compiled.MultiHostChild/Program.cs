using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled;
using Automations.Compiled.Hosting;
using Automations.Compiled.Hosting.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// multi-host-child <worker id> <effects folder> <first job> <jobs> <stride>
// One host on the PostgreSQL journal the environment names (AUTOMATIONS_TEST_POSTGRES, schema AUTOMATIONS_TEST_POSTGRES_SCHEMA),
// sharing its work with the other hosts of the test: it starts its share of the jobs (first, first + stride, ... with
// idempotency keys job-N, so a restarted host starts none twice), runs whatever any host queued, fires the every-second
// schedule, and keeps going until it is killed. Each step appends "runId:step:attempt:worker" to this process's own
// effects file in the folder before it returns (lines written survive a SIGKILL; one file per process, as .NET appends
// at its own file position, not with O_APPEND, so processes sharing a file would overwrite each other's lines).
if (args.Length != 5)
{
    Console.Error.WriteLine("usage: multi-host-child <worker id> <effects folder> <first job> <jobs> <stride>");
    return 2;
}

var (worker, effects) = (args[0], args[1]);
var (first, jobs, stride) = (int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture));
var connection = Environment.GetEnvironmentVariable("AUTOMATIONS_TEST_POSTGRES");
if (string.IsNullOrEmpty(connection))
{
    Console.Error.WriteLine("multi-host-child: AUTOMATIONS_TEST_POSTGRES is not set.");
    return 2;
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Services.AddSingleton(new EffectLog(Path.Combine(effects, $"{worker}-{Environment.ProcessId}.log"), worker));
builder.Services.AddAutomations(o =>
{
    o.UsePostgres(connection, j => j.Schema = Environment.GetEnvironmentVariable("AUTOMATIONS_TEST_POSTGRES_SCHEMA") ?? "automations");
    o.WorkerId = $"{worker}:{Environment.ProcessId}"; // a restarted host is another worker, as in production
    o.Concurrency = 64;
    o.Lease = TimeSpan.FromSeconds(3);
    o.PollInterval = TimeSpan.FromMilliseconds(100);
    o.AddFlow<MultiHostFlow>().AddFlow<EverySecond>();
});
using var host = builder.Build();
await host.StartAsync();
var client = host.Services.GetRequiredService<IFlowClient>();
for (var job = first; job < jobs; job += stride)
{
    await client.StartAsync<MultiHostFlow>(new Job(job), new FlowStartOptions { IdempotencyKey = $"job-{job:D5}" });
}

Console.Out.WriteLine("started");
Console.Out.Flush();
await Task.Delay(Timeout.Infinite);
return 0;

/// <summary>A job to run.</summary>
public sealed record Job(int Number);

/// <summary>Appends effect lines; the OS keeps them across a SIGKILL of this process.</summary>
public sealed class EffectLog(string path, string worker)
{
    private readonly object _gate = new();

    public void Add(Guid runId, string step, int attempt)
    {
        lock (_gate)
        {
            File.AppendAllText(path, $"{runId:N}:{step}:{attempt}:{worker}\n");
        }
    }
}

/// <summary>
/// A durable run with a timer wait and a retried step: a step, a 200 ms wait (so runs move between hosts), a step that fails
/// its first try for every tenth job (retried 50 ms later), and a last step.
/// </summary>
[Flow("multi-host")]
public sealed partial class MultiHostFlow(EffectLog log) : IFlow<Job>
{
    [Action(1)]
    private async ValueTask<int> Reserve(Job job, StepContext step)
    {
        await Task.Delay(Random.Shared.Next(1, 10), step.CancellationToken);
        log.Add(step.RunId, "reserve", step.Attempt);
        return job.Number;
    }

    [Wait(2, Seconds = 0.2)]
    partial void Settle();

    [Action(3)]
    [Retry(3, InitialDelayMs = 50)]
    private void Charge([FromStep(nameof(Reserve))] int number, StepContext step)
    {
        log.Add(step.RunId, "charge", step.Attempt);
        if (number % 10 == 0 && step.Attempt == 1)
        {
            throw new InvalidOperationException("declined once");
        }
    }

    [Action(4)]
    private void Ship(StepContext step) => log.Add(step.RunId, "ship", step.Attempt);
}

/// <summary>Fires every second on whichever host sees the occurrence first: each occurrence must run once.</summary>
[Flow("multi-host-tick")]
[ScheduleTrigger("* * * * * *", CatchUp = CatchUp.None)]
public sealed partial class EverySecond(EffectLog log)
{
    [Action(1)]
    private void Tick(FlowTrigger trigger, StepContext step)
    {
        var at = ((JsonElement)trigger.Payload!).GetProperty("scheduledAt").GetDateTimeOffset();
        log.Add(step.RunId, "tick@" + at.ToUnixTimeSeconds(), step.Attempt);
    }
}
