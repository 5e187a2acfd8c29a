using System;

namespace Automations.Compiled
{
    /// <summary>
    /// Makes a method (or the single public <c>Execute</c>/<c>ExecuteAsync</c> method of a class) callable from JSON flows as
    /// <c>{"type": "action", "action": "name", "inputs": {...}}</c>. The generator binds the step to the method at build
    /// time: inputs go to parameters by name, converted to their C# types; the return value is the step's output.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class FlowActionAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="name">The name JSON steps use in their <c>action</c> property, unique in the project.</param>
        public FlowActionAttribute(string name) => Name = name;

        /// <summary>The name JSON steps use in their <c>action</c> property.</summary>
        public string Name { get; }

        /// <summary>
        /// What one call costs against a flow's cost budget (<see cref="FlowAttribute.CostBudget"/>): tokens of an LLM call,
        /// cents of a paid API. Charged before each try; 0 (default) costs nothing.
        /// </summary>
        public long Cost { get; set; }

        /// <summary>Tags action policies can allow the action by (<c>"tag:email"</c>), besides its name.</summary>
        public string[]? Tags { get; set; }
    }
}
