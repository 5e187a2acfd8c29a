using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Automations.Compiled.Generators.Incremental
{
    /// <summary>
    /// What the pipeline needs to know of one syntax tree, computed once per tree (an unchanged file keeps its tree
    /// from one compilation to the next, so its facts are reused):
    /// <list type="bullet">
    /// <item><see cref="Text"/>: the hash of its path and whole text;</item>
    /// <item><see cref="Surface"/>: the hash of what other files' declarations can see of it (see <see cref="SurfaceOf"/>),
    /// computed when first needed;</item>
    /// <item>the partial types it declares, the using aliases it declares, and the attributed classes and methods that
    /// may be <c>[Flow]</c> classes or <c>[FlowAction]</c>s.</item>
    /// </list>
    /// </summary>
    internal sealed class TreeFacts
    {
        private static readonly ConditionalWeakTable<SyntaxTree, TreeFacts> Cache = new();

        private readonly Lazy<Hash128> _surface;

        private TreeFacts(Hash128 text, Lazy<Hash128> surface, string[] partialTypes, KeyValuePair<string, string>[] aliases, Candidate[] candidates)
        {
            Text = text;
            _surface = surface;
            PartialTypes = partialTypes;
            Aliases = aliases;
            Candidates = candidates;
        }

        public Hash128 Text { get; }

        /// <summary>Computed the first time it is asked for (see <see cref="Surroundings"/>): the costly part, a walk of the tree's declarations.</summary>
        public Hash128 Surface => _surface.Value;

        /// <summary>Name and arity (<c>Order`1</c>) of every partial type declared in the tree, nested ones included.</summary>
        public string[] PartialTypes { get; }

        /// <summary>Every using alias (global or not) with the simple name of what it stands for.</summary>
        public KeyValuePair<string, string>[] Aliases { get; }

        /// <summary>Attributed class and method declarations, in document order.</summary>
        public Candidate[] Candidates { get; }

        public static TreeFacts Of(SyntaxTree tree, CancellationToken cancellationToken)
        {
            if (Cache.TryGetValue(tree, out var facts))
            {
                return facts;
            }

            facts = Compute(tree, cancellationToken);
            // Another thread may have added the same facts meanwhile: either copy will do.
            return Cache.GetValue(tree, _ => facts);
        }

        private static TreeFacts Compute(SyntaxTree tree, CancellationToken cancellationToken)
        {
            var root = tree.GetRoot(cancellationToken);
            var text = Hasher.Create();
            text.Add(tree.FilePath);
            text.Add(tree.GetText(cancellationToken).ToString());

            var aliases = root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
                .OfType<UsingDirectiveSyntax>()
                .Where(u => u.Alias is not null && u.Name is not null)
                .Select(u => new KeyValuePair<string, string>(u.Alias!.Name.Identifier.ValueText, SimpleName(u.Name!)))
                .ToArray();
            var localFlowNames = new HashSet<string>(StringComparer.Ordinal) { "Flow", "FlowAttribute" };
            foreach (var alias in aliases.Where(a => a.Value is "Flow" or "FlowAttribute"))
            {
                localFlowNames.Add(alias.Key);
            }

            var partialTypes = new List<string>();
            var candidates = new List<Candidate>();
            foreach (var node in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (node is TypeDeclarationSyntax type && type.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    partialTypes.Add(TypeName(type));
                }

                if (node is ClassDeclarationSyntax or MethodDeclarationSyntax && node is MemberDeclarationSyntax { AttributeLists.Count: > 0 } member)
                {
                    var names = member.AttributeLists.SelectMany(l => l.Attributes).Select(a => SimpleName(a.Name)).Distinct(StringComparer.Ordinal).ToArray();
                    candidates.Add(new Candidate(member, names, EnclosingTypes(member)));
                }
            }

            var surface = new Lazy<Hash128>(() => SurfaceOf(root, localFlowNames, CancellationToken.None));
            return new TreeFacts(text.Finish(), surface, partialTypes.Distinct(StringComparer.Ordinal).ToArray(), aliases, candidates.ToArray());
        }

        /// <summary>
        /// The hash of the tree as other files' declarations can see it: every token and directive, except
        /// <list type="bullet">
        /// <item>the bodies of methods, constructors, operators and accessors, and the initializers of fields that are
        /// not constants and of properties (nothing a declaration elsewhere binds to);</item>
        /// <item>in a class that carries <c>[Flow]</c>, everything of its methods but their names and arities: a flow's
        /// step methods and their attributes are read only for that flow, whose own key hashes its files whole. So
        /// editing a step re-reads one flow, not all.</item>
        /// </list>
        /// Trivia (comments, whitespace) are left out, except directives (<c>#nullable</c> changes type names).
        /// </summary>
        internal static Hash128 SurfaceOf(SyntaxNode root, ISet<string> flowAttributeNames, CancellationToken cancellationToken)
        {
            var hasher = Hasher.Create();
            foreach (var item in root.DescendantNodesAndTokens(n => Opaque(n, flowAttributeNames) is null))
            {
                if (item.IsToken)
                {
                    var token = item.AsToken();
                    AddDirectives(ref hasher, token.LeadingTrivia);
                    hasher.Add((int)token.Kind());
                    hasher.Add(token.Text);
                    AddDirectives(ref hasher, token.TrailingTrivia);
                }
                else if (Opaque(item.AsNode()!, flowAttributeNames) is { } marker)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    hasher.Add(marker);
                }
            }

            return hasher.Finish();
        }

        /// <summary>What stands for a node whose inside other declarations cannot see, or null to walk into it.</summary>
        private static string? Opaque(SyntaxNode node, ISet<string> flowAttributeNames)
        {
            switch (node)
            {
                case BlockSyntax or ArrowExpressionClauseSyntax when node.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or BasePropertyDeclarationSyntax:
                    return "{body}";
                case EqualsValueClauseSyntax when node.Parent is PropertyDeclarationSyntax:
                    return "{initializer}";
                case EqualsValueClauseSyntax when node.Parent?.Parent?.Parent is BaseFieldDeclarationSyntax field && !field.Modifiers.Any(SyntaxKind.ConstKeyword):
                    return "{initializer}";
                case MethodDeclarationSyntax method when method.Parent is ClassDeclarationSyntax owner && IsFlowClass(owner, flowAttributeNames):
                    return "{step " + method.Identifier.ValueText + "`" + (method.TypeParameterList?.Parameters.Count ?? 0) + "}";
                default:
                    return null;
            }
        }

        private static bool IsFlowClass(ClassDeclarationSyntax type, ISet<string> flowAttributeNames)
            => type.AttributeLists.Any(l => l.Attributes.Any(a => flowAttributeNames.Contains(SimpleName(a.Name))));

        private static void AddDirectives(ref Hasher hasher, SyntaxTriviaList trivia)
        {
            foreach (var item in trivia)
            {
                if (item.IsDirective)
                {
                    hasher.Add(item.ToString());
                }
            }
        }

        /// <summary>The rightmost identifier of an attribute or alias target: <c>Flow</c> in <c>Automations.Compiled.Flow</c>.</summary>
        internal static string SimpleName(NameSyntax name) => name switch
        {
            QualifiedNameSyntax qualified => SimpleName(qualified.Right),
            AliasQualifiedNameSyntax alias => SimpleName(alias.Name),
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => name.ToString(),
        };

        internal static string TypeName(TypeDeclarationSyntax type) => type.Identifier.ValueText + "`" + (type.TypeParameterList?.Parameters.Count ?? 0);

        private static string[] EnclosingTypes(MemberDeclarationSyntax member)
            => member.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().Where(t => t.Modifiers.Any(SyntaxKind.PartialKeyword)).Select(TypeName).ToArray();

        /// <summary>An attributed class or method: a <c>[Flow]</c> class or <c>[FlowAction]</c> if its attributes say so.</summary>
        internal sealed class Candidate
        {
            public Candidate(MemberDeclarationSyntax node, string[] attributeNames, string[] partialTypes)
            {
                Node = node;
                WeakNode = new WeakReference<SyntaxNode>(node);
                AttributeNames = attributeNames;
                PartialTypes = partialTypes;
            }

            public MemberDeclarationSyntax Node { get; }

            /// <summary>The same node for keys to hold: made once per tree, not once per key.</summary>
            public WeakReference<SyntaxNode> WeakNode { get; }

            /// <summary>Simple names of its attributes, as written (<c>Flow</c>, <c>FlowAttribute</c>, an alias).</summary>
            public string[] AttributeNames { get; }

            /// <summary>The partial types it is, or is declared in: their other parts, in other files, are read with it.</summary>
            public string[] PartialTypes { get; }
        }
    }
}
