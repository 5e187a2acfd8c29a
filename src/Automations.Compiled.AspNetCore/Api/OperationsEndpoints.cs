using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary><c>/me</c>, <c>/deferred</c>, <c>/schedules</c> and <c>/kill-switches</c>: the host as a whole.</summary>
    internal static class OperationsEndpoints
    {
        public static void Map(RouteGroupBuilder api, AutomationsApiOptions options)
        {
            api.MapGet("/me", MeAsync).RequireAuthorization(options.ViewerPolicy)
                .Produces<MeView>().WithName("GetMe").WithSummary("The caller: name, roles, and whether it may operate and administer.");
            api.MapGet("/deferred", DeferredAsync).RequireAuthorization(options.ViewerPolicy)
                .Produces<IReadOnlyList<DeferredView>>().ProducesProblem(400).WithName("ListDeferred").WithSummary("Items put back by the concurrency limit, a throttle or a lease, oldest first.");
            api.MapPost("/deferred/{itemId}/retry", RetryDeferredAsync).RequireAuthorization(options.OperatorPolicy)
                .Produces(204).ProducesProblem(404).ProducesProblem(501).WithName("RetryDeferred").WithSummary("Makes a deferred item run at the next poll.");
            api.MapGet("/schedules", SchedulesAsync).RequireAuthorization(options.ViewerPolicy)
                .Produces<IReadOnlyList<ScheduleView>>().ProducesProblem(400).WithName("ListSchedules").WithSummary("The scheduled flows with their next occurrences.");
            api.MapGet("/kill-switches", KillSwitchesAsync).RequireAuthorization(options.ViewerPolicy)
                .Produces<IReadOnlyList<KillSwitchView>>().WithName("ListKillSwitches").WithSummary("The engaged kill switches.");
            api.MapPost("/kill-switches", EngageAsync).RequireAuthorization(options.AdminPolicy)
                .Accepts<KillSwitchRequest>("application/json")
                .Produces<KillSwitchAnswer>().ProducesProblem(400).WithName("EngageKillSwitch").WithSummary("Engages a kill switch on every flow (*), a flow, or a flow version (flow@3).");
            api.MapDelete("/kill-switches/{scope}", LiftAsync).RequireAuthorization(options.AdminPolicy)
                .Produces<KillSwitchAnswer>().ProducesProblem(400).WithName("LiftKillSwitch").WithSummary("Lifts the kill switch on exactly this scope.");
        }

        private static async Task<IResult> MeAsync(HttpContext http, [FromServices] ApiContext api)
        {
            var caller = await ApiCaller.OfAsync(http, api).ConfigureAwait(false);
            return ApiResults.Ok(new MeView(caller.Name, caller.Roles, caller.CanOperate, caller.CanAdminister));
        }

        private static async Task<IResult> DeferredAsync([FromServices] ApiContext api, [FromQuery] string? limit, CancellationToken cancellationToken)
        {
            if (ApiRequests.Limit(limit, api.Options, out var max) is { } problem)
            {
                return problem;
            }

            var journal = await api.JournalAsync(cancellationToken).ConfigureAwait(false);
            var items = await journal.ListDeferredAsync(max, cancellationToken).ConfigureAwait(false);
            return ApiResults.Ok<IReadOnlyList<DeferredView>>(items.Select(ApiViews.Deferred).ToArray());
        }

        private static async Task<IResult> RetryDeferredAsync(HttpContext http, [FromServices] ApiContext api, string itemId, CancellationToken cancellationToken)
        {
            var journal = await api.JournalAsync(cancellationToken).ConfigureAwait(false);
            // The item's run is looked up among the deferred items (the journal's list is short: only items held back now).
            var item = long.TryParse(itemId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? (await journal.ListDeferredAsync(1000, cancellationToken).ConfigureAwait(false)).FirstOrDefault(d => d.ItemId == id)
                : null;
            if (item is null)
            {
                return NoItem(itemId);
            }

            var caller = await ApiCaller.OfAsync(http, api).ConfigureAwait(false);
            try
            {
                if (!await journal.RetryDeferredAsync(id, cancellationToken).ConfigureAwait(false))
                {
                    return NoItem(itemId); // claimed in between
                }
            }
            catch (NotSupportedException)
            {
                return ApiResults.Problem(StatusCodes.Status501NotImplemented, "This journal cannot make a deferred item run early; it runs at its visibleAt time.");
            }

            await ApiAudit.WriteAsync(api, journal, caller, item.RunId, item.FlowId, "deferred-retry", $"item {id} ({item.Reason})").ConfigureAwait(false);
            return TypedResults.NoContent();
        }

        private static async Task<IResult> SchedulesAsync([FromServices] ApiContext api, [FromQuery] string? next, CancellationToken cancellationToken)
        {
            var count = 5;
            if (next is not null && (!int.TryParse(next, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > 50))
            {
                return ApiResults.BadRequest($"next must be a whole number from 1 to 50, not '{next}'.", "next");
            }

            var journal = await api.JournalAsync(cancellationToken).ConfigureAwait(false);
            var stored = (await journal.ListSchedulesAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.FlowId, StringComparer.Ordinal);
            var now = api.Clock.GetUtcNow();
            var schedules = new List<ScheduleView>();
            foreach (var flow in api.Flows.Latest.Where(f => f.Info.Trigger.Kind == "schedule").OrderBy(f => f.Info.Id, StringComparer.Ordinal))
            {
                var cron = flow.Info.Trigger.Cron ?? "";
                var zone = flow.Info.Trigger.TimeZone ?? "UTC";
                stored.TryGetValue(flow.Info.Id, out var state);
                IReadOnlyList<DateTimeOffset> occurrences;
                try
                {
                    // Parsed as the scheduler parses it (the flow's H seed, macros), so the list shows what will fire.
                    occurrences = FlowScheduler.ParseSchedule(flow.Info.Id, cron, zone).GetOccurrences(now, count).Select(o => o.Time).ToArray();
                }
                catch (Exception error) when (error is FormatException or ArgumentException or TimeZoneNotFoundException or InvalidTimeZoneException)
                {
                    occurrences = Array.Empty<DateTimeOffset>(); // the scheduler logs it and never fires it
                }

                var current = state is not null && state.Cron == cron && state.TimeZone == zone;
                schedules.Add(new ScheduleView(flow.Info.Id, cron, zone, current ? state!.NextAt : occurrences.FirstOrDefault() is { } first && first != default ? first : null, state?.LastAt, occurrences));
            }

            return ApiResults.Ok<IReadOnlyList<ScheduleView>>(schedules);
        }

        private static async Task<IResult> KillSwitchesAsync([FromServices] ApiContext api, CancellationToken cancellationToken)
            => ApiResults.Ok<IReadOnlyList<KillSwitchView>>((await api.Client.ListKillSwitchesAsync(cancellationToken).ConfigureAwait(false)).Select(ApiViews.Kill).ToArray());

        private static async Task<IResult> EngageAsync(HttpContext http, [FromServices] ApiContext api, CancellationToken cancellationToken)
        {
            var (body, problem) = await ApiRequests.BodyAsync<KillSwitchRequest>(http, null, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            if (Scope(body!.Scope, out var scope) is { } badScope)
            {
                return badScope;
            }

            KillMode mode;
            switch (body.Mode?.Trim().ToLowerInvariant())
            {
                case "pause":
                    mode = KillMode.Pause;
                    break;
                case "cancel":
                    mode = KillMode.Cancel;
                    break;
                default:
                    return ApiResults.BadRequest($"mode must be 'pause' or 'cancel', not '{body.Mode}'.", "mode");
            }

            if (string.IsNullOrWhiteSpace(body.Reason))
            {
                return ApiResults.BadRequest("reason must say why (refused starts and cancelled runs show it).", "reason");
            }

            var caller = await ApiCaller.OfAsync(http, api).ConfigureAwait(false);
            var change = await api.Client.EngageKillSwitchAsync(scope!, mode, body.Reason.Trim(), caller.Name, cancellationToken).ConfigureAwait(false);
            ApiLog.KillEngaged(api.Logger, caller.Name, scope!.Key, ApiResults.Name(mode), body.Reason.Trim(), change.Runs);
            return ApiResults.Ok(new KillSwitchAnswer(change.Changed, change.Runs));
        }

        private static async Task<IResult> LiftAsync(HttpContext http, [FromServices] ApiContext api, string scope, CancellationToken cancellationToken)
        {
            if (Scope(Uri.UnescapeDataString(scope), out var parsed) is { } problem)
            {
                return problem;
            }

            var caller = await ApiCaller.OfAsync(http, api).ConfigureAwait(false);
            var change = await api.Client.LiftKillSwitchAsync(parsed!, cancellationToken).ConfigureAwait(false);
            ApiLog.KillLifted(api.Logger, caller.Name, parsed!.Key, change.Runs);
            return ApiResults.Ok(new KillSwitchAnswer(change.Changed, change.Runs));
        }

        private static IResult? Scope(string? text, out KillScope? scope)
        {
            scope = null;
            try
            {
                scope = KillScope.Parse(text ?? "");
                return null;
            }
            catch (FormatException error)
            {
                return ApiResults.BadRequest(error.Message, "scope");
            }
        }

        private static IResult NoItem(string itemId) => ApiResults.NotFound($"There is no deferred item '{itemId}' (it may have run already); GET /deferred lists them.");
    }
}
