namespace Automations.Compiled.CSharp
{
    /// <summary>Metadata names of the runtime types the C# front end recognises.</summary>
    internal static class KnownNames
    {
        public const string Namespace = "Automations.Compiled";
        public const string FlowAttribute = "Automations.Compiled.FlowAttribute";
        public const string FlowActionAttribute = "Automations.Compiled.FlowActionAttribute";
        public const string LlmSchemaAttribute = "Automations.Compiled.LlmSchemaAttribute";
        public const string LlmOutput = "Automations.Compiled.LlmOutput";
        public const string ChatClientType = "global::Microsoft.Extensions.AI.IChatClient";
        public const string LifecycleAttribute = "Automations.Compiled.LifecycleAttribute";
        public const string LifecycleStateAttribute = "Automations.Compiled.LifecycleStateAttribute";
        public const string LifecycleActionAttribute = "Automations.Compiled.LifecycleActionAttribute";
        public const string FlowRecordMetadata = "Automations.Compiled.FlowRecord";
        public const string StepAttribute = "Automations.Compiled.StepAttribute";
        public const string VariableAttribute = "Automations.Compiled.VariableAttribute";
        public const string GotoAttribute = "Automations.Compiled.GotoAttribute";
        public const string RetryAttribute = "Automations.Compiled.RetryAttribute";
        public const string CompensateAttribute = "Automations.Compiled.CompensateAttribute";
        public const string FromStepAttribute = "Automations.Compiled.FromStepAttribute";
        public const string VarAttribute = "Automations.Compiled.VarAttribute";
        public const string ItemAttribute = "Automations.Compiled.ItemAttribute";
        public const string IndexAttribute = "Automations.Compiled.IndexAttribute";
        public const string SecretAttribute = "Automations.Compiled.SecretAttribute";
        public const string ThrottleAttribute = "Automations.Compiled.ThrottleAttribute";
        public const string TriggerAttribute = "Automations.Compiled.TriggerAttribute";
        public const string FlowInterface = "Automations.Compiled.IFlow`1";
        public const string StepContext = "Automations.Compiled.StepContext";
        public const string FlowTrigger = "Automations.Compiled.FlowTrigger";
        public const string WaitSpec = "Automations.Compiled.WaitSpec";
        public const string RecordQuery = "Automations.Compiled.RecordQuery";
        public const string RecordChange = "Automations.Compiled.RecordChange";

        public const string GlobalBool = "global::System.Boolean";
        public const string GlobalString = "global::System.String";
        public const string GlobalObject = "global::System.Object";
        public const string GlobalInt = "global::System.Int32";
        public const string WaitSpecType = "global::Automations.Compiled.WaitSpec";
        public const string ApprovalDecisionType = "global::Automations.Compiled.ApprovalDecision";
        public const string RecordListType = "global::System.Collections.Generic.IReadOnlyList<global::Automations.Compiled.FlowRecord>";
        public const string RecordType = "global::Automations.Compiled.FlowRecord";
        public const string RecordQueryType = "global::Automations.Compiled.RecordQuery";
        public const string RecordChangeType = "global::Automations.Compiled.RecordChange";
        public const string FieldsType = "global::System.Collections.Generic.IReadOnlyDictionary<global::System.String, global::System.Object>";
    }
}
