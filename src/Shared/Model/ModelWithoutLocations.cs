using System.Linq;

namespace Automations.Compiled.Model
{
    /// <summary>
    /// The flow model with every location removed: what code generation depends on. Moving a step down
    /// a line changes the full model (so diagnostics move) but not this one (so no code is re-emitted).
    /// </summary>
    internal static class ModelWithoutLocations
    {
        public static FlowModel Strip(FlowModel flow) => flow with
        {
            Location = null,
            FrontEndDiagnostics = Validation.EquatableDiagnostics.Empty,
            Trigger = flow.Trigger is null ? null : flow.Trigger with
            {
                Location = null,
                Settings = flow.Trigger.Settings.Select(s => s with { Location = null }).ToEquatableArray(),
            },
            Variables = flow.Variables.Select(v => v with { Location = null }).ToEquatableArray(),
            Safeguards = Strip(flow.Safeguards),
            Root = Strip(flow.Root),
            Standalone = flow.Standalone.Select(Strip).ToEquatableArray(),
        };

        /// <summary>A lifecycle template without locations: moving an attribute down a line re-emits nothing.</summary>
        public static LifecycleModel Strip(LifecycleModel model) => model with
        {
            Location = null,
            IdLocation = null,
            EntityTypeLocation = null,
            FrontEndDiagnostics = Validation.EquatableDiagnostics.Empty,
            States = model.States.Select(s => s with { Location = null }).ToEquatableArray(),
            Actions = model.Actions.Select(a => a with
            {
                Location = null,
                NameLocation = null,
                ReferenceLocation = null,
                FromLocation = null,
                TransitLocation = null,
                ToLocation = null,
                ErrorLocation = null,
                Flow = a.Flow is null ? null : a.Flow with { Location = null },
            }).ToEquatableArray(),
        };

        private static SafeguardsModel Strip(SafeguardsModel safeguards) => safeguards == SafeguardsModel.Empty ? safeguards : safeguards with
        {
            MaxConcurrentRunsLocation = null,
            TimeBudgetLocation = null,
            CostBudgetLocation = null,
            Throttles = safeguards.Throttles.Select(t => t with { Location = null, LimitLocation = null, WindowLocation = null, ScopeLocation = null }).ToEquatableArray(),
            Calls = safeguards.Calls.Select(c => c with { Location = null }).ToEquatableArray(),
        };

        private static ScopeModel Strip(ScopeModel scope)
            => scope with { Steps = scope.Steps.Select(Strip).ToEquatableArray() };

        private static StepModel Strip(StepModel step) => step with
        {
            Location = null,
            TargetLocation = null,
            NextGoto = step.NextGoto is null ? null : step.NextGoto with { Location = null },
            Retry = step.Retry is null ? null : step.Retry with { Location = null },
            Call = Strip(step.Call),
            Compensation = Strip(step.Compensation),
            Endpoints = step.Endpoints.Select(e => e with
            {
                Location = null,
                Goto = e.Goto is null ? null : e.Goto with { Location = null },
                Scope = e.Scope is null ? null : Strip(e.Scope),
            }).ToEquatableArray(),
        };

        private static CallModel? Strip(CallModel? call)
            => call is null ? null : call with { Arguments = call.Arguments.Select(a => a with { Location = null }).ToEquatableArray() };
    }
}
