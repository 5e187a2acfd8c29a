using Automations.Compiled.Model;

namespace Automations.Compiled.Cel
{
    /// <summary>
    /// A trigger's CEL condition (<c>trigger.record.amount &gt; 1000</c>, <c>trigger.payload.kind == "refund"</c>): it
    /// sees only <c>trigger</c>, and both front ends compile it the same way to a C# predicate over
    /// <c>FlowTrigger</c> that the host evaluates before it starts a run.
    /// </summary>
    internal static class TriggerCondition
    {
        /// <summary>The name of the generated predicate's parameter.</summary>
        public const string Parameter = "__trigger";

        /// <summary>What CEL sees of <c>FlowTrigger</c>: <c>trigger.kind</c>, <c>.record</c>, <c>.old</c>, <c>.payload</c>, <c>.event</c>.</summary>
        public static readonly CelObjectShape Shape = new(
            "global::Automations.Compiled.FlowTrigger",
            new EquatableArray<CelField>(new[]
            {
                new CelField("kind", "Kind", CelType.String, "string"),
                new CelField("record", "Record", CelType.Dyn, "object"),
                new CelField("old", "Old", CelType.Dyn, "object"),
                new CelField("payload", "Payload", CelType.Dyn, "object"),
                new CelField("event", "EventName", CelType.Dyn, "string"),
            }));

        /// <summary>Compiles <paramref name="text"/> to a C# boolean expression over <see cref="Parameter"/>.</summary>
        public static CelCompilation Compile(string text)
            => CelCompiler.Compile(
                text,
                new CelEnvironment(new[] { new CelVariable("trigger", CelType.Object(Shape.ClrType), Shape.ClrType, Parameter) }, new[] { Shape }),
                new CelTarget(CelType.Bool, "bool"));
    }
}
