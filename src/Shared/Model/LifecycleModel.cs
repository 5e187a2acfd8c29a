using Automations.Compiled.Validation;

namespace Automations.Compiled.Model
{
    /// <summary>
    /// The one model of a lifecycle template (SPEC §7). The C# front end (<c>[Lifecycle]</c> classes) and the JSON
    /// front end (<c>*.lifecycle.json</c>) both produce it; <see cref="LifecycleValidator"/> checks it; the emitter
    /// turns it into a transition table. Holds no Roslyn object.
    /// </summary>
    internal sealed record LifecycleModel
    {
        public string Id { get; init; } = "";

        /// <summary>Where the id is written (the attribute argument, the JSON string): duplicate ids are reported there.</summary>
        public SourceSpan? IdLocation { get; init; }

        public string? Description { get; init; }

        public FlowOrigin Origin { get; init; }

        /// <summary>Namespace of the generated partial class; null for the global namespace.</summary>
        public string? Namespace { get; init; }

        /// <summary>Simple name of the template class.</summary>
        public string TypeName { get; init; } = "";

        /// <summary>Declarations of the types that contain the class, outermost first.</summary>
        public EquatableArray<string> ContainingTypes { get; init; } = EquatableArray<string>.Empty;

        /// <summary>How the generated part is declared: C# repeats the user's <c>partial class</c>; JSON templates own their class.</summary>
        public string TypeDeclaration { get; init; } = "partial class";

        /// <summary>Fully qualified entity type (<c>global::...</c>); empty when missing.</summary>
        public string EntityType { get; init; } = "";

        public SourceSpan? EntityTypeLocation { get; init; }

        /// <summary>States in declaration order.</summary>
        public EquatableArray<LifecycleStateModel> States { get; init; } = EquatableArray<LifecycleStateModel>.Empty;

        /// <summary>Actions in declaration order (the emitter sorts them by priority).</summary>
        public EquatableArray<LifecycleActionModel> Actions { get; init; } = EquatableArray<LifecycleActionModel>.Empty;

        public SourceSpan? Location { get; init; }

        /// <summary>JSON templates: a short key of the file's path, for a unique generated file name.</summary>
        public string? SourceKey { get; init; }

        /// <summary>Problems the front end found while reading the source.</summary>
        public EquatableArray<FlowDiagnostic> FrontEndDiagnostics { get; init; } = EquatableArray<FlowDiagnostic>.Empty;
    }

    /// <summary>One state of a template.</summary>
    internal sealed record LifecycleStateModel(string Name, bool Final, string? Description, SourceSpan? Location);

    /// <summary>One action of a template, with the location of each setting for narrow diagnostics.</summary>
    internal sealed record LifecycleActionModel
    {
        public string Name { get; init; } = "";

        /// <summary>The reference as written; null when blank (the validator and emitter generate one).</summary>
        public string? Reference { get; init; }

        public int Priority { get; init; }

        /// <summary>0 User, 1 Manager, 2 Root (the runtime's <c>AccessLevel</c>).</summary>
        public int Access { get; init; }

        public string? From { get; init; }

        public string? Transit { get; init; }

        public string? To { get; init; }

        public string? Error { get; init; }

        public LifecycleFlowReference? Flow { get; init; }

        public string? Note { get; init; }

        /// <summary>The whole action (its attribute, or its JSON object).</summary>
        public SourceSpan? Location { get; init; }

        public SourceSpan? NameLocation { get; init; }

        public SourceSpan? ReferenceLocation { get; init; }

        public SourceSpan? FromLocation { get; init; }

        public SourceSpan? TransitLocation { get; init; }

        public SourceSpan? ToLocation { get; init; }

        public SourceSpan? ErrorLocation { get; init; }
    }

    /// <summary>
    /// The flow an action runs: by id (JSON, resolved against the project's flows by the analyzers) or by type (C#,
    /// resolved by the front end: <see cref="FlowId"/> and <see cref="InputType"/> when the type is a <c>[Flow]</c>).
    /// </summary>
    internal sealed record LifecycleFlowReference(string Name, bool ByType, SourceSpan? Location)
    {
        /// <summary>C#: the <c>[Flow]</c> id of the type; null when the type is not a flow class.</summary>
        public string? FlowId { get; init; }

        /// <summary>C#: the flow's input type (<c>global::...</c>), or null when it takes none.</summary>
        public string? InputType { get; init; }

        /// <summary>C#: the type carries <c>[Flow]</c>.</summary>
        public bool IsFlow { get; init; }

        /// <summary>
        /// C#: the type was not known when the class was read (<see cref="Name"/> is as written). Generators do not see each
        /// other's output, nor their own: a class generated from a <c>*.flow.json</c> file is such a type. The generated
        /// template reads it from the attribute, where the compiler resolved it.
        /// </summary>
        public bool Unresolved { get; init; }
    }

    /// <summary>A flow of the project, as a lifecycle action may name it.</summary>
    internal sealed record LifecycleFlowEntry(string Id, string TypeName, string? InputType);
}
