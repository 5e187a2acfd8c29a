using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Automations.Compiled.Model;
using Automations.Compiled.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Automations.Compiled.CSharp
{
    /// <summary>
    /// The C# front end of lifecycle templates: reads a <c>[Lifecycle]</c> class with its <c>[LifecycleState]</c> and
    /// <c>[LifecycleAction]</c> attributes into a <see cref="LifecycleModel"/>. Never throws on bad input.
    /// </summary>
    internal static class CSharpLifecycleReader
    {
        public static LifecycleModel Read(INamedTypeSymbol type, AttributeData lifecycleAttribute, CancellationToken cancellationToken)
        {
            try
            {
                return ReadCore(type, lifecycleAttribute, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception error)
            {
                var location = CSharpFlowReader.Span(type.Locations.FirstOrDefault());
                return new LifecycleModel
                {
                    Origin = FlowOrigin.CSharp,
                    TypeName = type.Name,
                    Location = location,
                    FrontEndDiagnostics = new[]
                    {
                        DiagnosticCatalog.Create(DiagnosticCatalog.FrontEndFailure, location, type.Name, error.GetType().Name + ": " + error.Message),
                    }.ToEquatableArray(),
                };
            }
        }

        private static LifecycleModel ReadCore(INamedTypeSymbol type, AttributeData lifecycleAttribute, CancellationToken cancellationToken)
        {
            var diagnostics = new List<FlowDiagnostic>();
            var classLocation = CSharpFlowReader.Span(type.Locations.FirstOrDefault());
            var entity = lifecycleAttribute.ConstructorArguments.Length > 1 && lifecycleAttribute.ConstructorArguments[1].Value is ITypeSymbol entityType && entityType.TypeKind != TypeKind.Error
                ? entityType.ToDisplayString(CSharpFlowReader.TypeFormat)
                : "";
            if (lifecycleAttribute.ConstructorArguments.Length > 1 && lifecycleAttribute.ConstructorArguments[1].Value is INamedTypeSymbol { IsUnboundGenericType: true })
            {
                // typeof(List<>): no entity is of an open type, and LifecycleTemplate<List<>> would not compile.
                diagnostics.Add(DiagnosticCatalog.Create(
                    DiagnosticCatalog.UnknownEntityType,
                    CSharpFlowReader.ArgumentSpan(lifecycleAttribute, 1, null) ?? classLocation,
                    lifecycleAttribute.ConstructorArguments[0].Value as string ?? "",
                    entity.Replace("global::", ""),
                    "an entity has a closed type: write its type arguments, such as typeof(List<Order>)"));
                entity = "";
            }

            var declaresBase = type.BaseType is { SpecialType: not SpecialType.System_Object } baseType
                && baseType.OriginalDefinition.ToDisplayString() != "Automations.Compiled.LifecycleTemplate<TEntity>";
            if (!CSharpFlowReader.IsPartial(lifecycleAttribute, cancellationToken) || type.IsGenericType || type.IsStatic || type.IsRecord
                || type.TypeKind != TypeKind.Class || CSharpFlowReader.InGenericType(type) || declaresBase)
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.LifecycleClassShape, classLocation, type.Name, entity.Length == 0 ? "TEntity" : entity.Replace("global::", "")));
            }

            var id = lifecycleAttribute.ConstructorArguments.Length > 0 ? lifecycleAttribute.ConstructorArguments[0].Value as string ?? "" : "";
            var idLocation = CSharpFlowReader.ArgumentSpan(lifecycleAttribute, 0, null);
            if (id.Trim().Length == 0 || id.Trim() != id)
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.InvalidLifecycleId, idLocation ?? classLocation, type.Name, id));
            }

            var states = new List<LifecycleStateModel>();
            var actions = new List<LifecycleActionModel>();
            // Attributes in source order: the order states are declared is the order tools show them.
            foreach (var attribute in type.GetAttributes().OrderBy(a => a.ApplicationSyntaxReference?.Span.Start ?? 0))
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (attribute.AttributeClass?.ToDisplayString())
                {
                    case KnownNames.LifecycleStateAttribute:
                        states.Add(new LifecycleStateModel(
                            Positional(attribute, 0) ?? "",
                            Named(attribute, "Final") is true,
                            Named(attribute, "Description") as string,
                            CSharpFlowReader.ArgumentSpan(attribute, 0, null) ?? AttributeSpan(attribute, cancellationToken)));
                        break;
                    case KnownNames.LifecycleActionAttribute:
                        actions.Add(ReadAction(attribute, cancellationToken));
                        break;
                }
            }

            return new LifecycleModel
            {
                Id = id,
                IdLocation = idLocation,
                Description = Named(lifecycleAttribute, "Description") as string,
                Origin = FlowOrigin.CSharp,
                Namespace = type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
                TypeName = type.Name,
                ContainingTypes = CSharpFlowReader.ContainingTypes(type),
                EntityType = entity,
                EntityTypeLocation = CSharpFlowReader.ArgumentSpan(lifecycleAttribute, 1, null),
                States = states.ToEquatableArray(),
                Actions = actions.ToEquatableArray(),
                Location = classLocation,
                FrontEndDiagnostics = diagnostics.ToEquatableArray(),
            };
        }

        private static LifecycleActionModel ReadAction(AttributeData attribute, CancellationToken cancellationToken)
        {
            LifecycleFlowReference? flow = null;
            var flowLocation = CSharpFlowReader.ArgumentSpan(attribute, -1, "Flow");
            if (Named(attribute, "Flow") is INamedTypeSymbol flowType && flowType.TypeKind != TypeKind.Error)
            {
                var flowAttribute = flowType.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == KnownNames.FlowAttribute);
                flow = new LifecycleFlowReference(flowType.ToDisplayString(CSharpFlowReader.TypeFormat), ByType: true, flowLocation)
                {
                    IsFlow = flowAttribute is not null,
                    FlowId = flowAttribute?.ConstructorArguments.FirstOrDefault().Value as string,
                    InputType = CSharpFlowReader.InputType(flowType),
                };
            }
            else if (WrittenFlowType(attribute, cancellationToken) is { } written)
            {
                // A type this compilation does not have yet, such as the class of a *.flow.json file (generated next to
                // this template): kept, never dropped, so the action still runs its flow.
                flow = new LifecycleFlowReference(written, ByType: true, flowLocation) { Unresolved = true };
            }

            return new LifecycleActionModel
            {
                Name = Positional(attribute, 0) ?? "",
                Reference = Blank(Named(attribute, "Reference") as string),
                Priority = Named(attribute, "Priority") is int priority ? priority : 0,
                Access = Named(attribute, "Access") is int access ? access : 0,
                From = Blank(Named(attribute, "From") as string),
                Transit = Blank(Named(attribute, "Transit") as string),
                To = Blank(Named(attribute, "To") as string),
                Error = Blank(Named(attribute, "Error") as string),
                Flow = flow,
                Note = Named(attribute, "Note") as string,
                Location = AttributeSpan(attribute, cancellationToken),
                NameLocation = CSharpFlowReader.ArgumentSpan(attribute, 0, null),
                ReferenceLocation = CSharpFlowReader.ArgumentSpan(attribute, -1, "Reference"),
                FromLocation = CSharpFlowReader.ArgumentSpan(attribute, -1, "From"),
                TransitLocation = CSharpFlowReader.ArgumentSpan(attribute, -1, "Transit"),
                ToLocation = CSharpFlowReader.ArgumentSpan(attribute, -1, "To"),
                ErrorLocation = CSharpFlowReader.ArgumentSpan(attribute, -1, "Error"),
            };
        }

        /// <summary>The type in <c>Flow = typeof(...)</c> as written, when the compiler could not bind it; else null.</summary>
        private static string? WrittenFlowType(AttributeData attribute, CancellationToken cancellationToken)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == "Flow" && (argument.Value.Kind == TypedConstantKind.Error || argument.Value.Value is ITypeSymbol { TypeKind: TypeKind.Error }))
                {
                    return attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList: { } list }
                        && list.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "Flow")?.Expression is TypeOfExpressionSyntax typeOf
                        ? typeOf.Type.ToString()
                        : null;
                }
            }

            return null;
        }

        /// <summary>SPEC §7: a blank from, to or reference means "none" (a create action, a destroy action, a generated reference).</summary>
        private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

        private static string? Positional(AttributeData attribute, int position)
            => attribute.ConstructorArguments.Length > position ? attribute.ConstructorArguments[position].Value as string : null;

        private static object? Named(AttributeData attribute, string name)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == name)
                {
                    return argument.Value.Kind == TypedConstantKind.Array ? null : argument.Value.Value;
                }
            }

            return null;
        }

        private static SourceSpan? AttributeSpan(AttributeData attribute, CancellationToken cancellationToken)
            => attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax syntax ? CSharpFlowReader.Span(syntax.GetLocation()) : null;
    }
}
