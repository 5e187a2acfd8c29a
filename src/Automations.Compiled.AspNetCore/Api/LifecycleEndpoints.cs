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
    /// <summary><c>/lifecycles</c>: the hosted templates, their entities, each entity's history and the actions the caller may take.</summary>
    internal static class LifecycleEndpoints
    {
        public static void Map(RouteGroupBuilder api, AutomationsApiOptions options)
        {
            api.MapGet("/lifecycles", List).RequireAuthorization(options.ViewerPolicy)
                .Produces<IReadOnlyList<LifecycleView>>().WithName("ListLifecycles").WithSummary("The hosted lifecycle templates with their states and actions.");
            api.MapGet("/lifecycles/{template}/entities", EntitiesAsync).RequireAuthorization(options.ViewerPolicy)
                .Produces<Page<EntityView>>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(501).WithName("ListEntities").WithSummary("A template's entities in entity id order, a page at a time.");
            api.MapGet("/lifecycles/{template}/entities/{entityId}", EntityAsync).RequireAuthorization(options.ViewerPolicy)
                .Produces<EntityView>().ProducesProblem(404).WithName("GetEntity").WithSummary("An entity with its history and the actions the caller may take now.");
        }

        private static IResult List([FromServices] ApiContext api)
            => ApiResults.Ok<IReadOnlyList<LifecycleView>>(api.Lifecycles.All.OrderBy(l => l.Template.Id, StringComparer.Ordinal).Select(hosted => new LifecycleView(
                hosted.Template.Id,
                hosted.Template.EntityType.Name,
                hosted.Template.States.Select(s => new LifecycleStateView(s.Name, s.IsFinal, s.IsTransit, s.Description)).ToArray(),
                hosted.Template.Actions.Select(a => ApiViews.Action(a, hosted)).ToArray())).ToArray());

        private static HostedLifecycle? Find(ApiContext api, string template)
            => api.Lifecycles.All.FirstOrDefault(l => string.Equals(l.Template.Id, template, StringComparison.Ordinal));

        private static async Task<IResult> EntitiesAsync(
            [FromServices] ApiContext api, string template, [FromQuery] string? limit, [FromQuery] string? continuation, CancellationToken cancellationToken)
        {
            if (ApiRequests.Limit(limit, api.Options, out var max) is { } problem)
            {
                return problem;
            }

            if (Find(api, template) is not { } hosted)
            {
                return NoTemplate(template);
            }

            var journal = await api.JournalAsync(cancellationToken).ConfigureAwait(false);
            EntityPage page;
            try
            {
                page = await journal.ListEntitiesAsync(hosted.Template.Id, max, string.IsNullOrEmpty(continuation) ? null : continuation, cancellationToken).ConfigureAwait(false);
            }
            catch (NotSupportedException)
            {
                return ApiResults.Problem(StatusCodes.Status501NotImplemented, "This journal cannot list entities; GET /lifecycles/{template}/entities/{entityId} shows one.");
            }
            catch (Exception error) when (!string.IsNullOrEmpty(continuation) && error is ArgumentException or FormatException)
            {
                return ApiResults.BadRequest("continuation is not a token this API gave back; start again without it. (" + error.Message + ")", "continuation");
            }

            return ApiResults.Ok(new Page<EntityView>(page.Entities.Select(e => ApiViews.Entity(e)).ToArray(), page.ContinuationToken));
        }

        private static async Task<IResult> EntityAsync(HttpContext http, [FromServices] ApiContext api, string template, string entityId, CancellationToken cancellationToken)
        {
            if (Find(api, template) is not { } hosted)
            {
                return NoTemplate(template);
            }

            var journal = await api.JournalAsync(cancellationToken).ConfigureAwait(false);
            if (await journal.GetEntityAsync(hosted.Template.Id, entityId, cancellationToken).ConfigureAwait(false) is not { } entity)
            {
                return ApiResults.NotFound($"Lifecycle '{template}' has no entity '{entityId}' (never created, or destroyed); GET /lifecycles/{template}/entities lists them.");
            }

            var history = await journal.GetEntityHistoryAsync(hosted.Template.Id, entityId, cancellationToken).ConfigureAwait(false);
            var caller = await ApiCaller.OfAsync(http, api).ConfigureAwait(false);
            var actions = new List<LifecycleActionView>();
            if (entity.AtRest && caller.Access(api.Options) is { } access)
            {
                foreach (var action in hosted.Template.GetAvailableActions(entity.State, access))
                {
                    actions.Add(ApiViews.Action(action, hosted));
                }
            }

            return ApiResults.Ok(ApiViews.Entity(entity, history, actions));
        }

        private static IResult NoTemplate(string template) => ApiResults.NotFound($"This host has no lifecycle template '{template}'; GET /lifecycles lists them.");
    }
}
