using System.Linq;
using System.Text.RegularExpressions;
using Automations.Compiled.Model;
using Automations.Compiled.Validation;

namespace Automations.Compiled.Emit
{
    /// <summary>
    /// The straight path: what a run with no options and no cancellation token needs of a flow that cannot suspend,
    /// await, retry, jump or loop. No observer, journal, clock or budget can be involved in such a run, so none of the
    /// machine is: the generator emits the flow's steps a second time as a static method over locals, with no step
    /// records, no budget counting and no run state, and <c>RunAsync</c> takes it after one test.
    /// </summary>
    internal sealed partial class FlowEmitter
    {
        /// <summary>The straight method's body, or null when the flow does not qualify (it then has the machine only).</summary>
        private string? _straight;

        /// <summary>The value a straight run ends with: the flow's <c>output</c> variable, when it declares one.</summary>
        private string StraightOutput => _flow.Variables.Any(v => v.Name == "output") ? VariableName("output") : "null";

        /// <summary>
        /// The most step executions a run can make, when the flow has no goto, foreach or run step (each step then
        /// executes at most once per try); null when it may repeat steps.
        /// </summary>
        private int? StepBound()
        {
            var total = 0;
            foreach (var node in _graph.Steps)
            {
                var step = node.Model;
                if (step.Kind is StepKind.ForEach or StepKind.Run || HasGoto(step))
                {
                    return null;
                }

                total += step.Retry is { Attempts: > 1 } retry ? retry.Attempts : 1;
            }

            return total;
        }

        private static bool HasGoto(StepModel step) => step.NextGoto is not null || step.Endpoints.Any(e => e.Goto is not null);

        /// <summary>
        /// True when every step the main sequence can reach is a synchronous action, set, condition or stop without a
        /// retry, a rollback, a goto or an argument that needs the run (its context, a secret): the straight path then
        /// computes exactly what the machine would.
        /// </summary>
        private bool StraightEligible()
        {
            if (!_bounded || _graph.Steps.Count(n => n.Scope.Context is null) > ChunkSize)
            {
                return false;
            }

            // A budget needs the machine: its clock and deadline, its spend, and a snapshot that keeps them.
            if (_flow.Safeguards.TimeBudget is not null || _flow.Safeguards.CostBudget is > 0)
            {
                return false;
            }

            foreach (var node in _graph.Steps)
            {
                var step = node.Model;
                if (step.Kind is not (StepKind.Action or StepKind.Code or StepKind.Set or StepKind.Condition or StepKind.Stop)
                    || Retries(step)
                    || step.OnError == ErrorMode.Rollback
                    || HasGoto(step))
                {
                    return false;
                }

                if (step.Call is { } call
                    && (call.ReturnKind is not (ReturnKind.Void or ReturnKind.Value)
                        || call.Arguments.Any(a => a.Kind is ArgumentKind.Context or ArgumentKind.Secret or ArgumentKind.Item or ArgumentKind.Index)))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Renders the straight method's steps at <paramref name="indent"/>, or null when the flow does not qualify.</summary>
        private string? RenderStraight(int indent)
        {
            if (!StraightEligible())
            {
                return null;
            }

            // Standalone scopes are entered only by goto or run, which a straight flow has none of.
            var code = new SourceWriter(indent);
            EmitScopeTree(code, _graph.Root, new Context(null, bounded: true, straight: true));
            var text = code.ToString();

            // A safety net under the rules above: code that still names a member of the machine stays on the machine.
            return MachineMember.IsMatch(StringsAndComments.Replace(text, "")) ? null : text;
        }

        private void EmitStraight(SourceWriter w, string body)
        {
            w.Line("// The straight path: a run with no options and no token. This flow cannot suspend, await, retry, jump or loop,");
            w.Line("// so it needs nothing of the machine: outputs and variables are locals, and no step is recorded or counted.");
            var input = _flow.InputType is { } inputType ? $", {inputType} Input" : "";
            w.Open($"internal static {Rt}.FlowResult RunStraight({FlowType} _flow{input})");
            w.Line("global::System.Threading.CancellationToken __ct = default;");
            w.Line("string? __message = null;");
            foreach (var field in Fields())
            {
                w.Line($"{field.Type} {field.Name} = default!; // {field.Comment}");
            }

            foreach (var variable in _flow.Variables.Where(v => v.Initializer is not null))
            {
                w.Line($"{VariableName(variable.Name)} = {variable.Initializer};");
            }

            w.Line();
            w.Raw(body);
            w.Label("__return");
            w.Line($"return StraightCompleted({StraightOutput});");
            w.Close();
            w.Line();
        }

        private static readonly Regex StringsAndComments = new(
            "\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\\n]|\\\\.)*'|//[^\\n]*|/\\*.*?\\*/",
            RegexOptions.Singleline | RegexOptions.CultureInvariant);

        /// <summary>The machine's instance members generated code may name, and <c>await</c>.</summary>
        private static readonly Regex MachineMember = new(
            @"(?<![\w.@])(?:await|BeginStep|BeginBoundedStep|BeginConcurrentStep|StepDone|StepFailed|Hop|ConcurrentHop|GotoScope|Frames|Now|Records"
            + @"|SecretAsync|PushCompensation|Suspend|Stop|TakeSignal|ResumeStep|Context|Trigger|RunId|TraceId|CheckpointDue|CheckpointAsync"
            + @"|RetryDelayAsync|RollbackAsync|RunSubflowAsync|Cancellation|Pc|ExitWith|ExitStatus|Redact|Compensated|BeginCompensation|this|base)\b",
            RegexOptions.CultureInvariant);
    }
}
