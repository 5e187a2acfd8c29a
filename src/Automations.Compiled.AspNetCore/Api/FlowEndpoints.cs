using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary><c>/flows</c>: the hosted and journaled flows, their versions and graphs, and manual starts.</summary>
    internal static class FlowEndpoints
    {
        /// <summary>
        /// Run counts per status stop here: counting reads the runs a page at a time, so a flow with a million failed runs
        /// costs no more than one with a hundred (a count of 100 means 100 or more).
        /// </summary>
        internal const int CountCap = 100;

        public static void Map(RouteGroupBuilder api, AutomationsApiOptions options)
        {
            api.MapGet("/flows", ListAsync).RequireAuthorization(options.ViewerPolicy)
                .Produces<IReadOnlyList<FlowSummary>>().WithName("ListFlows").WithSummary("The hosted flows and the flows the journal has runs of.");
            api.MapGet("/flows/{flowId}", GetAsync).RequireAuthorization(options.ViewerPolicy)
                .Produces<FlowView>().ProducesProblem(404).WithName("GetFlow").WithSummary("A flow with its versions and inputs.");
            api.MapGet("/flows/{flowId}/versions/{version}/graph.svg", (string flowId, string version, [FromServices] ApiContext context) => Graph(context, flowId, version, "svg"))
                .RequireAuthorization(options.ViewerPolicy)
                .Produces<string>(200, "image/svg+xml").ProducesProblem(404).WithName("GetFlowGraphSvg").WithSummary("The flow version's graph as SVG; each step's node has data-step.");
            api.MapGet("/flows/{flowId}/versions/{version}/graph.mmd", (string flowId, string version, [FromServices] ApiContext context) => Graph(context, flowId, version, "mmd"))
                .RequireAuthorization(options.ViewerPolicy)
                .Produces<string>(200, "text/plain").ProducesProblem(404).WithName("GetFlowGraphMermaid").WithSummary("The flow version's graph as a Mermaid flowchart.");
            api.MapPost("/flows/{flowId}/runs", StartAsync).RequireAuthorization(options.OperatorPolicy)
                .Accepts<StartRequest>("application/json")
                .Produces<StartAnswer>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesValidationProblem(422)
                .WithName("StartRun").WithSummary("Starts a run of a manual flow with typed inputs.");
        }

        private static async Task<IResult> ListAsync([FromServices] ApiContext api, CancellationToken cancellationToken)
        {
            var journal = await api.JournalAsync(cancellationToken).ConfigureAwait(false);
            var stats = (await journal.ListFlowsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.FlowId, StringComparer.Ordinal);
            var ids = api.Flows.Latest.Select(f => f.Info.Id).Concat(stats.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            var flows = new List<FlowSummary>(ids.Length);
            foreach (var id in ids)
            {
                if (await SummaryAsync(api, journal, id, stats.GetValueOrDefault(id), cancellationToken).ConfigureAwait(false) is { } summary)
                {
                    flows.Add(summary.Summary);
                }
            }

            return ApiResults.Ok<IReadOnlyList<FlowSummary>>(flows);
        }

        private static async Task<IResult> GetAsync([FromServices] ApiContext api, string flowId, CancellationToken cancellationToken)
        {
            var journal = await api.JournalAsync(cancellationToken).ConfigureAwait(false);
            var stats = (await journal.ListFlowsAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(s => string.Equals(s.FlowId, flowId, StringComparison.Ordinal));
            if (await SummaryAsync(api, journal, flowId, stats, cancellationToken).ConfigureAwait(false) is not { } found)
            {
                return NoFlow(flowId);
            }

            var s = found.Summary;
            var versions = found.Versions.Select(v => new FlowVersionView(v.Version, v.Hash, v.RegisteredAt, v.Description, api.Flows.Find(v.FlowId, v.Version) is not null)).ToArray();
            var inputs = api.Flows.Find(flowId) is { } latest
                ? FlowInputs.Describe(latest.Info).Select(i => new InputView(JsonNamingPolicy.CamelCase.ConvertName(i.Name), i.Type, i.Required)).ToArray()
                : Array.Empty<InputView>();
            return ApiResults.Ok(new FlowView(s.Id, s.Description, s.LatestVersion, s.Trigger, s.Roles, s.Journal, s.Hosted, s.Runs, versions, inputs));
        }

        /// <summary>A flow as lists show it, from the host's latest version or else the journal's; null when neither knows it.</summary>
        private static async Task<(FlowSummary Summary, IReadOnlyList<FlowVersionRecord> Versions)?> SummaryAsync(ApiContext api, IRunJournal journal, string flowId, FlowStats? stats, CancellationToken cancellationToken)
        {
            var versions = await journal.ListFlowVersionsAsync(flowId, cancellationToken).ConfigureAwait(false);
            var hosted = api.Flows.Find(flowId);
            if (hosted is null && versions.Count == 0)
            {
                return null;
            }

            var counts = new RunCounts(
                stats?.RunCount,
                await CountAsync(api, flowId, FlowStatus.Running, cancellationToken).ConfigureAwait(false),
                await CountAsync(api, flowId, FlowStatus.Waiting, cancellationToken).ConfigureAwait(false),
                await CountAsync(api, flowId, FlowStatus.Failed, cancellationToken).ConfigureAwait(false),
                await CountAsync(api, flowId, FlowStatus.Completed, cancellationToken).ConfigureAwait(false));
            var last = versions.Count == 0 ? null : versions[^1];
            var summary = hosted is { Info: var info }
                ? new FlowSummary(info.Id, info.Description, Math.Max(info.Version, last?.Version ?? 0), ApiViews.Trigger(info.Trigger), info.Roles.ToArray(), ApiResults.Name(info.Journal), true, counts)
                : new FlowSummary(flowId, last!.Description, last.Version, new TriggerView("unknown", null), Array.Empty<string>(), ApiResults.Name(last.Journal), false, counts);
            return (summary, versions);
        }

        private static async Task<int> CountAsync(ApiContext api, string flowId, FlowStatus status, CancellationToken cancellationToken)
            => (await api.Client.ListRunsAsync(new RunQuery { FlowId = flowId, Status = status, Limit = CountCap }, cancellationToken).ConfigureAwait(false)).Runs.Count;

        private static IResult Graph(ApiContext api, string flowId, string version, string format)
        {
            if (!int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number < 1
                || api.Flows.Find(flowId, number) is not { } flow)
            {
                return ApiResults.NotFound($"This host has no flow '{flowId}' v{version}; GET /flows/{flowId} lists its versions (those with hosted: true have a graph).");
            }

            if (flow.Info.Graph is null)
            {
                return ApiResults.NotFound($"Flow '{flowId}' v{number} was built without its graph; rebuild it with the current generator.");
            }

            if (RenderGraph(flow.Info, format) is not { } text)
            {
                return ApiResults.NotFound($"The graph of flow '{flowId}' v{number} cannot be read by this build; rebuild the flow with the generator of this version.");
            }

            return TypedResults.Text(text, format == "svg" ? "image/svg+xml" : "text/plain", System.Text.Encoding.UTF8);
        }

        /// <summary>The one place the API draws a graph: SVG (<c>svg</c>) or Mermaid (<c>mmd</c>).</summary>
        private static string? RenderGraph(FlowInfo info, string format)
        {
            _ = info;
            _ = format;
            return null; // MERGE: return format == "svg" ? FlowGraphs.Svg(info) : FlowGraphs.Mermaid(info);
        }

        private static async Task<IResult> StartAsync(HttpContext http, [FromServices] ApiContext api, string flowId, CancellationToken cancellationToken)
        {
            var (body, problem) = await ApiRequests.BodyAsync(http, new StartRequest(null, null, null), cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            if (body!.Version is < 0)
            {
                return ApiResults.BadRequest($"version must be 1 or more (or left out for the latest), not {body.Version}.", "version");
            }

            var version = body.Version ?? 0;
            if (api.Flows.Find(flowId, version) is not { } flow)
            {
                return NoFlow(version == 0 ? flowId : $"{flowId} v{version}");
            }

            var caller = await ApiCaller.OfAsync(http, api).ConfigureAwait(false);
            if (!caller.HasAnyRole(flow.Info.Roles))
            {
                return ApiResults.Forbidden($"Flow '{flow.Info.Id}' may be started by {string.Join(", ", flow.Info.Roles.Select(r => "'" + r + "'"))}; the caller has none of these roles.");
            }

            var input = body.Input ?? default; // left out: Undefined, which the check reads as no inputs
            var errors = FlowInputs.Check(flow.Info, input);
            if (errors.Count > 0)
            {
                return Invalid(errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
            }

            FlowRun started;
            try
            {
                started = await api.Client.StartAsync(flow.Info.Id, flow.Info.InputType is null || input.ValueKind == JsonValueKind.Undefined ? null : input, new FlowStartOptions
                {
                    IdempotencyKey = string.IsNullOrEmpty(body.IdempotencyKey) ? null : body.IdempotencyKey,
                    Version = flow.Info.Version,
                    CallerRoles = caller.Roles,
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (UnauthorizedAccessException error)
            {
                return ApiResults.Forbidden(error.Message);
            }
            catch (FlowRefusedException refused)
            {
                return ApiResults.Conflict(refused.Message + " The refusal is recorded as a failed run; try again once the cause is lifted.", ApiRequests.RunIdExtension(refused.RunId));
            }
            catch (ArgumentException error)
            {
                return Invalid(new Dictionary<string, string[]> { ["input"] = new[] { error.Message } });
            }

            var journal = await api.JournalAsync(cancellationToken).ConfigureAwait(false);
            var status = started.Result is { } result
                ? result.Status // a flow with journal mode none ran here and left no record
                : (await journal.GetRunInfoAsync(started.RunId, cancellationToken).ConfigureAwait(false))?.Status ?? FlowStatus.Pending;
            if (started.Created && started.Result is null)
            {
                await ApiAudit.WriteAsync(api, journal, caller, started.RunId, started.FlowId, "start", $"v{started.FlowVersion}, status {ApiResults.Name(status)}").ConfigureAwait(false);
            }

            if (started.Result is null)
            {
                http.Response.Headers.Location = RunLocation(http, started.RunId);
            }

            return ApiResults.Ok(new StartAnswer(ApiResults.Id(started.RunId), started.Created, started.FlowId, started.FlowVersion, ApiResults.Name(status), started.QueuedUntil), StatusCodes.Status201Created);
        }

        /// <summary>The run's address in this API: the start's path with <c>/flows/{id}/runs</c> replaced by <c>/runs/{runId}</c>.</summary>
        private static string RunLocation(HttpContext http, Guid runId)
        {
            var path = http.Request.PathBase.Add(http.Request.Path).Value ?? "";
            var at = path.LastIndexOf("/flows/", StringComparison.Ordinal);
            return (at < 0 ? "" : path.Substring(0, at)) + "/runs/" + ApiResults.Id(runId);
        }

        private static IResult Invalid(IDictionary<string, string[]> errors)
            => ApiResults.Problem(StatusCodes.Status422UnprocessableEntity, "Correct the inputs named in errors and start again; GET /flows/{flowId} lists the flow's inputs.", errors);

        private static IResult NoFlow(string flowId) => ApiResults.NotFound($"There is no flow '{flowId}'; GET /flows lists them.");
    }
}
