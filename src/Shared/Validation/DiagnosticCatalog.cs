using System.Collections.Generic;
using System.Globalization;
using Automations.Compiled.Model;

namespace Automations.Compiled.Validation
{
    /// <summary>
    /// Every diagnostic the product reports. One prefix (AUTO), number bands per area:
    /// 0xxx authoring surface, 1xxx JSON, 2xxx goto and reachability, 3xxx scope, 4xxx types,
    /// 5xxx triggers and settings, 6xxx lifecycle, 7xxx safeguards (throttles, budgets, costs, action policies), 80xx code steps, 81xx AI (LLM) steps. Ids are stable and never reused; each has a
    /// page under docs/diagnostics.
    /// </summary>
    internal static class DiagnosticCatalog
    {
        public const string HelpLinkBase = "https://github.com/automations-compiled/automations-compiled/blob/main/src/Automations.Compiled/docs/diagnostics/";

        private const string Authoring = "Automations.Authoring";
        private const string Goto = "Automations.Goto";
        private const string Scope = "Automations.Scope";
        private const string Types = "Automations.Types";
        private const string Json = "Automations.Json";
        private const string Triggers = "Automations.Triggers";

        public static readonly FlowRule FlowClassNotPartial = new(
            "AUTO0001", "Flow class must be partial",
            "Flow class '{0}' must be declared 'partial' so the generator can add its state machine",
            Authoring, FlowSeverity.Error);

        public static readonly FlowRule EmptyFlow = new(
            "AUTO0002", "Flow has no steps",
            "Flow '{0}' has no steps in its main sequence; mark a method with [Action(1)] (or another step attribute), or in JSON add steps to \"steps\"",
            Authoring, FlowSeverity.Error);

        public static readonly FlowRule UnsupportedParameter = new(
            "AUTO0003", "Step parameter cannot be bound",
            "Parameter '{0}' of step '{1}' cannot be bound: use the flow input type, FlowTrigger, [FromStep], [Var], [Item], [Index], [Secret], CancellationToken or StepContext",
            Authoring, FlowSeverity.Error);

        public static readonly FlowRule DuplicateOrder = new(
            "AUTO0004", "Two steps share an order in one scope",
            "Steps '{0}' and '{1}' both have order {2} in the same scope; give each step its own order",
            Authoring, FlowSeverity.Error);

        public static readonly FlowRule UnknownParent = new(
            "AUTO0005", "Parent step does not exist",
            "Step '{0}' is nested under '{1}', which is not a step of flow '{2}'",
            Authoring, FlowSeverity.Error);

        public static readonly FlowRule InvalidEndpoint = new(
            "AUTO0006", "Endpoint does not exist on this kind of step",
            "Step kind '{0}' has no endpoint {1}; use one of: {2}",
            Authoring, FlowSeverity.Error);

        public static readonly FlowRule InvalidSignature = new(
            "AUTO0007", "Step method has the wrong shape",
            "Step '{0}': {1}",
            Authoring, FlowSeverity.Error);

        public static readonly FlowRule InvalidRetry = new(
            "AUTO0008", "Retry policy is invalid",
            "Retry of step '{0}': {1}",
            Authoring, FlowSeverity.Error);

        public static readonly FlowRule UnknownCompensationTarget = new(
            "AUTO0009", "Compensation targets an unknown step",
            "[Compensate] on '{0}' names step '{1}', which is not a step of this flow",
            Authoring, FlowSeverity.Error);

        public static readonly FlowRule SuspensionInParallel = new(
            "AUTO0010", "A run cannot suspend inside concurrent work",
            "Step '{0}' ({1}) can suspend the run, but it is inside {2}; move it out of the parallel branch or use parallelism 1",
            Authoring, FlowSeverity.Error);

        public static readonly FlowRule FlowNotInstantiable = new(
            "AUTO0011", "Flow class cannot be generic or static",
            "Flow class '{0}' must be a non-static class (not a record) that is neither generic nor nested in a generic type",
            Authoring, FlowSeverity.Error);

        public static readonly FlowRule DuplicateCompensation = new(
            "AUTO0012", "Step has two compensations",
            "Step '{0}' already has a compensation; keep one [Compensate] method per step",
            Authoring, FlowSeverity.Error);

        public static readonly FlowRule NestedConcurrency = new(
            "AUTO0014", "Concurrent work inside concurrent work",
            "Step '{0}' starts concurrent work inside {1}; nesting parallel branches or parallel foreach bodies is not supported, so use parallelism 1 for one of them",
            Authoring, FlowSeverity.Error);

        public static readonly FlowRule ParentCycle = new(
            "AUTO0015", "Steps nested under each other",
            "Step '{0}' is never reached: its Parent chain loops ({1}); nest it under a step of the main sequence or a standalone scope",
            Authoring, FlowSeverity.Error);

        public static readonly FlowRule InvalidFlowId = new(
            "AUTO0016", "Flow id is empty or padded",
            "Flow class '{0}' has the id '{1}'; give [Flow] a non-empty id without leading or trailing spaces",
            Authoring, FlowSeverity.Error);

        public static readonly FlowRule GotoTargetMissing = new(
            "AUTO2001", "Goto target does not exist",
            "Goto target '{0}' is not a step of flow '{1}'{2}",
            Goto, FlowSeverity.Error);

        public static readonly FlowRule GotoFromOccupiedSlot = new(
            "AUTO2002", "Goto from a slot that already has a successor",
            "The '{0}' slot of step '{1}' already has {2}; a goto may only start from an empty endpoint or the next slot of the last step in a scope",
            Goto, FlowSeverity.Error);

        public static readonly FlowRule GotoAcrossBoundary = new(
            "AUTO2003", "Goto crosses a foreach body or parallel branch",
            "Goto from '{0}' to '{1}' {2}; a goto stays inside its foreach body or parallel branch",
            Goto, FlowSeverity.Error);

        public static readonly FlowRule GotoToSelf = new(
            "AUTO2004", "Goto to its own step",
            "Step '{0}' links to itself; use a retry policy to repeat a step",
            Goto, FlowSeverity.Error);

        public static readonly FlowRule RunTargetMissing = new(
            "AUTO2005", "Run target does not exist",
            "Run step '{0}' targets '{1}', which is not a step of this flow{2}",
            Goto, FlowSeverity.Error);

        public static readonly FlowRule RunAcrossBoundary = new(
            "AUTO2006", "Run step leaves its parallel branch",
            "Run step '{0}' targets '{1}' outside {2}; concurrent work may only run steps inside itself",
            Goto, FlowSeverity.Error);

        public static readonly FlowRule EndlessGotoLoop = new(
            "AUTO2007", "Goto loop that can never end",
            "Steps {0} form a goto loop with no wait, condition or stop on it: the run would repeat them until its step or goto-hop budget fails it; add a condition that leaves the loop, a wait, or a stop",
            Goto, FlowSeverity.Error);

        public static readonly FlowRule StandaloneNeverReached = new(
            "AUTO2008", "Standalone step is never reached",
            "Standalone step '{0}' is not the target of any goto or run step, so it never runs; link to it with a goto or a run step, or remove it",
            Goto, FlowSeverity.Warning);

        public static readonly FlowRule UnreachableAfterStop = new(
            "AUTO2009", "Step after a stop never runs",
            "Step '{0}' follows stop step '{1}' in the same scope and never runs; move it before the stop, or remove it",
            Goto, FlowSeverity.Warning);

        public static readonly FlowRule UnboundedRunRecursion = new(
            "AUTO2010", "Run step calls itself without bound",
            "{0}: every call runs the same run step again with no condition, wait or stop in between, so the calls never end; put the recursive run step under a condition",
            Goto, FlowSeverity.Error);

        public static readonly FlowRule OutputNotGuaranteed = new(
            "AUTO3006", "Output read where the step may not have run",
            "Step '{0}'{1} reads the output of '{2}'{3}, but {4}; read it only where '{2}' has completed on every path, or give the value a variable with a default",
            Scope, FlowSeverity.Error);

        public static readonly FlowRule SecretWouldBeLogged = new(
            "AUTO4004", "Secret used where it would be recorded",
            "Step '{0}' uses secret '{1}' in {2}, which is written to the run's journal; pass secrets only to action inputs",
            Types, FlowSeverity.Error);

        public static readonly FlowRule InvalidCron = new(
            "AUTO5001", "Invalid cron expression",
            "Cron expression '{0}': {1}",
            Triggers, FlowSeverity.Error);

        public static readonly FlowRule UnknownTimeZone = new(
            "AUTO5002", "Unknown time zone",
            "'{0}' is not an IANA time zone id{1}; use an id such as \"Europe/Paris\" or \"UTC\"",
            Triggers, FlowSeverity.Error);

        public static readonly FlowRule BeforeRecordFlowSuspends = new(
            "AUTO5003", "A before_* record flow cannot suspend",
            "Flow '{0}' runs inline in the record write ({1}), but step '{2}' {3}; use an after_* event for work that waits, or remove the step",
            Triggers, FlowSeverity.Error);

        public static readonly FlowRule UntypedInput = new(
            "AUTO5004", "Manual input has no type",
            "Input '{0}' has no type, so a manual start cannot validate it; add \"type\": \"string\" (or another type: {1})",
            Triggers, FlowSeverity.Error);

        public static readonly FlowRule UnjournaledSuspension = new(
            "AUTO5005", "A flow without a journal cannot suspend",
            "Flow '{0}' has journal mode 'none', but step '{1}' {2} and a suspended run lives only in its journal; use journal mode 'checkpoint' or 'durable'",
            Triggers, FlowSeverity.Error);

        public static readonly FlowRule TwoTriggers = new(
            "AUTO5006", "Flow has more than one trigger",
            "Flow '{0}' already has a trigger; a flow has one trigger (SPEC §6): remove this one, or move it to a flow of its own that runs the same steps as a subflow",
            Triggers, FlowSeverity.Error);

        public static readonly FlowRule DuplicateStepId = new(
            "AUTO3001", "Duplicate step id",
            "Step id '{0}' is used twice in flow '{1}'; every step id must be unique in its flow",
            Scope, FlowSeverity.Error);

        public static readonly FlowRule ItemOutsideForEach = new(
            "AUTO3002", "item or index used outside the foreach body",
            "'{0}' {1}; use it only in the 'each' steps of a foreach, or keep what you need in a variable",
            Scope, FlowSeverity.Error);

        public static readonly FlowRule UndefinedVariable = new(
            "AUTO3003", "Undefined variable",
            "Variable '{0}' used by step '{1}' is not declared; add [Variable(\"{0}\", typeof(...))] to the flow",
            Scope, FlowSeverity.Error);

        public static readonly FlowRule UnknownStepOutput = new(
            "AUTO3004", "Output of an unknown step",
            "Step '{0}' reads the output of '{1}', which is not a step of this flow",
            Scope, FlowSeverity.Error);

        public static readonly FlowRule OutputOfParallelItem = new(
            "AUTO3005", "Output of a step inside a parallel foreach body",
            "Step '{0}' reads the output of '{1}', which runs once per item inside parallel foreach '{2}'; its output only exists inside that body",
            Scope, FlowSeverity.Error);

        public static readonly FlowRule StepHasNoOutput = new(
            "AUTO4001", "Step has no output",
            "Step '{0}' reads the output of '{1}', which returns nothing",
            Types, FlowSeverity.Error);

        public static readonly FlowRule OutputTypeMismatch = new(
            "AUTO4002", "Output type mismatch",
            "Step '{0}' reads the output of '{1}' as {2}, but it is {3}",
            Types, FlowSeverity.Error);

        public static readonly FlowRule VariableTypeMismatch = new(
            "AUTO4003", "Variable type mismatch",
            "Step '{0}' uses variable '{1}' as {2}, but it is declared as {3}",
            Types, FlowSeverity.Error);

        public static readonly FlowRule DuplicateFlow = new(
            "AUTO0013", "Duplicate flow id and version",
            "Flow '{0}' version {1} is declared twice in this compilation",
            Authoring, FlowSeverity.Error);

        public static readonly FlowRule JsonSyntax = new(
            "AUTO1001", "The flow file is not valid JSON",
            "{0}",
            Json, FlowSeverity.Error);

        public static readonly FlowRule JsonUnknownProperty = new(
            "AUTO1002", "Unknown property",
            "{0} has no property '{1}'{2}",
            Json, FlowSeverity.Error);

        public static readonly FlowRule JsonWrongType = new(
            "AUTO1003", "Property has the wrong kind of value",
            "'{0}' must be {1}, not {2}",
            Json, FlowSeverity.Error);

        public static readonly FlowRule JsonMissingProperty = new(
            "AUTO1004", "Required property is missing",
            "{0} needs the property '{1}'{2}",
            Json, FlowSeverity.Error);

        public static readonly FlowRule JsonDuplicateProperty = new(
            "AUTO1005", "Property written twice",
            "'{0}' is written twice in this object; keep one",
            Json, FlowSeverity.Error);

        public static readonly FlowRule JsonUnknownStepType = new(
            "AUTO1006", "Unknown step type",
            "'{0}' is not a step type{1}; use one of: {2}",
            Json, FlowSeverity.Error);

        public static readonly FlowRule JsonInvalidValue = new(
            "AUTO1007", "Invalid value",
            "'{0}': {1}",
            Json, FlowSeverity.Error);

        public static readonly FlowRule UnknownAction = new(
            "AUTO1101", "Unknown action",
            "No [FlowAction(\"{0}\")] in this project{1}",
            Json, FlowSeverity.Error);

        public static readonly FlowRule UnknownActionInput = new(
            "AUTO1102", "Unknown action input",
            "Action '{0}' has no input '{1}'{2}; its inputs are: {3}",
            Json, FlowSeverity.Error);

        public static readonly FlowRule MissingActionInput = new(
            "AUTO1103", "Missing action input",
            "Step '{0}' does not give action '{1}' its input '{2}' ({3}); add it to \"inputs\"",
            Json, FlowSeverity.Error);

        public static readonly FlowRule ActionInputTypeMismatch = new(
            "AUTO1104", "Action input has the wrong type",
            "{0} is {1}: {2}",
            Json, FlowSeverity.Error);

        public static readonly FlowRule DuplicateActionName = new(
            "AUTO1105", "Two actions share a name",
            "Action name '{0}' is declared by both {1} and {2}; give each its own name",
            Json, FlowSeverity.Error);

        public static readonly FlowRule ActionCannotBeBound = new(
            "AUTO1106", "Action cannot be bound",
            "Action '{0}' cannot be called from a flow: {1}",
            Json, FlowSeverity.Error);

        public static readonly FlowRule ExpressionSyntax = new(
            "AUTO1201", "Expression syntax error",
            "CEL syntax error in '{0}': {1}",
            Json, FlowSeverity.Error);

        public static readonly FlowRule ExpressionType = new(
            "AUTO1202", "Expression does not type-check",
            "{0}",
            Json, FlowSeverity.Error);

        private const string Lifecycle = "Automations.Lifecycle";

        public static readonly FlowRule LifecycleClassShape = new(
            "AUTO6001", "Lifecycle class has the wrong shape",
            "Lifecycle class '{0}' must be a non-static, non-generic 'partial' class that declares no base class: the generator makes it a LifecycleTemplate<{1}>",
            Lifecycle, FlowSeverity.Error);

        public static readonly FlowRule MissingTransit = new(
            "AUTO6002", "Action has no transit state",
            "Action '{0}' has no transit state; set {1} to the state the entity shows while the action runs (such as '{2}') and declare that state",
            Lifecycle, FlowSeverity.Error);

        public static readonly FlowRule UnknownLifecycleState = new(
            "AUTO6003", "Action names a state the template does not declare",
            "Action '{0}' names {1} state '{2}', which lifecycle '{3}' does not declare; {4}",
            Lifecycle, FlowSeverity.Error);

        public static readonly FlowRule DuplicateActionReference = new(
            "AUTO6004", "Two actions share a reference",
            "Actions '{0}' and '{1}' both have reference '{2}'{3}; a reference names one action of the template, so give one of them its own Reference",
            Lifecycle, FlowSeverity.Error);

        public static readonly FlowRule DuplicateActionFromState = new(
            "AUTO6005", "Two actions with one name from one state",
            "Actions '{0}' and '{1}' are both called '{2}' from {3}; the name picks the action offered there, so rename one of them",
            Lifecycle, FlowSeverity.Error);

        public static readonly FlowRule UnreachableLifecycleState = new(
            "AUTO6006", "State cannot be reached from a create action",
            "State '{0}' cannot be reached from any create action of lifecycle '{1}'{2}; add an action that leads to it, or remove it",
            Lifecycle, FlowSeverity.Warning);

        public static readonly FlowRule DeadEndLifecycleState = new(
            "AUTO6007", "State has no way out and is not final",
            "An entity in state '{0}' has no action leading out of it; add an action from '{0}', or mark the state final ({1})",
            Lifecycle, FlowSeverity.Warning);

        public static readonly FlowRule UnknownActionFlow = new(
            "AUTO6008", "Action's flow does not exist",
            "Action '{0}' runs {1}, which is not a flow of this project; {2}",
            Lifecycle, FlowSeverity.Error);

        public static readonly FlowRule ActionFlowInputMismatch = new(
            "AUTO6009", "Action's flow takes another input",
            "Action '{0}' runs flow '{1}', which takes a {2}; the flow of a lifecycle action gets the entity as input, so it must take a {3} (or a type {3} derives from, or no input)",
            Lifecycle, FlowSeverity.Error);

        public static readonly FlowRule DuplicateLifecycleState = new(
            "AUTO6010", "State declared twice or without a name",
            "{0}",
            Lifecycle, FlowSeverity.Error);

        public static readonly FlowRule UnknownEntityType = new(
            "AUTO6011", "Entity type does not exist",
            "Lifecycle '{0}' governs entities of type '{1}', which this project does not know; {2}",
            Lifecycle, FlowSeverity.Error);

        public static readonly FlowRule DuplicateLifecycle = new(
            "AUTO6012", "Two lifecycle templates share an id",
            "Lifecycle id '{0}' is declared by '{1}' and by '{2}'; a host finds templates by id, so give one of them another id",
            Lifecycle, FlowSeverity.Error);

        public static readonly FlowRule InvalidLifecycleId = new(
            "AUTO6013", "Lifecycle id is empty or padded",
            "Lifecycle '{0}' has the id '{1}'; give it a non-empty id without leading or trailing spaces, such as 'server'",
            Lifecycle, FlowSeverity.Error);

        public static readonly FlowRule UnnamedLifecycleAction = new(
            "AUTO6014", "Action has no name",
            "An action of lifecycle '{0}' has no name; give it the name people see, such as 'Start' (its reference is generated from the name unless written)",
            Lifecycle, FlowSeverity.Error);

        private const string Safeguards = "Automations.Safeguards";

        public static readonly FlowRule ThrottleLimitTooLow = new(
            "AUTO7001", "Throttle limit is less than 1",
            "The throttle's limit is {0}; a throttle lets at least 1 start through per window: write the most starts per window, such as 10",
            Safeguards, FlowSeverity.Error);

        public static readonly FlowRule InvalidThrottleWindow = new(
            "AUTO7002", "Throttle window is not a positive TimeSpan",
            "'{0}' is not a throttle window; write a positive TimeSpan in invariant format: \"00:01:00\" for a minute, \"01:00:00\" for an hour, \"1.00:00:00\" for a day{1}",
            Safeguards, FlowSeverity.Error);

        public static readonly FlowRule TriggerThrottleWithoutTrigger = new(
            "AUTO7003", "Trigger-scoped throttle on a flow without a trigger",
            "Flow '{0}' has no trigger (it is started manually), so a throttle that counts only its trigger's starts would count nothing; use scope {1} (every start), or give the flow a trigger",
            Safeguards, FlowSeverity.Error);

        public static readonly FlowRule InvalidConcurrency = new(
            "AUTO7004", "Cap on runs in flight is out of range",
            "{0} is {1}; {2}",
            Safeguards, FlowSeverity.Error);

        public static readonly FlowRule InvalidTimeBudget = new(
            "AUTO7005", "Time budget is not a positive TimeSpan",
            "'{0}' is not a time budget; write a positive TimeSpan in invariant format, such as \"00:05:00\" for five minutes or \"1.00:00:00\" for a day{1}",
            Safeguards, FlowSeverity.Error);

        public static readonly FlowRule InvalidCostBudget = new(
            "AUTO7006", "Cost budget is out of range",
            "{0} is {1}; {2}",
            Safeguards, FlowSeverity.Error);

        public static readonly FlowRule NegativeActionCost = new(
            "AUTO7007", "Action cost is negative",
            "Action '{0}' costs {1}; a cost is what one call spends of a flow's cost budget, so write 0 (free) or more",
            Safeguards, FlowSeverity.Error);

        public static readonly FlowRule CostBudgetWithoutCosts = new(
            "AUTO7008", "Cost budget on a flow that spends nothing",
            "Flow '{0}' has a cost budget of {1}, but {2}, so the budget can never be spent; give its actions a cost ([FlowAction(\"name\", Cost = 10)]) or let them report one through StepContext.ReportCost, or remove the budget",
            Safeguards, FlowSeverity.Warning);

        public static readonly FlowRule ActionNotAllowed = new(
            "AUTO7009", "Action not allowed by the action policy",
            "Flow '{0}' may not call action '{1}' ({2}): {3} allows {4}; call an allowed action, or add a pattern for it to the policy",
            Safeguards, FlowSeverity.Error);

        public static readonly FlowRule InvalidPolicyFile = new(
            "AUTO7010", "Action policy file is invalid",
            "Action policy {0}: {1}",
            Safeguards, FlowSeverity.Error);

        private const string CodeSteps = "Automations.CodeSteps";

        public static readonly FlowRule CodeStepLanguage = new(
            "AUTO8002", "A code step's language is not csharp",
            "Code step '{0}' is written in '{1}'; code steps are compiled into the flow as C#, so write the snippet in C# and set \"language\": \"csharp\" (or leave 'language' out)",
            CodeSteps, FlowSeverity.Error);

        public static readonly FlowRule CodeStepWithoutCode = new(
            "AUTO8003", "A code step has no code",
            "Code step '{0}' has no code; write C# statements in 'code', such as \"return inputs.Amount * 2;\"",
            CodeSteps, FlowSeverity.Error);

        private const string Ai = "Automations.AI";

        public static readonly FlowRule LlmStepInBeforeRecordFlow = new(
            "AUTO8101", "An LLM step cannot run inside a record write",
            "Flow '{0}' runs inline in the record write ({1}), but step '{2}' calls a chat model; use an after_* event for LLM steps",
            Ai, FlowSeverity.Error);

        public static readonly FlowRule LlmOutputTypeNotUsable = new(
            "AUTO8102", "LLM output type not found or not usable",
            "LLM step '{0}' names the output type '{1}', which {2}",
            Ai, FlowSeverity.Error);

        public static readonly FlowRule LlmStepWithoutChatClient = new(
            "AUTO8103", "LLM step in a flow without a chat client",
            "Flow '{0}' has LLM step '{1}' but no chat client to ask; add a field or property of type Microsoft.Extensions.AI.IChatClient, set from the flow's constructor",
            Ai, FlowSeverity.Error);

        public static readonly FlowRule FrontEndFailure = new(
            "AUTO9002", "The flow could not be read",
            "Flow class '{0}' could not be read ({1}); please report this with the flow's source",
            "Automations.Internal", FlowSeverity.Error);

        public static IReadOnlyList<FlowRule> All { get; } = new[]
        {
            FlowClassNotPartial, EmptyFlow, UnsupportedParameter, DuplicateOrder, UnknownParent, InvalidEndpoint,
            InvalidSignature, InvalidRetry, UnknownCompensationTarget, SuspensionInParallel, FlowNotInstantiable,
            DuplicateCompensation, DuplicateFlow, NestedConcurrency, ParentCycle, InvalidFlowId,
            GotoTargetMissing, GotoFromOccupiedSlot, GotoAcrossBoundary, GotoToSelf, RunTargetMissing, RunAcrossBoundary,
            EndlessGotoLoop, StandaloneNeverReached, UnreachableAfterStop, UnboundedRunRecursion,
            DuplicateStepId, ItemOutsideForEach, UndefinedVariable, UnknownStepOutput, OutputOfParallelItem, OutputNotGuaranteed,
            StepHasNoOutput, OutputTypeMismatch, VariableTypeMismatch, SecretWouldBeLogged,
            InvalidCron, UnknownTimeZone, BeforeRecordFlowSuspends, UntypedInput, UnjournaledSuspension, TwoTriggers,
            JsonSyntax, JsonUnknownProperty, JsonWrongType, JsonMissingProperty, JsonDuplicateProperty, JsonUnknownStepType,
            JsonInvalidValue, UnknownAction, UnknownActionInput, MissingActionInput, ActionInputTypeMismatch,
            DuplicateActionName, ActionCannotBeBound, ExpressionSyntax, ExpressionType,
            LifecycleClassShape, MissingTransit, UnknownLifecycleState, DuplicateActionReference, DuplicateActionFromState,
            UnreachableLifecycleState, DeadEndLifecycleState, UnknownActionFlow, ActionFlowInputMismatch, DuplicateLifecycleState,
            UnknownEntityType, DuplicateLifecycle, InvalidLifecycleId, UnnamedLifecycleAction,
            ThrottleLimitTooLow, InvalidThrottleWindow, TriggerThrottleWithoutTrigger, InvalidConcurrency, InvalidTimeBudget,
            InvalidCostBudget, NegativeActionCost, CostBudgetWithoutCosts, ActionNotAllowed, InvalidPolicyFile,
            CodeStepLanguage, CodeStepWithoutCode,
            LlmStepInBeforeRecordFlow, LlmOutputTypeNotUsable, LlmStepWithoutChatClient,
            FrontEndFailure,
        };

        public static FlowDiagnostic Create(FlowRule rule, SourceSpan? location, params object[] args)
            => new(rule.Id, string.Format(CultureInfo.InvariantCulture, rule.MessageFormat, args), rule.Severity, location);
    }
}
