using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Automations.Compiled.Cel;
using Automations.Compiled.Model;
using Automations.Compiled.Text;
using Microsoft.CodeAnalysis;

namespace Automations.Compiled.CSharp
{
    /// <summary>
    /// Reads an <c>[LlmSchema]</c> class into an <see cref="LlmOutputType"/>: the JSON schema of its public settable
    /// properties, written at build time as the runtime validates it (docs/ai-steps.md), and the CEL shapes of it and of
    /// the classes it holds, read like <see cref="FlowActionReader"/>'s shapes. Never throws for a type it cannot use: it
    /// says why in <see cref="LlmOutputType.Problem"/>.
    /// </summary>
    internal static class LlmOutputReader
    {
        private const string Supported = "an answer member is a string, an integer, a floating point number, a bool, an enum, a list or array of those, or a class of those";

        public static LlmOutputType Read(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var clrType = type.ToDisplayString(FlowActionReader.ClrFormat);
            var name = clrType.StartsWith("global::", StringComparison.Ordinal) ? clrType.Substring("global::".Length) : clrType;
            var shapes = new Dictionary<string, CelObjectShape>(StringComparer.Ordinal);
            var schema = new StringBuilder();
            string? problem;
            try
            {
                problem = ProblemOf(type) ?? Object(type, name, 0, shapes, schema, cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                problem = $"it could not be read ({error.GetType().Name}: {error.Message}); please report this with the type's source";
            }

            return problem is null
                ? new LlmOutputType(name, clrType, schema.ToString(), shapes.Values.OrderBy(s => s.ClrType, StringComparer.Ordinal).ToEquatableArray(), null)
                : new LlmOutputType(name, clrType, "", EquatableArray<CelObjectShape>.Empty, problem);
        }

        /// <summary>Every type read, sorted by name (what <see cref="ActionCatalog.LlmOutputs"/> holds).</summary>
        public static EquatableArray<LlmOutputType> Catalog(IEnumerable<LlmOutputType> types)
            => types.OrderBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.ClrType, StringComparer.Ordinal).ToEquatableArray();

        private static string? ProblemOf(INamedTypeSymbol type)
        {
            if (type.IsGenericType || type.IsAbstract || type.TypeKind != TypeKind.Class)
            {
                return "it is not a concrete, non-generic class; an answer type is a plain class the answer deserialises into";
            }

            var derives = false;
            for (var current = type.BaseType; current is not null && !derives; current = current.BaseType)
            {
                derives = FlowActionReader.MetadataName(current) == KnownNames.LlmOutput;
            }

            if (!derives)
            {
                return $"it does not derive from Automations.Compiled.LlmOutput; declare it as 'public sealed class {type.Name} : LlmOutput', so the answer carries the record of its call";
            }

            for (ISymbol? symbol = type; symbol is not null and not INamespaceSymbol; symbol = symbol.ContainingSymbol)
            {
                if (symbol.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
                {
                    return $"'{symbol.Name}' is {symbol.DeclaredAccessibility.ToString().ToLowerInvariant()}; the generated flow reads the answer from another class, so make it internal or public";
                }
            }

            return null;
        }

        /// <summary>Writes the schema of a class and adds its shape; returns the problem of the first member it cannot describe.</summary>
        private static string? Object(INamedTypeSymbol type, string path, int depth, Dictionary<string, CelObjectShape> shapes, StringBuilder schema, CancellationToken cancellationToken)
        {
            var fields = new List<CelField>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var required = new List<string>();
            schema.Append("{\"type\":\"object\",\"properties\":{");
            var first = true;
            foreach (var property in Properties(type))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var jsonName = JsonName(property);
                schema.Append(first ? "" : ",").Append(CSharpLiteral.String(jsonName)).Append(':');
                first = false;
                var (celType, problem) = Member(property.Type, path + "." + property.Name, depth, shapes, schema, cancellationToken);
                if (problem is not null)
                {
                    return problem;
                }

                if (!IsNullable(property.Type))
                {
                    required.Add(jsonName);
                }

                FlowActionReader.AddField(fields, seen, property.Name, celType!, property.Type.ToDisplayString(FlowActionReader.ClrFormat));
            }

            if (first)
            {
                return $"'{path}' has no public property with a setter (set or init); an answer needs one member at least";
            }

            schema.Append("},\"required\":[").Append(string.Join(",", required.Select(CSharpLiteral.String))).Append("],\"additionalProperties\":false}");
            var clrType = type.ToDisplayString(FlowActionReader.ClrFormat);
            shapes[clrType] = new CelObjectShape(clrType, fields.ToEquatableArray());
            return null;
        }

        /// <summary>The schema and CEL type of one member's type, or the problem that keeps it out of an answer.</summary>
        private static (CelType? Type, string? Problem) Member(ITypeSymbol type, string path, int depth, Dictionary<string, CelObjectShape> shapes, StringBuilder schema, CancellationToken cancellationToken)
        {
            if (type is INamedTypeSymbol { IsGenericType: true } nullable && FlowActionReader.MetadataName(nullable) == "System.Nullable`1")
            {
                type = nullable.TypeArguments[0];
            }

            string? jsonType = type.SpecialType switch
            {
                SpecialType.System_String => "string",
                SpecialType.System_Boolean => "boolean",
                SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
                    or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64 => "integer",
                SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal => "number",
                _ => null,
            };
            if (jsonType is not null)
            {
                schema.Append("{\"type\":\"").Append(jsonType).Append("\"}");
                return (FlowActionReader.CelTypeOf(type, shapes, 0), null);
            }

            if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType)
            {
                // The answer names the member (JsonStringEnumConverter reads it); CEL compares it as a string.
                var names = enumType.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue).Select(f => CSharpLiteral.String(f.Name));
                schema.Append("{\"type\":\"string\",\"enum\":[").Append(string.Join(",", names)).Append("]}");
                return (CelType.String, null);
            }

            if (FlowActionReader.ElementOf(type) is { } element)
            {
                if (element.TypeKind == TypeKind.Enum || FlowActionReader.ElementOf(element) is not null)
                {
                    return (null, $"'{path}' is a list of {(element.TypeKind == TypeKind.Enum ? "enums" : "lists")}; use a list of strings or of a class instead");
                }

                schema.Append("{\"type\":\"array\",\"items\":");
                var (item, problem) = Member(element, path + "[]", depth, shapes, schema, cancellationToken);
                schema.Append('}');
                return problem is null ? (CelType.List(item!), null) : (null, problem);
            }

            if (type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, IsGenericType: false, IsAbstract: false } nested
                && !InSystem(nested))
            {
                if (depth + 1 > LlmOutputType.MaxDepth)
                {
                    return (null, $"'{path}' nests classes deeper than {LlmOutputType.MaxDepth} levels below the answer (does a class hold itself?); flatten it");
                }

                var problem = Object(nested, path, depth + 1, shapes, schema, cancellationToken);
                return problem is null ? (CelType.Object(nested.ToDisplayString(FlowActionReader.ClrFormat)), null) : (null, problem);
            }

            return (null, $"'{path}' is {type.ToDisplayString()}; {Supported}");
        }

        /// <summary>Public instance properties a deserialiser can set, base classes' first, without LlmOutput's own.</summary>
        private static IEnumerable<IPropertySymbol> Properties(INamedTypeSymbol type)
        {
            var chain = new List<INamedTypeSymbol>();
            for (var current = type; current is not null; current = current.BaseType)
            {
                var metadata = FlowActionReader.MetadataName(current);
                if (metadata is KnownNames.LlmOutput or "System.Object" or "System.ValueType")
                {
                    break;
                }

                chain.Insert(0, current);
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var owner in chain)
            {
                foreach (var property in owner.GetMembers().OfType<IPropertySymbol>())
                {
                    if (!property.IsStatic && !property.IsIndexer && property.DeclaredAccessibility == Accessibility.Public
                        && property.GetMethod is { DeclaredAccessibility: Accessibility.Public }
                        && property.SetMethod is { DeclaredAccessibility: Accessibility.Public }
                        && !property.GetAttributes().Any(a => a.AttributeClass?.Name == "JsonIgnoreAttribute")
                        && names.Add(property.Name))
                    {
                        yield return property;
                    }
                }
            }
        }

        /// <summary>The member's name in the answer: its <c>[JsonPropertyName]</c>, else camelCase (the runtime reads with a camelCase policy).</summary>
        private static string JsonName(IPropertySymbol property)
            => property.GetAttributes()
                .Where(a => a.AttributeClass is { Name: "JsonPropertyNameAttribute" } && a.ConstructorArguments.Length == 1)
                .Select(a => a.ConstructorArguments[0].Value as string)
                .FirstOrDefault(n => !string.IsNullOrEmpty(n))
               ?? Naming.CamelCase(property.Name);

        /// <summary>A framework type (DateTime, Guid, Uri, ...): no answer member; its properties are not what the model writes.</summary>
        private static bool InSystem(ITypeSymbol type)
            => type.ContainingNamespace?.ToDisplayString() is { } ns && (ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal));

        /// <summary>A member left out of <c>required</c>: a nullable value type or a reference annotated <c>?</c>.</summary>
        private static bool IsNullable(ITypeSymbol type)
            => type.NullableAnnotation == NullableAnnotation.Annotated
               || (type is INamedTypeSymbol { IsGenericType: true } named && FlowActionReader.MetadataName(named) == "System.Nullable`1");
    }
}
