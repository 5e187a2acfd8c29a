using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace Automations.Compiled.Tests.Lifecycle
{
    /// <summary>
    /// The 20-state, 60-action template the lifecycle benchmarks measure: the generated table answers as a naive
    /// search over the same actions does, for every state, access level and action, and allocates nothing doing it.
    /// </summary>
    public class LifecycleScaleTests
    {
        private static readonly VirtualMachineLifecycle Template = new();
        private static readonly AccessLevel[] Levels = { AccessLevel.User, AccessLevel.Manager, AccessLevel.Root };

        private static IEnumerable<string?> StatesAndNone => Template.States.Select(s => (string?)s.Name).Append(null).Append("Exploded");

        [Fact]
        public void The_template_has_20_states_and_60_actions_with_every_kind_of_action()
        {
            Assert.Equal(20, Template.States.Count);
            Assert.Equal(60, Template.Actions.Count);
            Assert.Equal(11, Template.States.Count(s => s.IsTransit));
            Assert.Equal(new[] { "Archived" }, Template.States.Where(s => s.IsFinal).Select(s => s.Name));
            Assert.Equal(4, Template.Actions.Count(a => a.IsCreate));
            Assert.Equal(7, Template.Actions.Count(a => a.IsDestroy));
            Assert.Equal(3, Template.Actions.Select(a => a.Access).Distinct().Count());
            Assert.Equal(60, Template.Actions.Select(a => a.Reference).Distinct().Count());
            Assert.Equal(7, Template.Actions.Where(a => a.HasFlow).Select(a => a.FlowType).Distinct().Count());
        }

        [Fact]
        public void Offered_actions_are_those_from_the_state_the_caller_may_trigger_in_priority_order()
        {
            foreach (var state in StatesAndNone)
            {
                foreach (var access in Levels)
                {
                    var known = state is null || Template.FindState(state) >= 0;
                    var expected = Template.Actions.Where(a => known && a.From == state && a.Allows(access)).Select(a => a.Reference).ToArray();

                    Assert.Equal(expected, Template.GetAvailableActions(state, access).ToArray().Select(a => a.Reference));
                }
            }

            Assert.Equal(10, Template.GetAvailableActions("Running", AccessLevel.Root).Count);
            Assert.Equal(4, Template.GetAvailableActions("Running", AccessLevel.User).Count);

            // A name shared by several states gets a reference per state after the first (the one the benchmarks use).
            Assert.Equal("Running", Template.FindAction("enter-maintenance-running")!.From);
        }

        [Fact]
        public void Every_action_is_found_by_name_and_by_reference_from_its_state_only()
        {
            foreach (var state in StatesAndNone)
            {
                foreach (var action in Template.Actions)
                {
                    foreach (var key in new[] { action.Name, action.Reference })
                    {
                        var here = Template.Actions.FirstOrDefault(a => a.From == state && (a.Name == key || a.Reference == key));
                        var known = state is null || Template.FindState(state) >= 0;
                        var refusal = Template.TryGetAction(state, key, AccessLevel.Manager, out var found);

                        if (known && here is not null)
                        {
                            Assert.Same(here, found);
                            Assert.Equal(here.Allows(AccessLevel.Manager) ? LifecycleRefusal.None : LifecycleRefusal.AccessDenied, refusal);
                        }
                        else
                        {
                            Assert.Equal(LifecycleRefusal.NotAvailable, refusal);
                        }
                    }
                }
            }
        }

        [Fact]
        public void Offered_actions_and_triggers_by_name_and_reference_allocate_nothing()
        {
            var states = Template.States.Select(s => s.Name).Append(null).ToArray();
            var total = 0;
            void Lookups()
            {
                foreach (var state in states)
                {
                    foreach (var access in Levels)
                    {
                        foreach (var action in Template.GetAvailableActions(state, access))
                        {
                            total += action.Priority;
                        }
                    }
                }

                total += (int)Template.TryGetAction("Running", "Enter maintenance", AccessLevel.Manager, out _);
                total += (int)Template.TryGetAction("Running", "enter-maintenance-running", AccessLevel.Manager, out _);
                total += (int)Template.TryGetAction("Error", "Delete", AccessLevel.User, out _);
                total += (int)Template.TryGetAction("Locked", "unlock-and-start", AccessLevel.Root, out _);
                total += (int)Template.TryGetAction(null, "Create and start", AccessLevel.User, out _);
                total += (int)Template.TryGetAction("Stopped", "Suspend", AccessLevel.Root, out _);
                total += (int)Template.TryGetAction("Stopped", "Explode", AccessLevel.Root, out _);
            }

            for (var i = 0; i < 100; i++)
            {
                Lookups();
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1_000; i++)
            {
                Lookups();
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.NotEqual(0, total);
        }
    }
}
