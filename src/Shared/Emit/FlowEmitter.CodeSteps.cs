using System.Linq;
using Automations.Compiled.Model;

namespace Automations.Compiled.Emit
{
    internal sealed partial class FlowEmitter
    {
        /// <summary>
        /// The namespaces a code step's snippet sees without qualifying (docs/json-flows.md, "Code steps"): those of
        /// ImplicitUsings minus files, network and threads. Only flows with code steps get them, so other output is unchanged.
        /// </summary>
        private void CodeStepUsings(SourceWriter w)
        {
            if (_flow.ContainingTypes.Count > 0 || !_graph.Steps.Any(s => s.Model.Kind == StepKind.Code))
            {
                return;
            }

            w.Line("using global::System;");
            w.Line("using global::System.Collections.Generic;");
            w.Line("using global::System.Linq;");
            w.Line("using global::System.Threading.Tasks;");
            w.Line();
        }
    }
}
