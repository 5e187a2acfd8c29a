using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// Fires schedule triggers (SPEC §6): the next occurrence of every scheduled flow is kept in the journal, so a
    /// restart or a second host neither skips nor repeats one; missed occurrences follow the flow's catch-up setting.
    /// </summary>
    /// <remarks>
    /// Each occurrence starts a run with the idempotency key <c>schedule:&lt;flow&gt;:&lt;instant&gt;</c> before the schedule is
    /// advanced (by compare-and-swap): a crash in between starts nothing twice, and two hosts racing for one occurrence
    /// start one run.
    /// </remarks>
    internal sealed class FlowScheduler : BackgroundService
    {
        private readonly RunDispatcher _dispatcher;
        private readonly IFlowClient _client;
        private readonly ILogger _logger;
        private readonly ConcurrentDictionary<(string FlowId, string Cron, string Zone), CronSchedule?> _parsed = new();

        public FlowScheduler(RunDispatcher dispatcher, IFlowClient client, ILogger<FlowScheduler>? logger = null)
        {
            _dispatcher = dispatcher;
            _client = client;
            _logger = (ILogger?)logger ?? NullLogger.Instance;
        }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var options = _dispatcher.Options;
            if (!_dispatcher.Registry.Latest.Any(f => f.Info.Trigger.Kind == "schedule"))
            {
                return;
            }

            await HostLoop.RunAsync(_dispatcher, _logger, options.PollInterval, async token =>
            {
                await TickAsync(token).ConfigureAwait(false);
                await Task.Delay(options.PollInterval, options.TimeProvider, token).ConfigureAwait(false);
            }, stoppingToken).ConfigureAwait(false);
        }

        /// <summary>Fires every occurrence that is due now, per flow.</summary>
        internal async Task TickAsync(CancellationToken cancellationToken)
        {
            if (_dispatcher.Stopping)
            {
                return;
            }

            var journal = await _dispatcher.Journal.GetAsync(cancellationToken).ConfigureAwait(false);
            var stored = (await journal.ListSchedulesAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.FlowId, StringComparer.Ordinal);
            foreach (var flow in _dispatcher.Registry.Latest.Where(f => f.Info.Trigger.Kind == "schedule"))
            {
                var trigger = flow.Info.Trigger;
                var cron = trigger.Cron ?? "";
                var zone = trigger.TimeZone ?? "UTC";
                if (Parse(flow, cron, zone) is not { } schedule)
                {
                    continue;
                }

                var now = _dispatcher.Options.TimeProvider.GetUtcNow();
                stored.TryGetValue(flow.Info.Id, out var state);
                if (state is null || state.Cron != cron || state.TimeZone != zone)
                {
                    // A new schedule (or a changed one) starts from now: nothing before it was ever due.
                    await journal.AdvanceScheduleAsync(state, new ScheduleState(flow.Info.Id, cron, zone, schedule.GetNextOccurrence(now), state?.LastAt), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (state.NextAt is not { } first || first > now)
                {
                    continue;
                }

                var due = new List<DateTimeOffset>();
                DateTimeOffset? next = first;
                while (next is { } at && at <= now && due.Count <= MaxCatchUp)
                {
                    due.Add(at);
                    next = schedule.GetNextOccurrence(at);
                }

                if (next is { } after && after <= now)
                {
                    next = schedule.GetNextOccurrence(now); // more missed than the cap: the rest is skipped
                }

                foreach (var occurrence in ToFire(due, now, trigger.CatchUp))
                {
                    await _client.StartAsync(flow.Info.Id, null, new FlowStartOptions
                    {
                        IdempotencyKey = $"schedule:{flow.Info.Id}:{occurrence.UtcDateTime:O}",
                        ThrowOnRefusal = false, // a refused occurrence is recorded; the schedule goes on
                        Trigger = new FlowTrigger
                        {
                            Kind = "schedule",
                            Payload = Payload(occurrence, catchUp: now - occurrence > MissedAfter(_dispatcher.Options)),
                        },
                    }, cancellationToken).ConfigureAwait(false);
                }

                await journal.AdvanceScheduleAsync(state, state with { NextAt = next, LastAt = due[^1] }, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The most missed occurrences <c>catchUp: all</c> runs after a downtime.</summary>
        internal const int MaxCatchUp = 100;

        /// <summary>An occurrence noticed later than this after its instant was missed (the host was down), not late.</summary>
        internal static TimeSpan MissedAfter(AutomationsOptions options) => options.PollInterval * 2 > TimeSpan.FromMinutes(1) ? options.PollInterval * 2 : TimeSpan.FromMinutes(1);

        /// <summary>
        /// The due occurrences a flow runs: one noticed in time always; of the missed ones, none, the latest (<c>one</c>) or
        /// each, oldest first (<c>all</c>, at most <see cref="MaxCatchUp"/>).
        /// </summary>
        private IEnumerable<DateTimeOffset> ToFire(List<DateTimeOffset> due, DateTimeOffset now, string catchUp)
        {
            var missedAfter = MissedAfter(_dispatcher.Options);
            var onTime = due.Where(d => now - d <= missedAfter).ToList();
            var missed = due.Where(d => now - d > missedAfter).ToList();
            var caughtUp = catchUp switch
            {
                "all" => missed.Take(MaxCatchUp),
                "one" when onTime.Count == 0 && missed.Count > 0 => new[] { missed[^1] },
                _ => Enumerable.Empty<DateTimeOffset>(),
            };
            return caughtUp.Concat(onTime);
        }

        private CronSchedule? Parse(IFlowDefinition flow, string cron, string zone)
            => _parsed.GetOrAdd((flow.Info.Id, cron, zone), key =>
            {
                try
                {
                    return ParseSchedule(key.FlowId, key.Cron, key.Zone);
                }
                catch (Exception error) when (error is FormatException or ArgumentException or TimeZoneNotFoundException or InvalidTimeZoneException)
                {
                    HostLog.ScheduleInvalid(_logger, flow.Info.Id, flow.Info.Version, error.Message);
                    return null;
                }
            });

        /// <summary>A flow's schedule as the scheduler fires it (also what the HTTP API shows as its next occurrences).</summary>
        /// <exception cref="FormatException">The expression is not valid (or an <see cref="ArgumentException"/>, a time-zone exception).</exception>
        internal static CronSchedule ParseSchedule(string flowId, string cron, string zone)
            // H is hashed from the flow id, so each flow keeps its own value across restarts and hosts. A macro is
            // parsed without the seed: with one Cronos would hash it too, and @daily would no longer be midnight.
            => cron.TrimStart(' ', '\t').StartsWith('@')
                ? CronSchedule.Parse(cron, zone)
                : CronSchedule.Parse(cron, zone, JitterSeed(flowId));

        /// <summary>The seed a flow's <c>H</c> values are hashed from: FNV-1a over the id's UTF-16 code units, stable on every host.</summary>
        internal static int JitterSeed(string flowId)
        {
            var hash = 2166136261u;
            foreach (var c in flowId)
            {
                hash = (hash ^ c) * 16777619u;
            }

            return unchecked((int)hash);
        }

        private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

        /// <summary>The <c>trigger.payload</c> of a scheduled run (also what a scenario's schedule trigger passes).</summary>
        internal static JsonElement Payload(DateTimeOffset occurrence, bool catchUp)
            => JsonSerializer.SerializeToElement(new ScheduledPayload(occurrence, catchUp), WebJson);

        /// <summary>What a scheduled run sees as <c>trigger.payload</c>: <c>scheduledAt</c>, and <c>catchUp</c> for a missed occurrence run late.</summary>
        private sealed record ScheduledPayload(DateTimeOffset ScheduledAt, bool CatchUp);
    }
}
