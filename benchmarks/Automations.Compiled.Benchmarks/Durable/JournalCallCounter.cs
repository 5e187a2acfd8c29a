using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Threading;
using Automations.Compiled.Hosting;

namespace Automations.Compiled.Benchmarks.Durable
{
    /// <summary>Counts the host's calls to its journal by operation (reads and writes alike), for the diagnostics table.</summary>
    internal sealed class JournalCallCounter
    {
        private readonly ConcurrentDictionary<string, long[]> _calls = new(StringComparer.Ordinal);

        /// <summary>A journal that counts each call, then forwards it to <paramref name="inner"/>.</summary>
        public IRunJournal Wrap(IRunJournal inner)
        {
            var proxy = DispatchProxy.Create<IRunJournal, CountingJournal>();
            ((CountingJournal)(object)proxy).Attach(inner, this);
            return proxy;
        }

        /// <summary>Sees every call (its operation and arguments) before it is forwarded; for taking samples of what the host writes.</summary>
        public Action<string, object?[]?>? Observe { get; set; }

        /// <summary>Calls so far, by operation.</summary>
        public IReadOnlyDictionary<string, long> Snapshot() => _calls.ToDictionary(c => c.Key, c => Interlocked.Read(ref c.Value[0]), StringComparer.Ordinal);

        private void Count(string operation) => Interlocked.Increment(ref _calls.GetOrAdd(operation, _ => new long[1])[0]);

        /// <summary>The proxy (public with a parameterless constructor, as <see cref="DispatchProxy"/> requires).</summary>
        public class CountingJournal : DispatchProxy
        {
            private IRunJournal _inner = null!;
            private JournalCallCounter _counter = null!;

            internal void Attach(IRunJournal inner, JournalCallCounter counter)
            {
                _inner = inner;
                _counter = counter;
            }

            /// <inheritdoc />
            protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
            {
                ArgumentNullException.ThrowIfNull(targetMethod);
                _counter.Count(targetMethod.Name);
                _counter.Observe?.Invoke(targetMethod.Name, args);
                try
                {
                    return targetMethod.Invoke(_inner, args);
                }
                catch (TargetInvocationException error) when (error.InnerException is not null)
                {
                    ExceptionDispatchInfo.Capture(error.InnerException).Throw();
                    throw;
                }
            }
        }
    }
}
