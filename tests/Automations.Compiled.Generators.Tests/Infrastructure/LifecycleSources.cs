namespace Automations.Compiled.Generators.Tests.Infrastructure
{
    /// <summary>
    /// Lifecycle templates (SPEC §7) as a user writes them: SPEC's server as a <c>[Lifecycle]</c> class and as its
    /// <c>*.lifecycle.json</c> twin, with the entity and the flows they run.
    /// </summary>
    internal static class LifecycleSources
    {
        /// <summary>Where the JSON twin is compiled from, as a build passes it.</summary>
        public const string JsonPath = "lifecycles/server.lifecycle.json";

        /// <summary>The entity (a <c>Machine</c>, which is an <c>IMachine</c>) and the flows the templates run.</summary>
        public const string Entities = """
            using Automations.Compiled;

            namespace Demo
            {
                public interface IMachine
                {
                    string Name { get; }
                }

                public abstract record Machine(string Name) : IMachine;

                public sealed record Server(string Name) : Machine(Name);

                public sealed record Invoice(string Number);

                [Flow("provision-server")]
                public partial class ProvisionServer : IFlow<Server>
                {
                    [Action(1)]
                    private static string Provision(Server server) => "provisioned " + server.Name;
                }

                [Flow("start-server")]
                public partial class StartServer : IFlow<Server>
                {
                    [Action(1)]
                    private static string Boot(Server server) => "booted " + server.Name;
                }

                [Flow("send-invoice")]
                public partial class SendInvoice : IFlow<Invoice>
                {
                    [Action(1)]
                    private static string Send(Invoice invoice) => "sent " + invoice.Number;
                }
            }
            """;

        /// <summary>SPEC §7's server: created, started, stopped, restarted from two states, reset, archived and destroyed.</summary>
        public const string Template = """
            using Automations.Compiled;

            namespace Demo
            {
                /// <summary>A virtual server.</summary>
                [Lifecycle("server", typeof(Server), Description = "A virtual server")]
                [LifecycleState("Provisioning")]
                [LifecycleState("Stopped")]
                [LifecycleState("Starting")]
                [LifecycleState("Running")]
                [LifecycleState("Stopping")]
                [LifecycleState("Error")]
                [LifecycleState("Deleting")]
                [LifecycleState("Archived", Final = true)]
                [LifecycleAction("Create", Transit = "Provisioning", To = "Stopped", Flow = typeof(ProvisionServer))]
                [LifecycleAction("Start", From = "Stopped", Transit = "Starting", To = "Running", Error = "Error", Flow = typeof(StartServer), Priority = 1)]
                [LifecycleAction("Destroy", From = "Stopped", Transit = "Deleting", Access = AccessLevel.Manager, Priority = 9)]
                [LifecycleAction("Archive", From = "Stopped", Transit = "Deleting", To = "Archived", Access = AccessLevel.Root, Priority = 5)]
                [LifecycleAction("Stop", From = "Running", Transit = "Stopping", To = "Stopped", Priority = 1)]
                [LifecycleAction("Restart", From = "Running", Transit = "Starting", To = "Running", Error = "Error", Flow = typeof(StartServer), Priority = 2)]
                [LifecycleAction("Restart", From = "Error", Transit = "Starting", To = "Running", Error = "Error", Flow = typeof(StartServer), Priority = 1)]
                [LifecycleAction("Reset", Reference = "force-stop", From = "Error", Transit = "Stopping", To = "Stopped", Access = AccessLevel.Manager, Priority = 2, Note = "Clears the error")]
                public partial class ServerLifecycle
                {
                }
            }
            """;

        /// <summary>The same template as a JSON file (id <c>server-json</c>, so both can live in one project).</summary>
        public const string Json = """
            {
              "lifecycle": "server-json",
              "description": "A virtual server",
              "namespace": "Demo.Lifecycles",
              "entity": "Demo.Server",
              "states": ["Provisioning", "Stopped", "Starting", "Running", "Stopping", "Error", "Deleting", { "name": "Archived", "final": true }],
              "actions": [
                { "name": "Create", "transit": "Provisioning", "to": "Stopped", "flow": "provision-server" },
                { "name": "Start", "from": "Stopped", "transit": "Starting", "to": "Running", "error": "Error", "flow": "start-server", "priority": 1 },
                { "name": "Destroy", "from": "Stopped", "transit": "Deleting", "access": "Manager", "priority": 9 },
                { "name": "Archive", "from": "Stopped", "transit": "Deleting", "to": "Archived", "access": "Root", "priority": 5 },
                { "name": "Stop", "from": "Running", "transit": "Stopping", "to": "Stopped", "priority": 1 },
                { "name": "Restart", "from": "Running", "transit": "Starting", "to": "Running", "error": "Error", "flow": "start-server", "priority": 2 },
                { "name": "Restart", "from": "Error", "transit": "Starting", "to": "Running", "error": "Error", "flow": "start-server", "priority": 1 },
                { "name": "Reset", "reference": "force-stop", "from": "Error", "transit": "Stopping", "to": "Stopped", "access": "Manager", "priority": 2, "note": "Clears the error" }
              ]
            }
            """;

        /// <summary>A small valid template in JSON: <paramref name="id"/>, created into Running (by <paramref name="flow"/> when set), stopped for good.</summary>
        public static string SmallJson(string id, string entity = "Demo.Server", string? flow = "start-server")
        {
            var runs = flow is null ? "" : $", \"flow\": \"{flow}\"";
            return $$"""
                {
                  "lifecycle": "{{id}}",
                  "entity": "{{entity}}",
                  "states": ["Starting", "Running", "Stopping", { "name": "Stopped", "final": true }],
                  "actions": [
                    { "name": "Create", "transit": "Starting", "to": "Running"{{runs}} },
                    { "name": "Stop", "from": "Running", "transit": "Stopping", "to": "Stopped" }
                  ]
                }
                """;
        }
    }
}
