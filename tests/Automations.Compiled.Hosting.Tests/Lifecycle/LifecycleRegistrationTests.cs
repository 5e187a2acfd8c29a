using System;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Host;
using Automations.Compiled.Hosting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Lifecycle
{
    /// <summary>A host refuses to start with a template it cannot serve, and says which action to fix and how.</summary>
    public sealed class LifecycleRegistrationTests : IDisposable
    {
        private readonly TempFolder _folder = new();

        public void Dispose() => _folder.Dispose();

        /// <summary>Builds and starts a host; returns why it did not start (null: it started, and was stopped again).</summary>
        private async Task<Exception?> StartFailureAsync(Action<AutomationsOptions> configure, Func<IServiceProvider, Task>? use = null)
        {
            var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(new Effects());
            builder.Services.AddAutomations(o =>
            {
                o.UseSqlite(_folder.File("registration.db"));
                configure(o);
            });
            using var host = builder.Build();
            try
            {
                await host.StartAsync();
                if (use is not null)
                {
                    await use(host.Services);
                }

                await host.StopAsync();
                return null;
            }
            catch (Exception error)
            {
                return error;
            }
        }

        [Fact]
        public async Task A_template_whose_flow_is_not_hosted_stops_the_host_and_names_the_fix()
        {
            var error = await StartFailureAsync(o => o.AddFlow<ProvisionServer>().AddFlow<DeployServer>().AddFlow<TeardownServer>().AddLifecycle<ServerLifecycle>());

            var refused = Assert.IsType<InvalidOperationException>(error);
            Assert.Equal(
                "The lifecycle templates cannot be hosted:" + Environment.NewLine +
                "- Lifecycle 'server' action 'Start' runs flow StartServer, which is not hosted: add it with AddAutomations(o => o.AddFlow<StartServer>())." + Environment.NewLine +
                "- Lifecycle 'server' action 'Restart' runs flow StartServer, which is not hosted: add it with AddAutomations(o => o.AddFlow<StartServer>()).",
                refused.Message);
        }

        [Fact]
        public async Task A_template_whose_flow_by_id_is_not_hosted_stops_the_host()
        {
            var error = await StartFailureAsync(o => o.AddLifecycle<OrderLifecycle>());

            Assert.Contains(
                "Lifecycle 'order' action 'Pay Now' runs flow 'charge-order', which is not hosted: add the flow class whose id is 'charge-order' with AddAutomations(o => o.AddFlow<TFlow>()).",
                Assert.IsType<InvalidOperationException>(error).Message,
                StringComparison.Ordinal);
        }

        [Fact]
        public async Task Flows_that_take_another_input_or_do_not_run_on_the_journal_are_refused_each_with_its_fix()
        {
            var error = await StartFailureAsync(o => o.AddFlow<ChargeOrder>().AddFlow<PingGadget>().AddLifecycle<GadgetLifecycle>());

            var message = Assert.IsType<InvalidOperationException>(error).Message;
            Assert.Contains(
                "- Lifecycle 'gadget' action 'Make' runs flow 'charge-order', whose input is Order; an action's flow takes the entity (Gadget) or no input: make it IFlow<Gadget>, or run another flow.",
                message,
                StringComparison.Ordinal);
            Assert.Contains(
                "- Lifecycle 'gadget' action 'Ping' runs flow 'ping-gadget', whose journal mode is none; an action's flow runs on the journal (its end moves the entity in the same commit): give it Journal = JournalMode.Durable (the default) or Checkpoint.",
                message,
                StringComparison.Ordinal);
        }

        [Fact]
        public async Task Two_templates_for_one_entity_type_are_refused()
        {
            var error = await StartFailureAsync(o => o.AddFlow<ProvisionServer>().AddFlow<StartServer>().AddFlow<DeployServer>().AddFlow<TeardownServer>()
                .AddLifecycle<ServerLifecycle>().AddLifecycle<ServerCopyLifecycle>());

            Assert.Equal(
                $"Lifecycles 'server' ({typeof(ServerLifecycle).FullName}) and 'server-copy' ({typeof(ServerCopyLifecycle).FullName}) both govern {typeof(Server).FullName}: " +
                "ILifecycle<Server> can serve one template; host one of them, or give the other its own entity type.",
                Assert.IsType<InvalidOperationException>(error).Message);
        }

        [Fact]
        public async Task Two_templates_with_one_id_are_refused_and_adding_one_template_twice_is_harmless()
        {
            var error = await StartFailureAsync(o => o.AddFlow<ProvisionServer>().AddFlow<StartServer>().AddFlow<DeployServer>().AddFlow<TeardownServer>()
                .AddLifecycle<ServerLifecycle>().AddLifecycle<ServerLifecycle>().AddLifecycle<ServerTwinLifecycle>());

            Assert.Equal(
                $"Lifecycle 'server' is added twice ({typeof(ServerLifecycle).FullName} and {typeof(ServerTwinLifecycle).FullName}); give one of them another id.",
                Assert.IsType<InvalidOperationException>(error).Message);
        }

        [Fact]
        public async Task A_lifecycle_for_an_entity_type_without_a_template_names_the_registration_to_add()
        {
            Exception? resolution = null;
            var error = await StartFailureAsync(
                o => o.AddFlow<ChargeOrder>().AddLifecycle<OrderLifecycle>(),
                services =>
                {
                    Assert.NotNull(services.GetRequiredService<ILifecycle<Order>>());
                    resolution = Record.Exception(() => services.GetRequiredService<ILifecycle<Gadget>>());
                    return Task.CompletedTask;
                });

            Assert.Null(error);
            Assert.Equal(
                $"No lifecycle template for {typeof(Gadget).FullName} is hosted: add its template with AddAutomations(o => o.AddLifecycle<TTemplate>()).",
                Assert.IsType<InvalidOperationException>(resolution).Message);
        }
    }
}
