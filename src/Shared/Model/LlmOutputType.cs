using System;
using Automations.Compiled.Cel;

namespace Automations.Compiled.Model
{
    /// <summary>
    /// An <c>[LlmSchema]</c> class as the pipeline carries it (no symbols): what a JSON <c>llm</c> step that names it
    /// needs to bind, its JSON schema written at build time and the CEL shapes of it and its nested classes.
    /// </summary>
    /// <param name="Name">The name a flow writes: namespace-qualified, nested types with '.' (<c>MyApp.TicketClass</c>).</param>
    /// <param name="ClrType">The <c>global::</c>-qualified C# type.</param>
    /// <param name="Schema">The answer's JSON schema (compact), what the step sends and validates against; empty with a problem.</param>
    /// <param name="Shapes">The CEL shapes of the type and of the classes its properties hold.</param>
    /// <param name="Problem">Why a step cannot take this type as its output, saying what to do; null when it can.</param>
    internal sealed record LlmOutputType(string Name, string ClrType, string Schema, EquatableArray<CelObjectShape> Shapes, string? Problem)
    {
        /// <summary>How deep answer objects nest below the answer (<c>customer.address.city</c> is 2), inline schema or C# type.</summary>
        public const int MaxDepth = 4;

        /// <summary>The type a flow names, or null.</summary>
        public static LlmOutputType? Find(EquatableArray<LlmOutputType> types, string name)
        {
            foreach (var type in types)
            {
                if (string.Equals(type.Name, name, StringComparison.Ordinal))
                {
                    return type;
                }
            }

            return null;
        }
    }
}
