using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Automations.Compiled.Generators.Incremental
{
    /// <summary>
    /// What the pipeline needs to know of a compilation, computed once per compilation from the facts of its trees:
    /// <see cref="Surroundings"/>, the hash of everything a declaration's meaning can depend on outside its own files
    /// (options, references, and every tree's surface), the files each partial type is declared in, and the using
    /// aliases.
    /// </summary>
    internal sealed class CompilationFacts
    {
        private static readonly ConditionalWeakTable<Compilation, CompilationFacts> Cache = new();

        // Identity of options and references: the same object from one compilation to the next when unchanged.
        private static readonly ConditionalWeakTable<object, StrongBox<long>> Identities = new();
        private static long _lastIdentity;

        private readonly Dictionary<string, Hash128> _partialTypes;
        private readonly Dictionary<string, List<string>> _aliases;

        private CompilationFacts(Compilation compilation, Hash128 surroundings, Dictionary<string, Hash128> partialTypes, Dictionary<string, List<string>> aliases)
        {
            Compilation = new WeakReference<Compilation>(compilation);
            Surroundings = surroundings;
            _partialTypes = partialTypes;
            _aliases = aliases;
        }

        public Hash128 Surroundings { get; }

        /// <summary>The compilation, for keys to hold: made once per compilation, not once per key.</summary>
        public WeakReference<Compilation> Compilation { get; }

        public static CompilationFacts Of(Compilation compilation, CancellationToken cancellationToken)
        {
            if (Cache.TryGetValue(compilation, out var facts))
            {
                return facts;
            }

            facts = Compute(compilation, cancellationToken);
            return Cache.GetValue(compilation, _ => facts);
        }

        /// <summary>The hash of every file that declares a part of the partial type <paramref name="typeName"/> (<c>Name`arity</c>).</summary>
        public Hash128? PartsOf(string typeName) => _partialTypes.TryGetValue(typeName, out var hash) ? hash : null;

        /// <summary>
        /// Whether an attribute written <paramref name="written"/> may be the attribute <paramref name="name"/>
        /// (<c>Flow</c>): by its name with or without the suffix, or through a using alias of either. Only a guess; the
        /// read checks the attribute's type.
        /// </summary>
        public bool MayBe(string written, string name)
        {
            if (Matches(written, name))
            {
                return true;
            }

            if (_aliases.TryGetValue(written, out var targets))
            {
                foreach (var target in targets)
                {
                    if (Matches(target, name))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool Matches(string written, string name)
            => string.Equals(written, name, StringComparison.Ordinal)
               || (written.Length == name.Length + "Attribute".Length && written.StartsWith(name, StringComparison.Ordinal) && written.EndsWith("Attribute", StringComparison.Ordinal));

        private static CompilationFacts Compute(Compilation compilation, CancellationToken cancellationToken)
        {
            var surroundings = Hasher.Create();
            surroundings.Add(compilation.AssemblyName);
            surroundings.Add(IdentityOf(compilation.Options));
            foreach (var reference in compilation.References)
            {
                surroundings.Add(IdentityOf(reference));
            }

            var partialTypes = new Dictionary<string, Hasher>(StringComparer.Ordinal);
            var aliases = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var tree in compilation.SyntaxTrees)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var facts = TreeFacts.Of(tree, cancellationToken);
                surroundings.Add(IdentityOf(tree.Options));
                surroundings.Add(facts.Surface);
                foreach (var type in facts.PartialTypes)
                {
                    var parts = partialTypes.TryGetValue(type, out var existing) ? existing : Hasher.Create();
                    parts.Add(facts.Text);
                    partialTypes[type] = parts;
                }

                foreach (var alias in facts.Aliases)
                {
                    if (!aliases.TryGetValue(alias.Key, out var targets))
                    {
                        aliases[alias.Key] = targets = new List<string>();
                    }

                    targets.Add(alias.Value);
                }
            }

            var files = new Dictionary<string, Hash128>(partialTypes.Count, StringComparer.Ordinal);
            foreach (var type in partialTypes)
            {
                files[type.Key] = type.Value.Finish();
            }

            return new CompilationFacts(compilation, surroundings.Finish(), files, aliases);
        }

        /// <summary>A number that stands for one object for as long as it lives.</summary>
        private static long IdentityOf(object value)
            => Identities.GetValue(value, static _ => new StrongBox<long>(Interlocked.Increment(ref _lastIdentity))).Value;
    }
}
