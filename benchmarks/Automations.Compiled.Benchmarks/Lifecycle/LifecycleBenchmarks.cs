using System;
using System.Linq;
using Automations.Compiled.Tests.Lifecycle;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Automations.Compiled.Benchmarks.Lifecycle
{
    /// <summary>
    /// Look-ups in a lifecycle template of 20 states and 60 actions (<see cref="VirtualMachineLifecycle"/>, compiled by
    /// the generator): the actions offered for a state and an access level, and a trigger's resolution of an action by
    /// name or by reference from a state with the access check (<c>TryGetAction</c>). Each against an interpreter of the
    /// same template (<see cref="InterpretedLifecycle"/>). Eight look-ups per invocation (<c>OperationsPerInvoke</c>), so
    /// Mean and Allocated are per look-up. The states and action names are copies of the template's strings, as they
    /// would come from a database or a request, so no comparison takes a same-reference shortcut.
    /// </summary>
    [MemoryDiagnoser]
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    [CategoriesColumn]
    public class LifecycleBenchmarks
    {
        private const int Lookups = 8;
        private const string Available = "Available actions";
        private const string ByName = "Trigger by name";
        private const string ByReference = "Trigger by reference";

        private readonly VirtualMachineLifecycle _template = new();
        private InterpretedLifecycle _interpreter = null!;
        private (string? State, AccessLevel Access)[] _offers = null!;
        private (string? State, string Action, AccessLevel Access)[] _names = null!;
        private (string? State, string Action, AccessLevel Access)[] _references = null!;

        /// <summary>Builds the interpreter and checks that it and the generated table give the same answers.</summary>
        [GlobalSetup]
        public void Setup()
        {
            _interpreter = new InterpretedLifecycle(_template);
            _offers = new (string?, AccessLevel)[]
            {
                (null, AccessLevel.User), ("Stopped", AccessLevel.User), ("Stopped", AccessLevel.Root), ("Running", AccessLevel.Manager),
                ("Running", AccessLevel.Root), ("Degraded", AccessLevel.User), ("Maintenance", AccessLevel.Root), ("Error", AccessLevel.Manager),
            }.Select(o => (Copy(o.Item1), o.Item2)).ToArray();

            // Found and allowed, except one refused for its access level (Delete from Error needs Root).
            _names = new (string?, string, AccessLevel)[]
            {
                (null, "Create", AccessLevel.User), ("Stopped", "Start", AccessLevel.User), ("Running", "Enter maintenance", AccessLevel.Manager),
                ("Running", "Stop", AccessLevel.User), ("Suspended", "Resume", AccessLevel.User), ("Maintenance", "Leave maintenance", AccessLevel.Manager),
                ("Locked", "Unlock and start", AccessLevel.Root), ("Error", "Delete", AccessLevel.Manager),
            }.Select(t => (Copy(t.Item1), Copy(t.Item2)!, t.Item3)).ToArray();
            _references = _names.Select(t => (t.State, Copy(Reference(t.State, t.Action)), t.Access)).ToArray()!;

            var expectedOffers = new[] { 2, 3, 10, 9, 10, 4, 6, 6 };
            for (var i = 0; i < Lookups; i++)
            {
                var (state, access) = _offers[i];
                var generated = _template.GetAvailableActions(state, access).ToArray();
                var interpreted = _interpreter.GetAvailableActions(state, access).ToArray();
                if (!generated.SequenceEqual(interpreted) || generated.Length != expectedOffers[i])
                {
                    throw new InvalidOperationException($"Offered in {state ?? "(none)"} to {access}: generated {generated.Length}, interpreted {interpreted.Length}, expected {expectedOffers[i]}.");
                }
            }

            foreach (var (state, action, access) in _names.Concat(_references))
            {
                var generated = _template.TryGetAction(state, action, access, out var found);
                var interpreted = _interpreter.TryGetAction(state, action, access, out var alsoFound);
                var expected = action.StartsWith("Delete", StringComparison.Ordinal) || action.StartsWith("delete", StringComparison.Ordinal) ? LifecycleRefusal.AccessDenied : LifecycleRefusal.None;
                if (generated != expected || interpreted != expected || found is null || !ReferenceEquals(found, alsoFound))
                {
                    throw new InvalidOperationException($"'{action}' from {state ?? "(none)"}: generated {generated} ({found}), interpreted {interpreted} ({alsoFound}), expected {expected}.");
                }
            }
        }

        /// <summary>The interpreter: <c>actions.Where(a =&gt; a.From == state &amp;&amp; a.Allows(access))</c>, enumerated.</summary>
        [Benchmark(Baseline = true, OperationsPerInvoke = Lookups)]
        [BenchmarkCategory(Available)]
        public int AvailableActions_Interpreted()
        {
            var sum = 0;
            foreach (var (state, access) in _offers)
            {
                foreach (var action in _interpreter.GetAvailableActions(state, access))
                {
                    sum += action.Index;
                }
            }

            return sum;
        }

        /// <summary>The generated table: <c>template.GetAvailableActions(state, access)</c>, enumerated.</summary>
        [Benchmark(OperationsPerInvoke = Lookups)]
        [BenchmarkCategory(Available)]
        public int AvailableActions_Generated()
        {
            var sum = 0;
            foreach (var (state, access) in _offers)
            {
                foreach (var action in _template.GetAvailableActions(state, access))
                {
                    sum += action.Index;
                }
            }

            return sum;
        }

        /// <summary>The interpreter's dictionary, by name.</summary>
        [Benchmark(Baseline = true, OperationsPerInvoke = Lookups)]
        [BenchmarkCategory(ByName)]
        public int TriggerByName_Interpreted() => Interpreted(_names);

        /// <summary><c>template.TryGetAction(state, name, access, out action)</c>.</summary>
        [Benchmark(OperationsPerInvoke = Lookups)]
        [BenchmarkCategory(ByName)]
        public int TriggerByName_Generated() => Generated(_names);

        /// <summary>The interpreter's dictionary, by reference.</summary>
        [Benchmark(Baseline = true, OperationsPerInvoke = Lookups)]
        [BenchmarkCategory(ByReference)]
        public int TriggerByReference_Interpreted() => Interpreted(_references);

        /// <summary><c>template.TryGetAction(state, reference, access, out action)</c>.</summary>
        [Benchmark(OperationsPerInvoke = Lookups)]
        [BenchmarkCategory(ByReference)]
        public int TriggerByReference_Generated() => Generated(_references);

        private int Generated((string? State, string Action, AccessLevel Access)[] cases)
        {
            var sum = 0;
            foreach (var (state, action, access) in cases)
            {
                sum += (int)_template.TryGetAction(state, action, access, out var found) + found!.Index;
            }

            return sum;
        }

        private int Interpreted((string? State, string Action, AccessLevel Access)[] cases)
        {
            var sum = 0;
            foreach (var (state, action, access) in cases)
            {
                sum += (int)_interpreter.TryGetAction(state, action, access, out var found) + found!.Index;
            }

            return sum;
        }

        private string Reference(string? state, string name)
            => _template.Actions.Single(a => a.From == state && a.Name == name).Reference;

        private static string? Copy(string? text) => text is null ? null : new string(text.AsSpan());
    }
}
