using System.Linq;
using System.Reflection;
using Xunit;

namespace Automations.Compiled.Tests
{
    /// <summary>
    /// The public constants users write must say exactly what the model (linked into the generator, which
    /// cannot reference the runtime) understands.
    /// </summary>
    public class PublicSurfaceTests
    {
        [Fact]
        public void Every_public_endpoint_constant_is_an_endpoint_of_the_model_and_back()
        {
            static string[] Constants(System.Type type) => type
                .GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral)
                .Select(f => $"{f.Name}={f.GetRawConstantValue()}")
                .OrderBy(s => s, System.StringComparer.Ordinal)
                .ToArray();

            Assert.Equal(Constants(typeof(Model.EndpointNames)), Constants(typeof(Endpoints)));
        }

        [Fact]
        public void Every_public_step_attribute_is_a_step_kind_of_the_model()
        {
            var attributes = typeof(StepAttribute).Assembly.GetExportedTypes()
                .Where(t => t.IsSubclassOf(typeof(StepAttribute)))
                .Select(t => t.Name.Replace("Attribute", ""))
                .OrderBy(n => n, System.StringComparer.Ordinal);
            // Code steps are written in JSON flows only (docs/json-flows.md): a C# flow's step methods are already code.
            var kinds = System.Enum.GetNames(typeof(Model.StepKind))
                .Where(n => n != nameof(Model.StepKind.Code))
                .OrderBy(n => n, System.StringComparer.Ordinal);

            Assert.Equal(kinds, attributes);
        }

        [Fact]
        public void Run_ids_are_unique_within_and_across_machines_and_threads()
        {
            // Each state machine has its own source; several on one thread take different blocks of that thread's ids.
            var ids = new System.Collections.Concurrent.ConcurrentBag<System.Guid>();
            System.Threading.Tasks.Parallel.For(0, 8, _ =>
            {
                var machines = new Runtime.RunIds[3];
                for (var i = 0; i < 10_000; i++)
                {
                    ids.Add(machines[i % machines.Length].Next());
                }
            });

            Assert.Equal(80_000, ids.Distinct().Count());
            Assert.DoesNotContain(System.Guid.Empty, ids);
        }
    }
}
