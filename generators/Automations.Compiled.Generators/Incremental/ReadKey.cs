using System;
using System.Collections.Generic;
using System.Threading;
using Automations.Compiled.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Automations.Compiled.Generators.Incremental
{
    /// <summary>Which reader a <see cref="ReadKey"/> is for.</summary>
    internal enum ReadTarget
    {
        /// <summary>A class that may carry <c>[Flow]</c>.</summary>
        Flow,

        /// <summary>A method or class that may carry <c>[FlowAction]</c>.</summary>
        Action,
    }

    /// <summary>
    /// Everything the semantic read of one declaration depends on, as a value made without binding anything: where
    /// it is, the hash of the files that declare it (<see cref="Declaration"/>) and the hash of what it can see of
    /// the rest of the compilation (<see cref="Surroundings"/>). Equal keys read to equal models, so the read step
    /// runs only for keys that changed: an edit to a method body elsewhere changes no key, an edit to one flow
    /// changes that flow's key only.
    /// <para>
    /// To read, the key also holds the declaration and its compilation, weakly and outside equality. A key that
    /// compares equal to the previous run's is dropped (the driver keeps the old one, and does not read); a key that
    /// does not is read in the same run that made it, while the driver holds its compilation. So the references are
    /// alive whenever they are used, and pin nothing afterwards.
    /// </para>
    /// </summary>
    internal sealed class ReadKey : IEquatable<ReadKey>
    {
        private readonly WeakReference<SyntaxNode> _node;
        private readonly WeakReference<Compilation> _compilation;

        private ReadKey(ReadTarget target, string path, int position, Hash128 declaration, Surroundings surroundings, WeakReference<SyntaxNode> node, WeakReference<Compilation> compilation)
        {
            Target = target;
            Path = path;
            Position = position;
            Declaration = declaration;
            Surroundings = surroundings;
            _node = node;
            _compilation = compilation;
        }

        public ReadTarget Target { get; }

        /// <summary>The file of the declaration.</summary>
        public string Path { get; }

        /// <summary>Where the declaration starts in its file.</summary>
        public int Position { get; }

        /// <summary>The hash of the declaration's file, and of the other files that declare parts of its partial types.</summary>
        public Hash128 Declaration { get; }

        /// <summary>The compilation as the declaration sees it (a hash, computed when keys are compared).</summary>
        public Surroundings Surroundings { get; }

        /// <summary>The keys of the declarations in <paramref name="tree"/> that may be <c>[Flow]</c> classes or <c>[FlowAction]</c>s.</summary>
        public static EquatableArray<ReadKey> InTree(SyntaxTree tree, Compilation compilation, CancellationToken cancellationToken)
        {
            TreeFacts facts;
            CompilationFacts surroundings;
            try
            {
                facts = TreeFacts.Of(tree, cancellationToken);
                surroundings = CompilationFacts.Of(compilation, cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // A bug of ours must not lose flows: read every attributed declaration, every time.
                return Unkeyed(tree, compilation, cancellationToken);
            }

            var keys = new List<ReadKey>();
            foreach (var candidate in facts.Candidates)
            {
                var isFlow = candidate.Node is ClassDeclarationSyntax && MayBe(candidate.AttributeNames, "Flow", surroundings);
                var isAction = MayBe(candidate.AttributeNames, "FlowAction", surroundings);
                if (!isFlow && !isAction)
                {
                    continue;
                }

                var declaration = Hasher.Create();
                declaration.Add(facts.Text);
                foreach (var type in candidate.PartialTypes)
                {
                    declaration.Add(surroundings.PartsOf(type) ?? Hash128.Unique());
                }

                var hash = declaration.Finish();
                if (isFlow)
                {
                    keys.Add(new ReadKey(ReadTarget.Flow, tree.FilePath, candidate.Node.SpanStart, hash, surroundings.Surroundings, candidate.WeakNode, surroundings.Compilation));
                }

                if (isAction)
                {
                    keys.Add(new ReadKey(ReadTarget.Action, tree.FilePath, candidate.Node.SpanStart, hash, surroundings.Surroundings, candidate.WeakNode, surroundings.Compilation));
                }
            }

            return keys.ToEquatableArray();
        }

        /// <summary>The declaration and its compilation; false only if the key outlived them, which a key that is read never does.</summary>
        public bool TryResolve(out SyntaxNode node, out Compilation compilation)
        {
            if (_node.TryGetTarget(out var declaration) && _compilation.TryGetTarget(out var owner))
            {
                node = declaration;
                compilation = owner;
                return true;
            }

            node = null!;
            compilation = null!;
            return false;
        }

        public bool Equals(ReadKey? other)
            => other is not null
               && Target == other.Target
               && Position == other.Position
               && Declaration.Equals(other.Declaration)
               && string.Equals(Path, other.Path, StringComparison.Ordinal)
               && Surroundings.AreEqual(Surroundings, other.Surroundings);

        public override bool Equals(object? obj) => Equals(obj as ReadKey);

        public override int GetHashCode() => Declaration.GetHashCode() ^ Position;

        public override string ToString() => $"{Target} at {Path}@{Position}";

        private static bool MayBe(string[] attributeNames, string attribute, CompilationFacts surroundings)
        {
            foreach (var name in attributeNames)
            {
                if (surroundings.MayBe(name, attribute))
                {
                    return true;
                }
            }

            return false;
        }

        private static EquatableArray<ReadKey> Unkeyed(SyntaxTree tree, Compilation compilation, CancellationToken cancellationToken)
        {
            var keys = new List<ReadKey>();
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                if (node is ClassDeclarationSyntax or MethodDeclarationSyntax && node is MemberDeclarationSyntax { AttributeLists.Count: > 0 } member)
                {
                    var weakNode = new WeakReference<SyntaxNode>(member);
                    var unequal = new Surroundings(new WeakReference<Compilation>(null!));
                    foreach (var target in new[] { ReadTarget.Flow, ReadTarget.Action })
                    {
                        if (target == ReadTarget.Action || node is ClassDeclarationSyntax)
                        {
                            keys.Add(new ReadKey(target, tree.FilePath, member.SpanStart, Hash128.Unique(), unequal, weakNode, new WeakReference<Compilation>(compilation)));
                        }
                    }
                }
            }

            return keys.ToEquatableArray();
        }
    }
}
