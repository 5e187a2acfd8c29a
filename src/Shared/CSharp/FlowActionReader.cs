using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Automations.Compiled.Cel;
using Automations.Compiled.Model;
using Automations.Compiled.Text;
using Microsoft.CodeAnalysis;

namespace Automations.Compiled.CSharp
{
    /// <summary>
    /// Reads a <c>[FlowAction("name")]</c> method or class into an <see cref="ActionModel"/>, and the C# types it takes
    /// and returns into CEL shapes, so JSON flows can bind to it and type-check their expressions without symbols.
    /// </summary>
    internal static class FlowActionReader
    {
        /// <summary>How deep object shapes are followed (<c>order.customer.address.city</c>); deeper members are <c>dyn</c>.</summary>
        private const int MaxShapeDepth = 4;

        /// <summary>C# type names as generated code writes them: <c>global::</c>-qualified, keywords for special types.</summary>
        internal static readonly SymbolDisplayFormat ClrFormat = SymbolDisplayFormat.FullyQualifiedFormat;

        /// <summary>The action(s) an attribute application declares, with the shapes of their types.</summary>
        public static (ActionModel? Action, EquatableArray<CelObjectShape> Shapes) Read(ISymbol target, AttributeData attribute, CancellationToken cancellationToken)
        {
            if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string name)
            {
                return (null, EquatableArray<CelObjectShape>.Empty);
            }

            var location = CSharpFlowReader.Span(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? target.Locations.FirstOrDefault());
            var shapes = new Dictionary<string, CelObjectShape>(StringComparer.Ordinal);
            IMethodSymbol? method = target as IMethodSymbol;
            string? problem = null;
            if (target is INamedTypeSymbol type)
            {
                var candidates = type.GetMembers()
                    .OfType<IMethodSymbol>()
                    .Where(m => m.MethodKind == MethodKind.Ordinary && m.DeclaredAccessibility == Accessibility.Public && (m.Name == "Execute" || m.Name == "ExecuteAsync"))
                    .ToList();
                if (candidates.Count == 1)
                {
                    method = candidates[0];
                }
                else
                {
                    problem = candidates.Count == 0
                        ? $"class '{type.Name}' has no public method named Execute or ExecuteAsync"
                        : $"class '{type.Name}' has {candidates.Count} public Execute/ExecuteAsync methods; keep one";
                }
            }

            if (method is null)
            {
                var containing = (target as INamedTypeSymbol)?.ToDisplayString(ClrFormat) ?? "";
                return (WithSafeguards(new ActionModel(name, containing, "", true, ReturnKind.Void, null, null, EquatableArray<ActionParameter>.Empty, location) { Problem = problem }, attribute), EquatableArray<CelObjectShape>.Empty);
            }

            problem ??= ProblemOf(method);
            var (kind, _) = CSharpFlowReader.ReturnOf(method.ReturnType);
            var resultSymbol = Unwrap(method.ReturnType, kind);
            var parameters = new List<ActionParameter>();
            foreach (var parameter in method.Parameters)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var clrType = parameter.Type.ToDisplayString(ClrFormat);
                var parameterKind = clrType switch
                {
                    "global::System.Threading.CancellationToken" => ActionParameterKind.CancellationToken,
                    "global::Automations.Compiled.StepContext" => ActionParameterKind.Context,
                    _ => ActionParameterKind.Input,
                };
                var celType = parameterKind == ActionParameterKind.Input ? CelTypeOf(parameter.Type, shapes, 0) : null;
                parameters.Add(new ActionParameter(parameter.Name, parameterKind, clrType, celType, parameter.HasExplicitDefaultValue || parameter.IsParams));
            }

            var model = new ActionModel(
                name,
                method.ContainingType.ToDisplayString(ClrFormat),
                method.Name,
                method.IsStatic,
                kind,
                resultSymbol?.ToDisplayString(ClrFormat),
                resultSymbol is null ? null : CelTypeOf(resultSymbol, shapes, 0),
                parameters.ToEquatableArray(),
                location)
            {
                Problem = problem,
            };
            model = WithSafeguards(model, attribute);
            return (model, shapes.Values.OrderBy(s => s.ClrType, StringComparer.Ordinal).ToEquatableArray());
        }

        /// <summary>The action's <c>Cost</c> and <c>Tags</c> (safeguards: cost budgets and action policies).</summary>
        private static ActionModel WithSafeguards(ActionModel model, AttributeData attribute)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                switch (argument.Key)
                {
                    case "Cost" when argument.Value.Value is long cost:
                        model = model with { Cost = cost, CostLocation = CSharpFlowReader.ArgumentSpan(attribute, -1, "Cost") };
                        break;
                    case "Tags" when argument.Value.Kind == TypedConstantKind.Array && !argument.Value.IsNull:
                        model = model with
                        {
                            Tags = argument.Value.Values
                                .Select(v => v.Value as string)
                                .Where(t => !string.IsNullOrWhiteSpace(t))
                                .Select(t => t!.Trim())
                                .Distinct(StringComparer.Ordinal)
                                .OrderBy(t => t, StringComparer.Ordinal)
                                .ToEquatableArray(),
                        };
                        break;
                }
            }

            return model;
        }

        private static string? ProblemOf(IMethodSymbol method)
        {
            if (method.IsGenericMethod || method.ContainingType.IsGenericType)
            {
                return "generic methods and methods of generic types cannot be bound; wrap it in a non-generic method";
            }

            if (method.Parameters.Any(p => p.RefKind != RefKind.None))
            {
                return "ref, out and in parameters cannot be bound";
            }

            for (ISymbol? symbol = method; symbol is not null and not INamespaceSymbol; symbol = symbol.ContainingSymbol)
            {
                if (symbol.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
                {
                    return $"'{symbol.Name}' is {symbol.DeclaredAccessibility.ToString().ToLowerInvariant()}; generated flows call the action from another class, so make it internal or public";
                }
            }

            if (!method.IsStatic && method.ContainingType.IsAbstract)
            {
                return "an instance action needs a concrete class the flow can be given";
            }

            return null;
        }

        private static ITypeSymbol? Unwrap(ITypeSymbol type, ReturnKind kind)
            => kind switch
            {
                ReturnKind.Value => type,
                ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT => ((INamedTypeSymbol)type).TypeArguments[0],
                _ => null,
            };

        /// <summary>The CEL type of a C# type; object types are described in <paramref name="shapes"/>.</summary>
        internal static CelType CelTypeOf(ITypeSymbol type, Dictionary<string, CelObjectShape> shapes, int depth)
        {
            switch (type.SpecialType)
            {
                case SpecialType.System_Boolean:
                    return CelType.Bool;
                case SpecialType.System_SByte:
                case SpecialType.System_Byte:
                case SpecialType.System_Int16:
                case SpecialType.System_Int32:
                case SpecialType.System_Int64:
                    return CelType.Int;
                case SpecialType.System_UInt16:
                case SpecialType.System_UInt32:
                case SpecialType.System_UInt64:
                    return CelType.Uint;
                case SpecialType.System_Single:
                case SpecialType.System_Double:
                case SpecialType.System_Decimal:
                    return CelType.Double;
                case SpecialType.System_String:
                    return CelType.String;
                case SpecialType.System_Object:
                    return CelType.Dyn;
                case SpecialType.System_DateTime:
                    return CelType.Timestamp;
            }

            if (type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte })
            {
                return CelType.Bytes;
            }

            if (ElementOf(type) is { } element)
            {
                return CelType.List(CelTypeOf(element, shapes, depth));
            }

            if (type is not INamedTypeSymbol named)
            {
                return CelType.Dyn;
            }

            if (named.TypeKind == TypeKind.Enum)
            {
                return CelType.Int;
            }

            switch (MetadataName(named))
            {
                case "System.DateTimeOffset":
                    return CelType.Timestamp;
                case "System.TimeSpan":
                    return CelType.Duration;
                case "System.Nullable`1":
                    return CelType.Dyn;
                case KnownNames.FlowRecordMetadata:
                    return CelType.Map(CelType.String, CelType.Dyn);
                case "System.Collections.Generic.IReadOnlyDictionary`2":
                case "System.Collections.Generic.IDictionary`2":
                case "System.Collections.Generic.Dictionary`2":
                    return CelType.Map(CelTypeOf(named.TypeArguments[0], shapes, depth), CelTypeOf(named.TypeArguments[1], shapes, depth));
            }

            if (depth >= MaxShapeDepth || named.TypeKind is not (TypeKind.Class or TypeKind.Struct) || named.IsGenericType)
            {
                return CelType.Dyn;
            }

            var clrType = named.ToDisplayString(ClrFormat);
            if (!shapes.ContainsKey(clrType))
            {
                // Registered before its members are read, so a type that refers to itself ends the recursion.
                shapes[clrType] = new CelObjectShape(clrType, EquatableArray<CelField>.Empty);
                var fields = new List<CelField>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var member in named.GetMembers().OrderBy(m => m.Name, StringComparer.Ordinal))
                {
                    if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public || member.IsImplicitlyDeclared)
                    {
                        continue;
                    }

                    ITypeSymbol? memberType = member switch
                    {
                        IPropertySymbol { GetMethod: not null, IsIndexer: false } property => property.Type,
                        IFieldSymbol field => field.Type,
                        _ => null,
                    };
                    if (memberType is null)
                    {
                        continue;
                    }

                    AddField(fields, seen, member.Name, CelTypeOf(memberType, shapes, depth + 1), memberType.ToDisplayString(ClrFormat));
                }

                shapes[clrType] = new CelObjectShape(clrType, fields.ToEquatableArray());
            }

            return CelType.Object(clrType);
        }

        /// <summary>A C# member as CEL reads it: by its camelCase name (as JSON names it) and by its C# name.</summary>
        internal static void AddField(List<CelField> fields, HashSet<string> seen, string member, CelType celType, string clrType)
        {
            foreach (var celName in new[] { Naming.CamelCase(member), member })
            {
                if (seen.Add(celName))
                {
                    fields.Add(new CelField(celName, member, celType, clrType));
                }
            }
        }

        /// <summary>The element type of an array or of a list-like collection (<c>IReadOnlyList&lt;T&gt;</c>, <c>List&lt;T&gt;</c>, <c>IEnumerable&lt;T&gt;</c>, ...); null for any other type.</summary>
        internal static ITypeSymbol? ElementOf(ITypeSymbol type)
        {
            if (type is IArrayTypeSymbol array)
            {
                return array.ElementType;
            }

            return type is INamedTypeSymbol { IsGenericType: true } named && MetadataName(named) is
                "System.Collections.Generic.IReadOnlyList`1" or "System.Collections.Generic.IList`1" or "System.Collections.Generic.List`1"
                or "System.Collections.Generic.IReadOnlyCollection`1" or "System.Collections.Generic.ICollection`1" or "System.Collections.Generic.IEnumerable`1"
                ? named.TypeArguments[0]
                : null;
        }

        /// <summary>A type's namespace-qualified metadata name (<c>System.Collections.Generic.List`1</c>).</summary>
        internal static string MetadataName(INamedTypeSymbol type) => type.ContainingNamespace?.ToDisplayString() + "." + type.MetadataName;

        /// <summary>One catalog from every action read: sorted by name, shapes merged (first description of a type wins).</summary>
        public static ActionCatalog Catalog(IEnumerable<(ActionModel? Action, EquatableArray<CelObjectShape> Shapes)> actions)
        {
            var models = new List<ActionModel>();
            var shapes = new SortedDictionary<string, CelObjectShape>(StringComparer.Ordinal);
            foreach (var (action, actionShapes) in actions)
            {
                if (action is null)
                {
                    continue;
                }

                models.Add(action);
                foreach (var shape in actionShapes)
                {
                    if (!shapes.ContainsKey(shape.ClrType))
                    {
                        shapes[shape.ClrType] = shape;
                    }
                }
            }

            return new ActionCatalog(
                models.OrderBy(a => a.Name, StringComparer.Ordinal).ThenBy(a => a.ContainingType, StringComparer.Ordinal).ThenBy(a => a.MethodName, StringComparer.Ordinal).ToEquatableArray(),
                shapes.Values.ToEquatableArray());
        }
    }
}
