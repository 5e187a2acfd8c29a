using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Automations.Compiled.CSharp;
using Automations.Compiled.Emit;
using Automations.Compiled.Generators.Incremental;
using Automations.Compiled.Json;
using Automations.Compiled.Model;
using Automations.Compiled.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Automations.Compiled.Generators
{
    /// <summary>
    /// Compiles every <c>[Flow]</c> class into a state machine. Rules are reported by the analyzers; this
    /// generator runs the same validator only to choose between the state machine and a throwing stub.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class FlowGenerator : IIncrementalGenerator
    {
        internal const string ToolName = "Automations.Compiled.Generators";
        internal static readonly string ToolVersion = typeof(FlowGenerator).Assembly.GetName().Version?.ToString() ?? "0.0.0";

        /// <summary>Tracking names of the pipeline steps, for incremental tests.</summary>
        internal static class Steps
        {
            public const string Declarations = "FlowDeclarations";
            public const string FlowKey = "FlowKey";
            public const string ActionKey = "FlowActionKey";
            public const string Model = "FlowModel";
            public const string CodeModel = "FlowCodeModel";
            public const string Source = "FlowSource";
            public const string Action = "FlowAction";
            public const string ActionCatalog = "ActionCatalog";
            public const string LlmOutput = "LlmOutputType";
            public const string Catalog = "FlowCatalog";
            public const string JsonFile = "JsonFlowFile";
            public const string PolicyFile = "ActionPolicyFile";
            public const string JsonModel = "JsonFlowModel";
            public const string JsonCodeModel = "JsonFlowCodeModel";
            public const string JsonSource = "JsonFlowSource";
            public const string Lifecycle = "LifecycleModel";
            public const string LifecycleCode = "LifecycleCodeModel";
            public const string LifecycleSource = "LifecycleSource";
            public const string JsonLifecycleFile = "JsonLifecycleFile";
            public const string JsonLifecycle = "JsonLifecycleModel";
            public const string JsonLifecycleCode = "JsonLifecycleCodeModel";
            public const string JsonLifecycleSource = "JsonLifecycleSource";
        }

        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            // Not ForAttributeWithMetadataName: its transform binds every [Flow] class again on every new compilation,
            // whatever the edit (0.5 ms a flow). Each tree gives keys made without binding (ReadKey); a class or
            // action is read only when its key changed.
            var declarations = context.SyntaxProvider
                .CreateSyntaxProvider(
                    static (node, _) => node is CompilationUnitSyntax,
                    static (source, cancellationToken) => ReadKey.InTree(source.Node.SyntaxTree, source.SemanticModel.Compilation, cancellationToken))
                .WithTrackingName(Steps.Declarations);

            var models = declarations
                .SelectMany(static (keys, _) => keys.Where(static key => key.Target == ReadTarget.Flow))
                .WithTrackingName(Steps.FlowKey)
                .SelectMany(static (key, cancellationToken) => ReadFlow(key, cancellationToken))
                .WithTrackingName(Steps.Model);

            RegisterFlows(context, models, Steps.CodeModel, Steps.Source);

            // JSON flows bind to the project's [FlowAction] methods: their models depend on the catalog of actions
            // (equatable records, so an edit elsewhere in the project re-binds nothing).
            var catalog = declarations
                .SelectMany(static (keys, _) => keys.Where(static key => key.Target == ReadTarget.Action))
                .WithTrackingName(Steps.ActionKey)
                .SelectMany(static (key, cancellationToken) => ReadAction(key, cancellationToken))
                .WithTrackingName(Steps.Action)
                .Collect()
                .Select(static (entries, _) => FlowActionReader.Catalog(entries.Select(e => (e.Action, e.Shapes))))
                .WithTrackingName(Steps.ActionCatalog);
            // [LlmSchema] classes, which llm steps name as their output: few, so found the standard way. The transform
            // reads the class's schema and shapes into an equatable record; a class edited elsewhere re-binds nothing.
            var llmOutputs = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    KnownNames.LlmSchemaAttribute,
                    static (node, _) => node is TypeDeclarationSyntax,
                    static (source, cancellationToken) => LlmOutputReader.Read((INamedTypeSymbol)source.TargetSymbol, cancellationToken))
                .WithTrackingName(Steps.LlmOutput)
                .Collect();
            catalog = catalog
                .Combine(llmOutputs)
                .Select(static (input, _) => input.Left with { LlmOutputs = LlmOutputReader.Catalog(input.Right) })
                .WithTrackingName(Steps.Catalog);
            var rootNamespace = context.AnalyzerConfigOptionsProvider
                .Select(static (options, _) => options.GlobalOptions.TryGetValue("build_property.RootNamespace", out var ns) ? ns : null);
            // Action policies (flow-policy.json): read once per edit of the file; a flow's model holds the policy that applies to it.
            var policies = context.AdditionalTextsProvider
                .Where(static text => ActionPolicyFile.IsPolicyFile(text.Path))
                .Select(static (text, cancellationToken) => ActionPolicyFile.Read(text.Path, text.GetText(cancellationToken)?.ToString() ?? ""))
                .WithTrackingName(Steps.PolicyFile)
                .Collect()
                .Select(static (files, _) => files.OrderBy(f => f.Path, StringComparer.Ordinal).ToEquatableArray());
            var jsonModels = context.AdditionalTextsProvider
                .Where(static text => JsonFlowCompiler.IsFlowFile(text.Path))
                .Select(static (text, cancellationToken) => new JsonFlowFile(text.Path, text.GetText(cancellationToken)?.ToString() ?? ""))
                .WithTrackingName(Steps.JsonFile)
                .Combine(rootNamespace)
                .Combine(catalog)
                .Combine(policies)
                .Select(static (input, cancellationToken) => JsonFlowCompiler.Compile(
                    input.Left.Left.Left.Path, input.Left.Left.Left.Text, input.Left.Left.Right, input.Left.Right, cancellationToken, input.Right))
                .WithTrackingName(Steps.JsonModel);
            RegisterFlows(context, jsonModels, Steps.JsonCodeModel, Steps.JsonSource);

            // Lifecycle templates (SPEC §7): the same two front ends, one model, one emitter.
            var lifecycles = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    KnownNames.LifecycleAttribute,
                    static (node, _) => node is ClassDeclarationSyntax,
                    static (source, cancellationToken) => CSharpLifecycleReader.Read((INamedTypeSymbol)source.TargetSymbol, source.Attributes[0], cancellationToken))
                .WithTrackingName(Steps.Lifecycle);
            RegisterLifecycles(context, lifecycles, Steps.LifecycleCode, Steps.LifecycleSource);

            var jsonLifecycles = context.AdditionalTextsProvider
                .Where(static text => LifecycleJsonReader.IsLifecycleFile(text.Path))
                .Select(static (text, cancellationToken) => new JsonFlowFile(text.Path, text.GetText(cancellationToken)?.ToString() ?? ""))
                .WithTrackingName(Steps.JsonLifecycleFile)
                .Combine(rootNamespace)
                .Select(static (input, cancellationToken) => LifecycleJsonReader.Compile(input.Left.Path, input.Left.Text, input.Right, cancellationToken))
                .WithTrackingName(Steps.JsonLifecycle);
            RegisterLifecycles(context, jsonLifecycles, Steps.JsonLifecycleCode, Steps.JsonLifecycleSource);
        }

        /// <summary>The flow model of a class whose key changed; none if it does not carry our [Flow] after all.</summary>
        private static ImmutableArray<FlowModel> ReadFlow(ReadKey key, CancellationToken cancellationToken)
            => Resolve(key, KnownNames.FlowAttribute, cancellationToken) is ({ } symbol, { } attribute) && symbol is INamedTypeSymbol type
                ? ImmutableArray.Create(CSharpFlowReader.Read(type, attribute, cancellationToken))
                : ImmutableArray<FlowModel>.Empty;

        /// <summary>The action of a method or class whose key changed; none if it does not carry our [FlowAction] after all.</summary>
        private static ImmutableArray<ActionEntry> ReadAction(ReadKey key, CancellationToken cancellationToken)
            => Resolve(key, KnownNames.FlowActionAttribute, cancellationToken) is ({ } symbol, { } attribute)
                ? ImmutableArray.Create(new ActionEntry(FlowActionReader.Read(symbol, attribute, cancellationToken)))
                : ImmutableArray<ActionEntry>.Empty;

        /// <summary>
        /// The declared symbol of the key's declaration and the first attribute of <paramref name="attributeName"/> written
        /// on that declaration: what ForAttributeWithMetadataName hands its transform.
        /// </summary>
        private static (ISymbol? Symbol, AttributeData? Attribute) Resolve(ReadKey key, string attributeName, CancellationToken cancellationToken)
        {
            if (!key.TryResolve(out var node, out var compilation) || !compilation.ContainsSyntaxTree(node.SyntaxTree))
            {
                return (null, null);
            }

            var symbol = compilation.GetSemanticModel(node.SyntaxTree).GetDeclaredSymbol(node, cancellationToken);
            if (symbol is null)
            {
                return (null, null);
            }

            foreach (var attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass is { } type
                    && attribute.ApplicationSyntaxReference is { } application
                    && application.SyntaxTree == node.SyntaxTree
                    && node.Span.Contains(application.Span)
                    && type.ContainingNamespace?.ToDisplayString() + "." + type.MetadataName == attributeName)
                {
                    return (symbol, attribute);
                }
            }

            return (symbol, null);
        }

        private static void RegisterLifecycles(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<LifecycleModel> models, string codeModelStep, string sourceStep)
        {
            var sources = models
                .Select(static (model, _) => new LifecycleCodeModel(ModelWithoutLocations.Strip(model), ErrorIds(LifecycleValidator.Validate(model))))
                .WithTrackingName(codeModelStep)
                .Select(static (model, _) => RenderLifecycle(model))
                .WithTrackingName(sourceStep);
            AddSources(context, sources);
        }

        private static GeneratedFlow RenderLifecycle(LifecycleCodeModel code)
        {
            var model = code.Model;
            var hintName = LifecycleEmitter.HintName(model);
            // A class we cannot derive (not partial, static, generic, with a base class) or a file that is not JSON gets
            // no code: a stub would only add compiler errors next to ours.
            if (code.ErrorIds.Contains(DiagnosticCatalog.LifecycleClassShape.Id) || code.ErrorIds.Contains(DiagnosticCatalog.JsonSyntax.Id) || model.TypeName.Length == 0)
            {
                return new GeneratedFlow(model.Id, hintName, null, null);
            }

            if (!code.ErrorIds.IsEmpty)
            {
                return new GeneratedFlow(model.Id, hintName, LifecycleEmitter.EmitInvalid(model, code.ErrorIds, ToolName, ToolVersion), null);
            }

            try
            {
                return new GeneratedFlow(model.Id, hintName, LifecycleEmitter.Emit(model, ToolName, ToolVersion), null);
            }
            catch (Exception error)
            {
                var stub = LifecycleEmitter.EmitInvalid(model, new[] { GeneratorFailure.Id }, ToolName, ToolVersion);
                return new GeneratedFlow(model.Id, hintName, stub, error.GetType().Name + ": " + error.Message);
            }
        }

        private static void RegisterFlows(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<FlowModel> models, string codeModelStep, string sourceStep)
        {
            // Code depends on the model without locations: moving a step down a line re-emits nothing.
            var codeModels = models
                .Select(static (flow, _) => new FlowCodeModel(ModelWithoutLocations.Strip(flow), ErrorIds(FlowValidator.Validate(flow))))
                .WithTrackingName(codeModelStep);

            var sources = codeModels
                .Select(static (model, cancellationToken) => Render(model))
                .WithTrackingName(sourceStep);
            AddSources(context, sources);
        }

        /// <summary>Adds each generated file, and reports AUTO9001 for one whose emitting threw.</summary>
        private static void AddSources(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<GeneratedFlow> sources)
        {
            context.RegisterSourceOutput(sources, static (output, file) =>
            {
                if (file.Source is not null)
                {
                    output.AddSource(file.HintName, file.Source);
                }

                if (file.Failure is not null)
                {
                    output.ReportDiagnostic(Diagnostic.Create(GeneratorFailure, Location.None, file.FlowId, file.Failure));
                }
            });
        }

        /// <summary>Reported only when emitting throws (a bug of ours): the flow gets a throwing stub instead.</summary>
        internal static readonly DiagnosticDescriptor GeneratorFailure = new(
            "AUTO9001",
            "The flow generator failed",
            "The generator could not compile flow '{0}': {1}. Please report this with the flow's source.",
            "Automations.Generator",
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: DiagnosticCatalog.HelpLinkBase + "AUTO9001.md");

        /// <summary>The distinct ids of the errors among <paramref name="diagnostics"/>, sorted: what decides between code and a stub.</summary>
        private static EquatableArray<string> ErrorIds(System.Collections.Generic.IEnumerable<FlowDiagnostic> diagnostics)
            => diagnostics
                .Where(d => d.Severity == FlowSeverity.Error)
                .Select(d => d.Id)
                .Distinct()
                .OrderBy(id => id, StringComparer.Ordinal)
                .ToEquatableArray();

        private static GeneratedFlow Render(FlowCodeModel model)
        {
            var flow = model.Flow;
            var hintName = FlowEmitter.HintName(flow);
            // A class we cannot add members to (not partial, static, generic) gets no code at all: a stub would
            // only add compiler errors next to ours.
            var errorIds = model.ErrorIds;
            // So does a JSON file that is not JSON: it names no class.
            if (errorIds.Contains(DiagnosticCatalog.FlowClassNotPartial.Id) || errorIds.Contains(DiagnosticCatalog.FlowNotInstantiable.Id)
                || errorIds.Contains(DiagnosticCatalog.JsonSyntax.Id) || flow.TypeName.Length == 0)
            {
                return new GeneratedFlow(flow.Id, hintName, null, null);
            }

            if (!errorIds.IsEmpty)
            {
                return new GeneratedFlow(flow.Id, hintName, FlowEmitter.EmitInvalid(flow, errorIds, ToolName, ToolVersion), null);
            }

            try
            {
                return new GeneratedFlow(flow.Id, hintName, FlowEmitter.Emit(flow, ToolName, ToolVersion), null);
            }
            catch (Exception error)
            {
                var stub = FlowEmitter.EmitInvalid(flow, new[] { GeneratorFailure.Id }, ToolName, ToolVersion);
                return new GeneratedFlow(flow.Id, hintName, stub, error.GetType().Name + ": " + error.Message);
            }
        }
    }

    /// <summary>What code generation needs: the location-free model and whether it has errors.</summary>
    internal sealed record FlowCodeModel(FlowModel Flow, EquatableArray<string> ErrorIds);

    /// <summary>What a template's code needs: the location-free model and whether it has errors.</summary>
    internal sealed record LifecycleCodeModel(LifecycleModel Model, EquatableArray<string> ErrorIds);

    /// <summary>The text of a flow file: equatable, so an unchanged file is not read again.</summary>
    internal sealed record JsonFlowFile(string Path, string Text);

    /// <summary>One [FlowAction] as the pipeline caches it.</summary>
    internal sealed record ActionEntry(ActionModel? Action, EquatableArray<Cel.CelObjectShape> Shapes)
    {
        public ActionEntry((ActionModel? Action, EquatableArray<Cel.CelObjectShape> Shapes) read)
            : this(read.Action, read.Shapes)
        {
        }
    }

    /// <summary>One generated file.</summary>
    internal sealed record GeneratedFlow(string FlowId, string HintName, string? Source, string? Failure);
}
