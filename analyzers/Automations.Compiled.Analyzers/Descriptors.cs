// Descriptors for the shared catalog (src/Shared/Validation/DiagnosticCatalog.cs), written out with
// literal ids so release tracking (AnalyzerReleases.*.md) can see them. A test keeps the two in step.
using Microsoft.CodeAnalysis;

namespace Automations.Compiled.Analyzers
{
    internal static partial class Descriptors
    {
        public static readonly DiagnosticDescriptor ThrottleLimitTooLow = new("AUTO7001", "Throttle limit is less than 1", "{0}", "Automations.Safeguards", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO7001.md");

        public static readonly DiagnosticDescriptor InvalidThrottleWindow = new("AUTO7002", "Throttle window is not a positive TimeSpan", "{0}", "Automations.Safeguards", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO7002.md");

        public static readonly DiagnosticDescriptor TriggerThrottleWithoutTrigger = new("AUTO7003", "Trigger-scoped throttle on a flow without a trigger", "{0}", "Automations.Safeguards", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO7003.md");

        public static readonly DiagnosticDescriptor InvalidConcurrency = new("AUTO7004", "Cap on runs in flight is out of range", "{0}", "Automations.Safeguards", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO7004.md");

        public static readonly DiagnosticDescriptor InvalidTimeBudget = new("AUTO7005", "Time budget is not a positive TimeSpan", "{0}", "Automations.Safeguards", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO7005.md");

        public static readonly DiagnosticDescriptor InvalidCostBudget = new("AUTO7006", "Cost budget is out of range", "{0}", "Automations.Safeguards", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO7006.md");

        public static readonly DiagnosticDescriptor NegativeActionCost = new("AUTO7007", "Action cost is negative", "{0}", "Automations.Safeguards", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO7007.md");

        public static readonly DiagnosticDescriptor CostBudgetWithoutCosts = new("AUTO7008", "Cost budget on a flow that spends nothing", "{0}", "Automations.Safeguards", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO7008.md");

        public static readonly DiagnosticDescriptor ActionNotAllowed = new("AUTO7009", "Action not allowed by the action policy", "{0}", "Automations.Safeguards", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO7009.md");

        public static readonly DiagnosticDescriptor InvalidPolicyFile = new("AUTO7010", "Action policy file is invalid", "{0}", "Automations.Safeguards", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO7010.md");

        public static readonly DiagnosticDescriptor LlmStepInBeforeRecordFlow = new("AUTO8101", "An LLM step cannot run inside a record write", "{0}", "Automations.AI", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO8101.md");

        public static readonly DiagnosticDescriptor LlmOutputTypeNotUsable = new("AUTO8102", "LLM output type not found or not usable", "{0}", "Automations.AI", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO8102.md");

        public static readonly DiagnosticDescriptor LlmStepWithoutChatClient = new("AUTO8103", "LLM step in a flow without a chat client", "{0}", "Automations.AI", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO8103.md");

        public static readonly DiagnosticDescriptor FlowClassNotPartial = new("AUTO0001", "Flow class must be partial", "{0}", "Automations.Authoring", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO0001.md");

        public static readonly DiagnosticDescriptor EmptyFlow = new("AUTO0002", "Flow has no steps", "{0}", "Automations.Authoring", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO0002.md");

        public static readonly DiagnosticDescriptor UnsupportedParameter = new("AUTO0003", "Step parameter cannot be bound", "{0}", "Automations.Authoring", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO0003.md");

        public static readonly DiagnosticDescriptor DuplicateOrder = new("AUTO0004", "Two steps share an order in one scope", "{0}", "Automations.Authoring", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO0004.md");

        public static readonly DiagnosticDescriptor UnknownParent = new("AUTO0005", "Parent step does not exist", "{0}", "Automations.Authoring", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO0005.md");

        public static readonly DiagnosticDescriptor InvalidEndpoint = new("AUTO0006", "Endpoint does not exist on this kind of step", "{0}", "Automations.Authoring", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO0006.md");

        public static readonly DiagnosticDescriptor InvalidSignature = new("AUTO0007", "Step method has the wrong shape", "{0}", "Automations.Authoring", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO0007.md");

        public static readonly DiagnosticDescriptor InvalidRetry = new("AUTO0008", "Retry policy is invalid", "{0}", "Automations.Authoring", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO0008.md");

        public static readonly DiagnosticDescriptor UnknownCompensationTarget = new("AUTO0009", "Compensation targets an unknown step", "{0}", "Automations.Authoring", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO0009.md");

        public static readonly DiagnosticDescriptor SuspensionInParallel = new("AUTO0010", "A run cannot suspend inside concurrent work", "{0}", "Automations.Authoring", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO0010.md");

        public static readonly DiagnosticDescriptor FlowNotInstantiable = new("AUTO0011", "Flow class cannot be generic or static", "{0}", "Automations.Authoring", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO0011.md");

        public static readonly DiagnosticDescriptor DuplicateCompensation = new("AUTO0012", "Step has two compensations", "{0}", "Automations.Authoring", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO0012.md");

        public static readonly DiagnosticDescriptor DuplicateFlow = new("AUTO0013", "Duplicate flow id and version", "{0}", "Automations.Authoring", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO0013.md", customTags: WellKnownDiagnosticTags.CompilationEnd);

        public static readonly DiagnosticDescriptor NestedConcurrency = new("AUTO0014", "Concurrent work inside concurrent work", "{0}", "Automations.Authoring", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO0014.md");

        public static readonly DiagnosticDescriptor GotoTargetMissing = new("AUTO2001", "Goto target does not exist", "{0}", "Automations.Goto", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO2001.md");

        public static readonly DiagnosticDescriptor GotoFromOccupiedSlot = new("AUTO2002", "Goto from a slot that already has a successor", "{0}", "Automations.Goto", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO2002.md");

        public static readonly DiagnosticDescriptor GotoAcrossBoundary = new("AUTO2003", "Goto crosses a foreach body or parallel branch", "{0}", "Automations.Goto", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO2003.md");

        public static readonly DiagnosticDescriptor GotoToSelf = new("AUTO2004", "Goto to its own step", "{0}", "Automations.Goto", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO2004.md");

        public static readonly DiagnosticDescriptor RunTargetMissing = new("AUTO2005", "Run target does not exist", "{0}", "Automations.Goto", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO2005.md");

        public static readonly DiagnosticDescriptor RunAcrossBoundary = new("AUTO2006", "Run step leaves its parallel branch", "{0}", "Automations.Goto", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO2006.md");

        public static readonly DiagnosticDescriptor EndlessGotoLoop = new("AUTO2007", "Goto loop that can never end", "{0}", "Automations.Goto", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO2007.md");

        public static readonly DiagnosticDescriptor StandaloneNeverReached = new("AUTO2008", "Standalone step is never reached", "{0}", "Automations.Goto", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO2008.md");

        public static readonly DiagnosticDescriptor UnreachableAfterStop = new("AUTO2009", "Step after a stop never runs", "{0}", "Automations.Goto", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO2009.md");

        public static readonly DiagnosticDescriptor UnboundedRunRecursion = new("AUTO2010", "Run step calls itself without bound", "{0}", "Automations.Goto", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO2010.md");

        public static readonly DiagnosticDescriptor OutputNotGuaranteed = new("AUTO3006", "Output read where the step may not have run", "{0}", "Automations.Scope", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO3006.md");

        public static readonly DiagnosticDescriptor SecretWouldBeLogged = new("AUTO4004", "Secret used where it would be recorded", "{0}", "Automations.Types", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO4004.md");

        public static readonly DiagnosticDescriptor InvalidCron = new("AUTO5001", "Invalid cron expression", "{0}", "Automations.Triggers", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO5001.md");

        public static readonly DiagnosticDescriptor UnknownTimeZone = new("AUTO5002", "Unknown time zone", "{0}", "Automations.Triggers", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO5002.md");

        public static readonly DiagnosticDescriptor BeforeRecordFlowSuspends = new("AUTO5003", "A before_* record flow cannot suspend", "{0}", "Automations.Triggers", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO5003.md");

        public static readonly DiagnosticDescriptor UntypedInput = new("AUTO5004", "Manual input has no type", "{0}", "Automations.Triggers", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO5004.md");

        public static readonly DiagnosticDescriptor UnjournaledSuspension = new("AUTO5005", "A flow without a journal cannot suspend", "{0}", "Automations.Triggers", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO5005.md");

        public static readonly DiagnosticDescriptor TwoTriggers = new("AUTO5006", "Flow has more than one trigger", "{0}", "Automations.Triggers", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO5006.md");

        public static readonly DiagnosticDescriptor DuplicateStepId = new("AUTO3001", "Duplicate step id", "{0}", "Automations.Scope", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO3001.md");

        public static readonly DiagnosticDescriptor ItemOutsideForEach = new("AUTO3002", "item or index used outside the foreach body", "{0}", "Automations.Scope", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO3002.md");

        public static readonly DiagnosticDescriptor UndefinedVariable = new("AUTO3003", "Undefined variable", "{0}", "Automations.Scope", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO3003.md");

        public static readonly DiagnosticDescriptor UnknownStepOutput = new("AUTO3004", "Output of an unknown step", "{0}", "Automations.Scope", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO3004.md");

        public static readonly DiagnosticDescriptor OutputOfParallelItem = new("AUTO3005", "Output of a step inside a parallel foreach body", "{0}", "Automations.Scope", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO3005.md");

        public static readonly DiagnosticDescriptor StepHasNoOutput = new("AUTO4001", "Step has no output", "{0}", "Automations.Types", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO4001.md");

        public static readonly DiagnosticDescriptor OutputTypeMismatch = new("AUTO4002", "Output type mismatch", "{0}", "Automations.Types", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO4002.md");

        public static readonly DiagnosticDescriptor VariableTypeMismatch = new("AUTO4003", "Variable type mismatch", "{0}", "Automations.Types", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO4003.md");

        public static readonly DiagnosticDescriptor FrontEndFailure = new("AUTO9002", "The flow could not be read", "{0}", "Automations.Internal", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO9002.md");

        public static readonly DiagnosticDescriptor ParentCycle = new("AUTO0015", "Steps nested under each other", "{0}", "Automations.Authoring", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO0015.md");

        public static readonly DiagnosticDescriptor InvalidFlowId = new("AUTO0016", "Flow id is empty or padded", "{0}", "Automations.Authoring", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO0016.md");

        public static readonly DiagnosticDescriptor JsonSyntax = new("AUTO1001", "The flow file is not valid JSON", "{0}", "Automations.Json", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO1001.md");

        public static readonly DiagnosticDescriptor JsonUnknownProperty = new("AUTO1002", "Unknown property", "{0}", "Automations.Json", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO1002.md");

        public static readonly DiagnosticDescriptor JsonWrongType = new("AUTO1003", "Property has the wrong kind of value", "{0}", "Automations.Json", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO1003.md");

        public static readonly DiagnosticDescriptor JsonMissingProperty = new("AUTO1004", "Required property is missing", "{0}", "Automations.Json", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO1004.md");

        public static readonly DiagnosticDescriptor JsonDuplicateProperty = new("AUTO1005", "Property written twice", "{0}", "Automations.Json", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO1005.md");

        public static readonly DiagnosticDescriptor JsonUnknownStepType = new("AUTO1006", "Unknown step type", "{0}", "Automations.Json", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO1006.md");

        public static readonly DiagnosticDescriptor JsonInvalidValue = new("AUTO1007", "Invalid value", "{0}", "Automations.Json", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO1007.md");

        public static readonly DiagnosticDescriptor UnknownAction = new("AUTO1101", "Unknown action", "{0}", "Automations.Json", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO1101.md");

        public static readonly DiagnosticDescriptor UnknownActionInput = new("AUTO1102", "Unknown action input", "{0}", "Automations.Json", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO1102.md");

        public static readonly DiagnosticDescriptor MissingActionInput = new("AUTO1103", "Missing action input", "{0}", "Automations.Json", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO1103.md");

        public static readonly DiagnosticDescriptor ActionInputTypeMismatch = new("AUTO1104", "Action input has the wrong type", "{0}", "Automations.Json", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO1104.md");

        public static readonly DiagnosticDescriptor DuplicateActionName = new("AUTO1105", "Two actions share a name", "{0}", "Automations.Json", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO1105.md", customTags: WellKnownDiagnosticTags.CompilationEnd);

        public static readonly DiagnosticDescriptor ActionCannotBeBound = new("AUTO1106", "Action cannot be bound", "{0}", "Automations.Json", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO1106.md");

        public static readonly DiagnosticDescriptor ExpressionSyntax = new("AUTO1201", "Expression syntax error", "{0}", "Automations.Json", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO1201.md");

        public static readonly DiagnosticDescriptor ExpressionType = new("AUTO1202", "Expression does not type-check", "{0}", "Automations.Json", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO1202.md");

        public static readonly DiagnosticDescriptor LifecycleClassShape = new("AUTO6001", "Lifecycle class has the wrong shape", "{0}", "Automations.Lifecycle", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO6001.md");

        public static readonly DiagnosticDescriptor MissingTransit = new("AUTO6002", "Action has no transit state", "{0}", "Automations.Lifecycle", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO6002.md");

        public static readonly DiagnosticDescriptor UnknownLifecycleState = new("AUTO6003", "Action names a state the template does not declare", "{0}", "Automations.Lifecycle", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO6003.md");

        public static readonly DiagnosticDescriptor DuplicateActionReference = new("AUTO6004", "Two actions share a reference", "{0}", "Automations.Lifecycle", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO6004.md");

        public static readonly DiagnosticDescriptor DuplicateActionFromState = new("AUTO6005", "Two actions with one name from one state", "{0}", "Automations.Lifecycle", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO6005.md");

        public static readonly DiagnosticDescriptor UnreachableLifecycleState = new("AUTO6006", "State cannot be reached from a create action", "{0}", "Automations.Lifecycle", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO6006.md");

        public static readonly DiagnosticDescriptor DeadEndLifecycleState = new("AUTO6007", "State has no way out and is not final", "{0}", "Automations.Lifecycle", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO6007.md");

        public static readonly DiagnosticDescriptor UnknownActionFlow = new("AUTO6008", "Action's flow does not exist", "{0}", "Automations.Lifecycle", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO6008.md", customTags: WellKnownDiagnosticTags.CompilationEnd);

        public static readonly DiagnosticDescriptor ActionFlowInputMismatch = new("AUTO6009", "Action's flow takes another input", "{0}", "Automations.Lifecycle", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO6009.md", customTags: WellKnownDiagnosticTags.CompilationEnd);

        public static readonly DiagnosticDescriptor DuplicateLifecycleState = new("AUTO6010", "State declared twice or without a name", "{0}", "Automations.Lifecycle", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO6010.md");

        public static readonly DiagnosticDescriptor UnknownEntityType = new("AUTO6011", "Entity type does not exist", "{0}", "Automations.Lifecycle", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO6011.md", customTags: WellKnownDiagnosticTags.CompilationEnd);

        public static readonly DiagnosticDescriptor DuplicateLifecycle = new("AUTO6012", "Two lifecycle templates share an id", "{0}", "Automations.Lifecycle", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO6012.md", customTags: WellKnownDiagnosticTags.CompilationEnd);

        public static readonly DiagnosticDescriptor InvalidLifecycleId = new("AUTO6013", "Lifecycle id is empty or padded", "{0}", "Automations.Lifecycle", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO6013.md");

        public static readonly DiagnosticDescriptor UnnamedLifecycleAction = new("AUTO6014", "Action has no name", "{0}", "Automations.Lifecycle", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO6014.md");

        public static readonly DiagnosticDescriptor CodeStepLanguage = new("AUTO8002", "A code step's language is not csharp", "{0}", "Automations.CodeSteps", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO8002.md");

        public static readonly DiagnosticDescriptor CodeStepWithoutCode = new("AUTO8003", "A code step has no code", "{0}", "Automations.CodeSteps", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO8003.md");

        private static readonly DiagnosticDescriptor[] Declared =
        {
            FlowClassNotPartial,
            EmptyFlow,
            UnsupportedParameter,
            DuplicateOrder,
            UnknownParent,
            InvalidEndpoint,
            InvalidSignature,
            InvalidRetry,
            UnknownCompensationTarget,
            SuspensionInParallel,
            FlowNotInstantiable,
            DuplicateCompensation,
            DuplicateFlow,
            NestedConcurrency,
            ParentCycle,
            InvalidFlowId,
            GotoTargetMissing,
            GotoFromOccupiedSlot,
            GotoAcrossBoundary,
            GotoToSelf,
            RunTargetMissing,
            RunAcrossBoundary,
            DuplicateStepId,
            ItemOutsideForEach,
            UndefinedVariable,
            UnknownStepOutput,
            OutputOfParallelItem,
            StepHasNoOutput,
            OutputTypeMismatch,
            VariableTypeMismatch,
            JsonSyntax,
            JsonUnknownProperty,
            JsonWrongType,
            JsonMissingProperty,
            JsonDuplicateProperty,
            JsonUnknownStepType,
            JsonInvalidValue,
            UnknownAction,
            UnknownActionInput,
            MissingActionInput,
            ActionInputTypeMismatch,
            DuplicateActionName,
            ActionCannotBeBound,
            ExpressionSyntax,
            ExpressionType,
            FrontEndFailure,
            EndlessGotoLoop,
            StandaloneNeverReached,
            UnreachableAfterStop,
            UnboundedRunRecursion,
            OutputNotGuaranteed,
            SecretWouldBeLogged,
            InvalidCron,
            UnknownTimeZone,
            BeforeRecordFlowSuspends,
            UntypedInput,
            UnjournaledSuspension,
            TwoTriggers,
            LifecycleClassShape,
            MissingTransit,
            UnknownLifecycleState,
            DuplicateActionReference,
            DuplicateActionFromState,
            UnreachableLifecycleState,
            DeadEndLifecycleState,
            UnknownActionFlow,
            ActionFlowInputMismatch,
            DuplicateLifecycleState,
            UnknownEntityType,
            DuplicateLifecycle,
            InvalidLifecycleId,
            UnnamedLifecycleAction,
            ThrottleLimitTooLow,
            InvalidThrottleWindow,
            TriggerThrottleWithoutTrigger,
            InvalidConcurrency,
            InvalidTimeBudget,
            InvalidCostBudget,
            NegativeActionCost,
            CostBudgetWithoutCosts,
            ActionNotAllowed,
            InvalidPolicyFile,
            CodeStepLanguage,
            CodeStepWithoutCode,
            LlmStepInBeforeRecordFlow,
            LlmOutputTypeNotUsable,
            LlmStepWithoutChatClient,
        };
    }
}
