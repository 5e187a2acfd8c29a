using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>Registration by <see cref="Type"/>, for flows that are only known at run time.</summary>
    public static class AutomationsOptionsExtensions
    {
        /// <summary>
        /// Hosts the compiled flow <paramref name="flowType"/>, as <see cref="AutomationsOptions.AddFlow{TFlow}"/> does, for a
        /// type that is not known at compile time (a flow compiled in memory by the <c>flow</c> tool, a plug-in).
        /// </summary>
        /// <exception cref="ArgumentException"><paramref name="flowType"/> is not a concrete <see cref="IFlowDefinition"/> class.</exception>
        public static AutomationsOptions AddFlow(this AutomationsOptions options, Type flowType)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(flowType);
            if (!flowType.IsClass || flowType.IsAbstract || !typeof(IFlowDefinition).IsAssignableFrom(flowType))
            {
                throw new ArgumentException($"{flowType.FullName} is not a compiled flow: it must be a concrete class implementing IFlowDefinition.", nameof(flowType));
            }

            if (!options.FlowTypes.Contains(flowType))
            {
                options.FlowTypes.Add(flowType);
            }

            return options;
        }
    }
}
