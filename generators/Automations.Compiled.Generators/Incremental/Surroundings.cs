using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Automations.Compiled.Generators.Incremental
{
    /// <summary>
    /// The hash of everything a declaration's meaning can depend on outside its own files: the compilation's options
    /// and references, and the surface of every tree (<see cref="TreeFacts.Surface"/>). One per compilation, shared
    /// by its keys.
    /// <para>
    /// Computed only when two keys are compared, which a new driver (a command-line build) never does: hashing the
    /// surfaces of a project's trees the first time costs about as much as a third of a full run. An incremental run
    /// computes it for its compilation and the previous one; unchanged trees keep their surfaces, so after the first
    /// edit only edited trees are hashed again. If the previous compilation is gone by then, the keys compare unequal
    /// and their declarations are read again, which is never wrong.
    /// </para>
    /// </summary>
    internal sealed class Surroundings
    {
        // Identity of options and references: the same object from one compilation to the next when unchanged.
        private static readonly ConditionalWeakTable<object, StrongBox<long>> Identities = new();
        private static long _lastIdentity;

        private readonly WeakReference<Compilation> _compilation;
        private readonly object _gate = new();
        private Hash128? _value;
        private bool _computed;

        public Surroundings(WeakReference<Compilation> compilation) => _compilation = compilation;

        /// <summary>Whether two keys see the same surroundings; false when either can no longer tell.</summary>
        public static bool AreEqual(Surroundings left, Surroundings right)
            => ReferenceEquals(left, right) || (left.Value is { } a && right.Value is { } b && a.Equals(b));

        /// <summary>The hash, or null if the compilation was collected before anyone asked.</summary>
        public Hash128? Value
        {
            get
            {
                lock (_gate)
                {
                    if (!_computed && _compilation.TryGetTarget(out var compilation))
                    {
                        _value = Compute(compilation);
                        _computed = true;
                    }

                    return _value;
                }
            }
        }

        private static Hash128? Compute(Compilation compilation)
        {
            try
            {
                var hasher = Hasher.Create();
                hasher.Add(compilation.AssemblyName);
                hasher.Add(IdentityOf(compilation.Options));
                foreach (var reference in compilation.References)
                {
                    hasher.Add(IdentityOf(reference));
                }

                foreach (var tree in compilation.SyntaxTrees)
                {
                    hasher.Add(IdentityOf(tree.Options));
                    hasher.Add(TreeFacts.Of(tree, CancellationToken.None).Surface);
                }

                return hasher.Finish();
            }
            catch (Exception)
            {
                // A bug of ours: such keys never compare equal, so every declaration is read, as without keys.
                return null;
            }
        }

        /// <summary>A number that stands for one object for as long as it lives.</summary>
        private static long IdentityOf(object value)
            => Identities.GetValue(value, static _ => new StrongBox<long>(Interlocked.Increment(ref _lastIdentity))).Value;
    }
}
