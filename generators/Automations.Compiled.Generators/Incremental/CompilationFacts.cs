using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Automations.Compiled.Generators.Incremental
{
    /// <summary>
    /// What the pipeline needs to know of a compilation, computed once per compilation from the facts of its trees:
    /// the files each partial type is declared in, the using aliases, and (computed only if keys are compared)
    /// <see cref="Surroundings"/>.
    /// </summary>
    internal sealed class CompilationFacts
    {
        private static readonly ConditionalWeakTable<Compilation, CompilationFacts> Cache = new();

        private readonly Dictionary<string, Hash128> _partialTypes;
        private readonly Dictionary<string, List<string>> _aliases;

        private CompilationFacts(Compilation compilation, Dictionary<string, Hash128> partialTypes, Dictionary<string, List<string>> aliases)
        {
            Compilation = new WeakReference<Compilation>(compilation);
            Surroundings = new Surroundings(Compilation);
            _partialTypes = partialTypes;
            _aliases = aliases;
        }

        public Surroundings Surroundings { get; }

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
            var partialTypes = new Dictionary<string, Hasher>(StringComparer.Ordinal);
            var aliases = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var tree in compilation.SyntaxTrees)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var facts = TreeFacts.Of(tree, cancellationToken);
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

            return new CompilationFacts(compilation, files, aliases);
        }
    }
}
