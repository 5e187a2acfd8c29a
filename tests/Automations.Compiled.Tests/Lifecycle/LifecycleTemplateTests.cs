using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace Automations.Compiled.Tests.Lifecycle
{
    /// <summary>SPEC §7 through the generated transition table: offered actions, look-ups, refusals, and the JSON twin.</summary>
    public class LifecycleTemplateTests
    {
        private static readonly ServerLifecycle Template = new();

        private static string[] Offered(LifecycleTemplate template, string? state, AccessLevel access)
        {
            var names = new List<string>();
            foreach (var action in template.GetAvailableActions(state, access))
            {
                names.Add(action.Reference);
            }

            return names.ToArray();
        }

        [Fact]
        public void The_template_lists_its_states_in_declaration_order_and_marks_transit_and_final_states()
        {
            Assert.Equal("server", Template.Id);
            Assert.Equal(typeof(Server), Template.EntityType);
            Assert.Equal(new[] { "Provisioning", "Stopped", "Starting", "Running", "Stopping", "Error", "Deleting", "Archived" }, Template.States.Select(s => s.Name));
            Assert.Equal(new[] { "Provisioning", "Starting", "Stopping", "Deleting" }, Template.States.Where(s => s.IsTransit).Select(s => s.Name));
            Assert.Equal(new[] { "Archived" }, Template.States.Where(s => s.IsFinal).Select(s => s.Name));
            Assert.Equal(Enumerable.Range(0, Template.States.Count), Template.States.Select(s => s.Index));
        }

        [Fact]
        public void Actions_are_in_priority_order_with_references_generated_from_their_names()
        {
            Assert.Equal(
                new[] { "create", "start", "stop", "restart-error", "restart", "force-stop", "archive", "destroy" },
                Template.Actions.Select(a => a.Reference));
            Assert.Equal(Enumerable.Range(0, Template.Actions.Count), Template.Actions.Select(a => a.Index));

            var start = Template.FindAction("start")!;
            Assert.Equal(("Start", "Stopped", "Starting", "Running", "Error"), (start.Name, start.From, start.Transit, start.To, start.Error));
            Assert.Equal(typeof(StartServer), start.FlowType);
            Assert.True(start.HasFlow);
            Assert.Equal("Error", start.OnFailure);

            var create = Template.FindAction("create")!;
            Assert.True(create.IsCreate);
            Assert.Null(create.OnFailure);
            var destroy = Template.FindAction("destroy")!;
            Assert.True(destroy.IsDestroy);
            Assert.False(destroy.HasFlow);
            Assert.Equal(AccessLevel.Manager, destroy.Access);
            Assert.Equal("Clears the error", Template.FindAction("force-stop")!.Note);
            Assert.Null(Template.FindAction("nope"));
        }

        [Theory]
        [InlineData(null, AccessLevel.User, "create")]
        [InlineData("Stopped", AccessLevel.User, "start")]
        [InlineData("Stopped", AccessLevel.Manager, "start,destroy")]
        [InlineData("Stopped", AccessLevel.Root, "start,archive,destroy")]
        [InlineData("Running", AccessLevel.User, "stop,restart")]
        [InlineData("Error", AccessLevel.User, "restart-error")]
        [InlineData("Error", AccessLevel.Root, "restart-error,force-stop")]
        [InlineData("Starting", AccessLevel.Root, "")]
        [InlineData("Archived", AccessLevel.Root, "")]
        [InlineData("Exploded", AccessLevel.Root, "")]
        public void Available_actions_follow_the_state_and_the_access_level_in_priority_order(string? state, AccessLevel access, string expected)
        {
            var offered = Offered(Template, state, access);

            Assert.Equal(expected.Length == 0 ? Array.Empty<string>() : expected.Split(','), offered);
            Assert.Equal(offered.Length, Template.GetAvailableActions(state, access).Count);
            Assert.Equal(offered, Template.GetAvailableActions(state, access).ToArray().Select(a => a.Reference));
        }

        [Theory]
        [InlineData("Stopped", "Start", AccessLevel.User, LifecycleRefusal.None, "start")]
        [InlineData("Stopped", "start", AccessLevel.User, LifecycleRefusal.None, "start")]
        [InlineData("Error", "Restart", AccessLevel.User, LifecycleRefusal.None, "restart-error")]
        [InlineData("Running", "Restart", AccessLevel.User, LifecycleRefusal.None, "restart")]
        [InlineData("Error", "restart", AccessLevel.User, LifecycleRefusal.NotAvailable, "restart")]
        [InlineData("Running", "Start", AccessLevel.Root, LifecycleRefusal.NotAvailable, "start")]
        [InlineData("Stopped", "Destroy", AccessLevel.User, LifecycleRefusal.AccessDenied, "destroy")]
        [InlineData("Stopped", "destroy", AccessLevel.Manager, LifecycleRefusal.None, "destroy")]
        [InlineData("Stopped", "Archive", AccessLevel.Manager, LifecycleRefusal.AccessDenied, "archive")]
        [InlineData(null, "Create", AccessLevel.User, LifecycleRefusal.None, "create")]
        [InlineData(null, "Start", AccessLevel.User, LifecycleRefusal.NotAvailable, "start")]
        [InlineData("Stopped", "Create", AccessLevel.User, LifecycleRefusal.NotAvailable, "create")]
        [InlineData("Stopped", "Explode", AccessLevel.Root, LifecycleRefusal.UnknownAction, null)]
        [InlineData("Exploded", "Start", AccessLevel.Root, LifecycleRefusal.NotAvailable, "start")]
        public void An_action_is_found_by_name_or_reference_from_the_current_state_and_refused_with_a_reason(
            string? state, string action, AccessLevel access, LifecycleRefusal expected, string? reference)
        {
            var refusal = Template.TryGetAction(state, action, access, out var found);

            Assert.Equal(expected, refusal);
            Assert.Equal(reference, found?.Reference);
        }

        [Fact]
        public void The_JSON_template_compiles_to_the_same_table_as_the_CSharp_one()
        {
            var json = new ServerJsonLifecycle();

            Assert.Equal("server-json", json.Id);
            Assert.Equal(typeof(Server), json.EntityType);
            Assert.Equal(Template.States.Select(s => (s.Name, s.IsFinal, s.IsTransit)), json.States.Select(s => (s.Name, s.IsFinal, s.IsTransit)));
            Assert.Equal(
                Template.Actions.Select(a => (a.Name, a.Reference, a.Priority, a.Access, a.From, a.Transit, a.To, a.Error, a.HasFlow, a.Note)),
                json.Actions.Select(a => (a.Name, a.Reference, a.Priority, a.Access, a.From, a.Transit, a.To, a.Error, a.HasFlow, a.Note)));
            Assert.Equal("start-server", json.FindAction("start")!.FlowId);
            Assert.Null(json.FindAction("start")!.FlowType);
            foreach (var state in Template.States.Select(s => s.Name).Append(null))
            {
                foreach (var access in new[] { AccessLevel.User, AccessLevel.Manager, AccessLevel.Root })
                {
                    Assert.Equal(Offered(Template, state, access), Offered(json, state, access));
                }
            }
        }

        [Fact]
        public void Looking_up_offered_actions_and_triggers_allocates_nothing()
        {
            var count = 0;
            void Lookups()
            {
                foreach (var action in Template.GetAvailableActions("Stopped", AccessLevel.Root))
                {
                    count += action.Priority;
                }

                count += Template.GetAvailableActions("Error", AccessLevel.User).Count;
                count += (int)Template.TryGetAction("Running", "Restart", AccessLevel.User, out _);
                count += (int)Template.TryGetAction("Stopped", "Destroy", AccessLevel.User, out _);
                count += (int)Template.TryGetAction("Stopped", "Explode", AccessLevel.User, out _);
                count += Template.FindState("Archived");
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
            Assert.NotEqual(0, count);
        }
    }
}
