using System;
using System.Collections.Generic;
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
    /// <summary><c>/runs</c> and <c>/dead-letters</c>: lists, the run view, and the operators' verbs on a run.</summary>
    internal static class RunEndpoints
    {
        public static void Map(RouteGroupBuilder api, AutomationsApiOptions options)
        {
            api.MapGet("/runs", ListAsync).RequireAuthorization(options.ViewerPolicy)
                .Produces<Page<RunSummary>>().ProducesProblem(400).WithName("ListRuns").WithSummary("Runs, newest first, a page at a time.");
            api.MapGet("/dead-letters", DeadLettersAsync).RequireAuthorization(options.ViewerPolicy)
                .Produces<Page<RunSummary>>().ProducesProblem(400).WithName("ListDeadLetters").WithSummary("Failed runs, newest first, a page at a time.");
            api.MapGet("/runs/{runId}", GetAsync).RequireAuthorization(options.ViewerPolicy)
                .Produces<RunView>().ProducesProblem(404).WithName("GetRun").WithSummary("A run with its input, output, steps, audit entries and the actions the caller may take.");

            foreach (var action in new[] { "pause", "resume", "cancel", "retry" })
            {
                api.MapPost("/runs/{runId}/" + action, (HttpContext http, [FromServices] ApiContext context, string runId, CancellationToken cancellationToken)
                        => ActAsync(http, context, runId, action, cancellationToken))
                    .RequireAuthorization(options.OperatorPolicy)
                    .Produces<RunStatusAnswer>().ProducesProblem(404).ProducesProblem(409)
                    .WithName(char.ToUpperInvariant(action[0]) + action.Substring(1) + "Run");
            }

            api.MapDelete("/runs/{runId}", DeleteAsync).RequireAuthorization(options.AdminPolicy)
                .Produces(204).ProducesProblem(404).ProducesProblem(409).WithName("DeleteRun").WithSummary("Deletes an ended run and its history.");

            foreach (var approve in new[] { true, false })
            {
                api.MapPost(approve ? "/runs/{runId}/approve" : "/runs/{runId}/reject", (HttpContext http, [FromServices] ApiContext context, string runId, CancellationToken cancellationToken)
                        => DecideAsync(http, context, runId, approve, cancellationToken))
                    .RequireAuthorization(options.OperatorPolicy)
                    .Accepts<DecisionRequest>("application/json")
                    .Produces<RunStatusAnswer>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
                    .WithName(approve ? "ApproveRun" : "RejectRun");
            }
        }

        private static async Task<IResult> ListAsync(
            [FromServices] ApiContext api,
            [FromQuery] string? flow,
            [FromQuery] string? status,
            [FromQuery] string? from,
            [FromQuery] string? to,
            [FromQuery] string? idempotencyKey,
            [FromQuery] string? limit,
            [FromQuery] string? continuation,
            CancellationToken cancellationToken)
        {
            var problems = new[]
            {
                ApiRequests.Status(status, out var parsedStatus),
                ApiRequests.Time(from, "from", out var parsedFrom),
                ApiRequests.Time(to, "to", out var parsedTo),
                ApiRequests.Limit(limit, api.Options, out var parsedLimit),
            };
            if (Array.Find(problems, p => p is not null) is { } problem)
            {
                return problem;
            }

            return await PageAsync(api, new RunQuery
            {
                FlowId = string.IsNullOrEmpty(flow) ? null : flow,
                Status = parsedStatus,
                CreatedFrom = parsedFrom,
                CreatedBefore = parsedTo,
                IdempotencyKey = string.IsNullOrEmpty(idempotencyKey) ? null : idempotencyKey,
                Limit = parsedLimit,
                ContinuationToken = string.IsNullOrEmpty(continuation) ? null : continuation,
            }, cancellationToken).ConfigureAwait(false);
        }

        private static async Task<IResult> DeadLettersAsync(
            [FromServices] ApiContext api,
            [FromQuery] string? flow,
            [FromQuery] string? limit,
            [FromQuery] string? continuation,
            CancellationToken cancellationToken)
        {
            if (ApiRequests.Limit(limit, api.Options, out var parsedLimit) is { } problem)
            {
                return problem;
            }

            return await PageAsync(api, new RunQuery
            {
                FlowId = string.IsNullOrEmpty(flow) ? null : flow,
                Status = FlowStatus.Failed,
                Limit = parsedLimit,
                ContinuationToken = string.IsNullOrEmpty(continuation) ? null : continuation,
            }, cancellationToken).ConfigureAwait(false);
        }

        private static async Task<IResult> PageAsync(ApiContext api, RunQuery query, CancellationToken cancellationToken)
        {
            RunPage page;
            try
            {
                page = await api.Client.ListRunsAsync(query, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (query.ContinuationToken is not null && error is ArgumentException or FormatException)
            {
                return ApiResults.BadRequest("continuation is not a token this API gave back; start again without it. (" + error.Message + ")", "continuation");
            }

            return ApiResults.Ok(new Page<RunSummary>(page.Runs.Select(r => ApiViews.Summary(r, api.Redaction)).ToArray(), page.ContinuationToken));
        }

        private static async Task<IResult> GetAsync(HttpContext http, [FromServices] ApiContext api, string runId, CancellationToken cancellationToken)
        {
            if (!ApiRequests.TryRunId(runId, out var id))
            {
                return NoRun(runId);
            }

            var journal = await api.JournalAsync(cancellationToken).ConfigureAwait(false);
            if (await journal.GetRunAsync(id, cancellationToken).ConfigureAwait(false) is not { } details)
            {
                return NoRun(runId);
            }

            var run = details.Run;
            var snapshot = run.Status is FlowStatus.Waiting or FlowStatus.Paused ? await journal.GetSnapshotAsync(id, cancellationToken).ConfigureAwait(false) : null;
            var waiting = snapshot is { Wait.Kind: not WaitKind.None } waits
                ? new WaitingView(ApiResults.Name(waits.Wait.Kind), waits.Wait.Kind switch
                {
                    WaitKind.Event => waits.Wait.EventName,
                    WaitKind.Subflow => waits.Wait.ChildSnapshot?.FlowId,
                    _ => waits.StepId,
                }, waits.Wait.Until)
                : null;
            var audit = await ApiAudit.ListAsync(journal, id, cancellationToken).ConfigureAwait(false);
            var caller = await ApiCaller.OfAsync(http, api).ConfigureAwait(false);
            var summary = ApiViews.Summary(run, api.Redaction);
            return ApiResults.Ok(new RunView(
                summary.RunId, summary.FlowId, summary.FlowVersion, summary.Status, summary.Trigger, summary.IdempotencyKey, summary.ParentRunId,
                summary.CreatedAt, summary.UpdatedAt, summary.EndedAt, summary.Message, summary.Error,
                run.TraceId,
                ApiViews.Input(details.Payload, api.Redaction),
                ApiViews.Json(details.Output, api.Redaction),
                details.Steps.Select(s => ApiViews.Step(s, api.Redaction)).ToArray(),
                audit.Select(ApiViews.Audit).ToArray(),
                waiting,
                Actions(api, run, snapshot, caller)));
        }

        /// <summary>What the caller may do to the run now: the buttons a dashboard shows.</summary>
        private static IReadOnlyList<string> Actions(ApiContext api, RunInfo run, FlowSnapshot? snapshot, ApiCaller caller)
        {
            var actions = new List<string>();
            var ended = RunStatusRules.IsFinal(run.Status);
            if (caller.CanOperate)
            {
                if (run.Status is FlowStatus.Pending or FlowStatus.Running or FlowStatus.Waiting)
                {
                    actions.Add("pause");
                }

                if (run.Status == FlowStatus.Paused)
                {
                    actions.Add("resume");
                }

                if (!ended)
                {
                    actions.Add("cancel");
                }

                if (run.Status == FlowStatus.Failed)
                {
                    actions.Add("retry");
                }

                if (run.Status == FlowStatus.Waiting && snapshot is { Wait.Kind: WaitKind.Approval } && caller.HasAnyRole(ApproverRoles(api, run, snapshot)))
                {
                    actions.Add("approve");
                    actions.Add("reject");
                }
            }

            if (caller.CanAdminister && ended)
            {
                actions.Add("delete");
            }

            return actions;
        }

        /// <summary>
        /// Who may decide a run's approval: the approval step's roles when it lists some (SPEC §2.10), otherwise the flow's
        /// roles (SPEC §8); nobody in particular when neither lists any.
        /// </summary>
        private static IReadOnlyCollection<string> ApproverRoles(ApiContext api, RunInfo run, FlowSnapshot snapshot)
            => snapshot.Wait.Roles is { Length: > 0 } stepRoles
                ? stepRoles
                : (IReadOnlyCollection<string>?)api.Flows.Find(run.FlowId, run.FlowVersion)?.Info.Roles ?? Array.Empty<string>();

        private static async Task<IResult> ActAsync(HttpContext http, ApiContext api, string runId, string action, CancellationToken cancellationToken)
        {
            var (journal, id, found) = await FindAsync(api, runId, cancellationToken).ConfigureAwait(false);
            if (found is not { } run)
            {
                return NoRun(runId);
            }

            var caller = await ApiCaller.OfAsync(http, api).ConfigureAwait(false);
            FlowStatus status;
            try
            {
                switch (action)
                {
                    case "pause":
                        status = await api.Client.PauseAsync(id, cancellationToken).ConfigureAwait(false);
                        break;
                    case "resume":
                        status = await api.Client.ResumeAsync(id, cancellationToken).ConfigureAwait(false);
                        break;
                    case "cancel":
                        status = await api.Client.CancelAsync(id, cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        await api.Client.RetryAsync(id, cancellationToken).ConfigureAwait(false);
                        status = (await journal.GetRunInfoAsync(id, cancellationToken).ConfigureAwait(false))?.Status ?? FlowStatus.Pending;
                        break;
                }
            }
            catch (RunTransitionException error)
            {
                return ApiResults.Conflict($"Run {ApiResults.Id(id)} is {ApiResults.Name(error.From)}: {Allowed(action)}.", ApiRequests.RunIdExtension(id));
            }
            catch (JournalException)
            {
                return NoRun(runId); // deleted in between
            }
            catch (InvalidOperationException error) when (action == "retry")
            {
                return ApiResults.Conflict(error.Message, ApiRequests.RunIdExtension(id)); // a kill switch covers it
            }

            await ApiAudit.WriteAsync(api, journal, caller, id, run.FlowId, action, "status " + ApiResults.Name(status)).ConfigureAwait(false);
            return ApiResults.Ok(new RunStatusAnswer(ApiResults.Id(id), ApiResults.Name(status)));
        }

        private static string Allowed(string action) => action switch
        {
            "pause" => "only a pending, running or waiting run can be paused",
            "resume" => "only a paused run can be resumed",
            "cancel" => "a run that has ended cannot be cancelled",
            "retry" => "only a failed run can be retried",
            _ => "only an ended run can be deleted; cancel it first",
        };

        private static async Task<IResult> DeleteAsync(HttpContext http, [FromServices] ApiContext api, string runId, CancellationToken cancellationToken)
        {
            var (journal, id, found) = await FindAsync(api, runId, cancellationToken).ConfigureAwait(false);
            if (found is not { } run)
            {
                return NoRun(runId);
            }

            var caller = await ApiCaller.OfAsync(http, api).ConfigureAwait(false);
            try
            {
                if (!await api.Client.DiscardAsync(id, cancellationToken).ConfigureAwait(false))
                {
                    return NoRun(runId);
                }
            }
            catch (RunTransitionException)
            {
                return ApiResults.Conflict($"Run {ApiResults.Id(id)} is {ApiResults.Name(run.Status)}: {Allowed("delete")}.", ApiRequests.RunIdExtension(id));
            }

            await ApiAudit.WriteAsync(api, journal, caller, id, run.FlowId, "delete", "was " + ApiResults.Name(run.Status)).ConfigureAwait(false);
            return TypedResults.NoContent();
        }

        private static async Task<IResult> DecideAsync(HttpContext http, ApiContext api, string runId, bool approve, CancellationToken cancellationToken)
        {
            var (body, problem) = await ApiRequests.BodyAsync(http, new DecisionRequest(null), cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            var (journal, id, found) = await FindAsync(api, runId, cancellationToken).ConfigureAwait(false);
            if (found is not { } run)
            {
                return NoRun(runId);
            }

            var snapshot = run.Status == FlowStatus.Waiting ? await journal.GetSnapshotAsync(id, cancellationToken).ConfigureAwait(false) : null;
            if (snapshot is not { Wait.Kind: WaitKind.Approval })
            {
                return ApiResults.Conflict($"Run {ApiResults.Id(id)} is {ApiResults.Name(run.Status)} and does not wait for an approval; only a run waiting at an approval step can be approved or rejected.", ApiRequests.RunIdExtension(id));
            }

            var caller = await ApiCaller.OfAsync(http, api).ConfigureAwait(false);
            var roles = ApproverRoles(api, run, snapshot);
            if (!caller.HasAnyRole(roles))
            {
                return ApiResults.Forbidden($"The approval of run {ApiResults.Id(id)} ({run.FlowId}, step '{snapshot.StepId}') is decided by {string.Join(", ", roles.Select(r => "'" + r + "'"))}; the caller has none of these roles.");
            }

            var comment = string.IsNullOrWhiteSpace(body!.Comment) ? null : body.Comment;
            try
            {
                if (approve)
                {
                    await api.Client.ApproveAsync(id, caller.Name, comment, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await api.Client.RejectAsync(id, caller.Name, comment, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (InvalidOperationException error)
            {
                return ApiResults.Conflict(error.Message, ApiRequests.RunIdExtension(id)); // decided by someone else in between
            }

            var status = (await journal.GetRunInfoAsync(id, cancellationToken).ConfigureAwait(false))?.Status ?? run.Status;
            await ApiAudit.WriteAsync(api, journal, caller, id, run.FlowId, approve ? "approve" : "reject", comment).ConfigureAwait(false);
            return ApiResults.Ok(new RunStatusAnswer(ApiResults.Id(id), ApiResults.Name(status)));
        }

        /// <summary>The journal and the run a route names; no run for an id that is not a <see cref="Guid"/> or names none.</summary>
        private static async Task<(IRunJournal Journal, Guid Id, RunInfo? Run)> FindAsync(ApiContext api, string runId, CancellationToken cancellationToken)
        {
            var journal = await api.JournalAsync(cancellationToken).ConfigureAwait(false);
            return ApiRequests.TryRunId(runId, out var id)
                ? (journal, id, await journal.GetRunInfoAsync(id, cancellationToken).ConfigureAwait(false))
                : (journal, id, null);
        }

        private static IResult NoRun(string runId) => ApiResults.NotFound($"There is no run '{runId}'; list the runs with GET /runs.");
    }
}
