using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Automations.Compiled.Cel;
using Automations.Compiled.Graphs;
using Automations.Compiled.Model;
using Automations.Compiled.Validation;

namespace Automations.Compiled.Emit
{
    /// <summary>
    /// Turns a valid flow model into a state machine: straight-line code with one label per step, gotos
    /// for control flow (SPEC §2), a switch only where a suspended run resumes, typed fields for outputs
    /// and variables, and generated save/restore of those fields.
    /// </summary>
    internal sealed partial class FlowEmitter
    {
        private const string Rt = "global::Automations.Compiled";
        private const string Runtime = "global::Automations.Compiled.Runtime";
        private const string Tasks = "global::System.Threading.Tasks";

        private readonly FlowModel _flow;
        private readonly FlowGraph _graph;
        private readonly string _tool;
        private readonly string _version;
        private readonly List<string> _resumePoints = new();
        private readonly List<string> _checkpointLabels = new();
        private readonly Dictionary<string, (int Segment, int Id)> _labels = new(StringComparer.Ordinal);
        private readonly List<string> _labelOrder = new();
        private int _nextReturn = 1;

        /// <summary>True when the main context's step executions are bounded at build time within the budget: it counts none.</summary>
        private readonly bool _bounded;

        /// <summary>Steps per method of the main context: no method comes near the JIT's IL size limit.</summary>
        internal const int ChunkSize = 64;

        private FlowEmitter(FlowModel flow, string tool, string version)
        {
            _flow = flow;
            _graph = new FlowGraph(flow);
            _tool = tool;
            _version = version;
            _bounded = StepBound() is { } bound && bound <= flow.StepBudget;
        }

        /// <summary>The file name of a flow's generated source.</summary>
        public static string HintName(FlowModel flow)
            => GeneratedType.HintName(flow.Namespace, flow.ContainingTypes, flow.TypeName, flow.SourceKey, ".Flow.g.cs");

        /// <summary>The state machine of a valid flow.</summary>
        public static string Emit(FlowModel flow, string tool, string version) => new FlowEmitter(flow, tool, version).EmitFlow();

        /// <summary>Compilable code for an invalid flow: every entry point throws, so the user sees our diagnostics, not a cascade.</summary>
        /// <param name="errorIds">The ids of the errors, named in the exception message.</param>
        public static string EmitInvalid(FlowModel flow, IEnumerable<string> errorIds, string tool, string version)
        {
            var emitter = new FlowEmitter(flow, tool, version);
            var w = new SourceWriter();
            var ids = string.Join(", ", errorIds.Distinct());
            var message = Literal($"Flow '{flow.Id}' has build errors ({ids}) and cannot run; fix them and rebuild.");
            emitter.OpenType(w);
            emitter.EmitSurface(w);
            w.Line($"/// <summary>Not available: the flow has build errors.</summary>");
            w.Line($"public {Rt}.FlowInfo Info => throw new global::System.InvalidOperationException({message});");
            w.Line();
            emitter.EmitRunSignature(w, out var runParameters);
            w.Line($"    => throw new global::System.InvalidOperationException({message});");
            w.Line();
            w.Line($"{Tasks}.ValueTask<{Rt}.FlowResult> {Rt}.IFlowDefinition.RunAsync(object? input, {Rt}.FlowRunOptions? options, global::System.Threading.CancellationToken cancellationToken)");
            w.Line($"    => throw new global::System.InvalidOperationException({message});");
            w.Line();
            w.Line($"/// <summary>Not available: the flow has build errors.</summary>");
            w.Line($"public {Tasks}.ValueTask<{Rt}.FlowResult> ResumeAsync({Rt}.FlowSnapshot snapshot, {Rt}.ResumeSignal signal, {Rt}.FlowRunOptions? options = null, global::System.Threading.CancellationToken cancellationToken = default)");
            w.Line($"    => throw new global::System.InvalidOperationException({message});");
            emitter.CloseType(w);
            return w.ToString();
        }

        private void EmitSurface(SourceWriter w)
        {
            foreach (var member in _flow.Surface)
            {
                w.Line(member.TrimEnd('\n'));
                w.Line();
            }
        }

        private string FlowType
            => "global::" + (_flow.Namespace is null ? "" : _flow.Namespace + ".")
               + string.Concat(_flow.ContainingTypes.Select(t => t.Split(' ').Last() + ".")) + _flow.TypeName;

        private string EmitFlow()
        {
            var w = new SourceWriter();
            OpenType(w);
            EmitInfo(w);
            EmitSurface(w);
            foreach (var member in _flow.Members)
            {
                w.Line(member.TrimEnd('\n'));
                w.Line();
            }

            _straight = RenderStraight(w.Indent + 2);
            EmitEntryPoints(w);
            EmitMachine(w);
            CloseType(w);
            return w.ToString();
        }

        private void OpenType(SourceWriter w)
        {
            w.Line("// <auto-generated/>");
            w.Line($"// The state machine of flow '{_flow.Id}' v{_flow.Version}, generated from {(_flow.Origin == FlowOrigin.CSharp ? "the attributed class" : "its JSON file")}.");
            w.Line("#nullable enable");
            w.Line("#pragma warning disable CS0162, CS0164, CS0168, CS0219, CS1998, CS8600, CS8601, CS8602, CS8603, CS8604, CS8619, CS8625");
            w.Line();
            GeneratedType.OpenScopes(w, _flow.Namespace, _flow.ContainingTypes);
            CodeStepUsings(w);
            w.Line($"[global::System.CodeDom.Compiler.GeneratedCode({Literal(_tool)}, {Literal(_version)})]");
            w.Open($"{_flow.TypeDeclaration} {_flow.TypeName} : {Rt}.IFlowDefinition");
        }

        private void CloseType(SourceWriter w) => GeneratedType.CloseScopes(w, _flow.Namespace, _flow.ContainingTypes);

        private void EmitInfo(SourceWriter w)
        {
            var stepIds = string.Join(", ", _graph.Steps.Select(s => Literal(s.Model.Id)));
            var roles = string.Join(", ", _flow.Roles.Select(Literal));
            var input = _flow.InputType is null ? "null" : $"typeof({_flow.InputType.TrimEnd('?')})";
            w.Line($"private static readonly {Rt}.FlowInfo __info = new(");
            w.Line($"    {Literal(_flow.Id)}, {_flow.Version}, {(_flow.Description is null ? "null" : Literal(_flow.Description))}, {input}, {Rt}.JournalMode.{_flow.Journal},");
            w.Line($"    new string[] {{ {roles} }},");
            var trigger = _flow.Trigger;
            CelCompilation? condition = null;
            w.Line($"    new string[] {{ {stepIds} }})");
            w.Line("{");
            if (trigger is not null)
            {
                // The trigger as written, and its CEL condition compiled to a predicate the host calls before it starts a run.
                var settings = string.Join(", ", trigger.Settings.SelectMany(t => new[] { Literal(t.Name), Literal(t.Value) }));
                condition = trigger.Get("condition") is { } text && TriggerCondition.Compile(text) is { Succeeded: true } compiled ? compiled : null;
                w.Line($"    Trigger = new {Rt}.FlowTriggerInfo({Literal(trigger.Kind)}, new string[] {{ {settings} }}{(condition is null ? "" : ", __TriggerCondition")}),");
            }

            if (_flow.Safeguards.Declares)
            {
                EmitSafeguards(w);
            }

            if (PictureText() is { } picture)
            {
                w.Line($"    Graph = {Literal(picture)},");
            }

            w.Line("};");

            if (trigger is not null)
            {
                if (condition is not null)
                {
                    w.Line();
                    w.Line($"// The trigger's condition: {Comment(trigger.Get("condition")!).Replace("\n", " ")}");
                    w.Open($"private static bool __TriggerCondition({Rt}.FlowTrigger {TriggerCondition.Parameter})");
                    foreach (var line in condition.Prelude.Replace("\r\n", "\n").Split('\n').Where(l => l.Length > 0))
                    {
                        w.Line(line);
                    }

                    w.Line($"return {condition.Expression};");
                    w.Close();
                }
            }

            w.Line();
            w.Line("/// <summary>What this flow is: id, version, input type, steps.</summary>");
            w.Line($"public {Rt}.FlowInfo Info => __info;");
            w.Line();
        }

        /// <summary>
        /// What <c>flow graph</c> draws, in its compact text (Shared/Graphs/FlowPictureText.cs), for the HTTP API to render as
        /// SVG or Mermaid. The picture is optional: if drawing it ever failed, the flow is emitted without it rather than not at all.
        /// </summary>
        private string? PictureText()
        {
            try
            {
                return FlowPictureText.Write(FlowPictureBuilder.Of(_flow));
            }
            catch (Exception e) when (e is KeyNotFoundException or ArgumentException or InvalidOperationException)
            {
                return null;
            }
        }

        /// <summary>
        /// <c>Safeguards = new FlowSafeguards { ... }</c> in the FlowInfo initializer: what the host enforces (throttles, the cap on
        /// runs in flight, the actions for policies) and what the machine reads (the budgets). Only valid flows get here.
        /// </summary>
        private void EmitSafeguards(SourceWriter w)
        {
            var safeguards = _flow.Safeguards;
            w.Line($"    Safeguards = new {Rt}.FlowSafeguards");
            w.Line("    {");
            if (!safeguards.Throttles.IsEmpty)
            {
                var throttles = safeguards.Throttles.Select(t =>
                    $"new {Rt}.FlowThrottle({Rt}.ThrottleScope.{t.Scope}, {t.Limit.ToString(CultureInfo.InvariantCulture)}, {TimeSpanLiteral(t.Window)}, {Rt}.ThrottleMode.{t.Mode})");
                w.Line($"        Throttles = new {Rt}.FlowThrottle[] {{ {string.Join(", ", throttles)} }},");
            }

            if (safeguards.MaxConcurrentRuns is > 0 and var runs)
            {
                w.Line($"        MaxConcurrentRuns = {runs.ToString(CultureInfo.InvariantCulture)},");
            }

            if (safeguards.TimeBudget is { } time)
            {
                w.Line($"        TimeBudget = {TimeSpanLiteral(time)}, // {Comment(time)}");
            }

            if (safeguards.CostBudget is > 0 and var cost)
            {
                w.Line($"        CostBudget = {cost.ToString(CultureInfo.InvariantCulture)}L,");
            }

            var actions = safeguards.Calls
                .GroupBy(c => c.Name, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.First())
                .Select(c => c.Tags.IsEmpty
                    ? $"new {Rt}.FlowActionUse({Literal(c.Name)})"
                    : $"new {Rt}.FlowActionUse({Literal(c.Name)}, new string[] {{ {string.Join(", ", c.Tags.Select(Literal))} }})")
                .ToList();
            if (actions.Count > 0)
            {
                w.Line($"        Actions = new {Rt}.FlowActionUse[] {{ {string.Join(", ", actions)} }},");
            }

            w.Line("    },");
        }

        /// <summary>A valid TimeSpan text as an exact C# expression (ticks: no parsing when the flow loads).</summary>
        private static string TimeSpanLiteral(string text)
        {
            SafeguardText.TryParseTimeSpan(text, out var span);
            return $"global::System.TimeSpan.FromTicks({span.Ticks.ToString(CultureInfo.InvariantCulture)}L)";
        }

        private void EmitRunSignature(SourceWriter w, out string inputArgument)
        {
            w.Line("/// <summary>Runs the flow in memory until it completes, fails, stops or suspends.</summary>");
            if (_flow.InputType is { } inputType)
            {
                w.Line("/// <param name=\"input\">The run's input.</param>");
                w.Line("/// <param name=\"options\">Observer, clock, secrets, records and subflows for this run.</param>");
                w.Line("/// <param name=\"cancellationToken\">Cancels the run at the next step boundary.</param>");
                w.Line($"public {Tasks}.ValueTask<{Rt}.FlowResult> RunAsync({inputType} input, {Rt}.FlowRunOptions? options = null, global::System.Threading.CancellationToken cancellationToken = default)");
                inputArgument = "input";
            }
            else
            {
                w.Line("/// <param name=\"options\">Observer, clock, secrets, records and subflows for this run.</param>");
                w.Line("/// <param name=\"cancellationToken\">Cancels the run at the next step boundary.</param>");
                w.Line($"public {Tasks}.ValueTask<{Rt}.FlowResult> RunAsync({Rt}.FlowRunOptions? options = null, global::System.Threading.CancellationToken cancellationToken = default)");
                inputArgument = "";
            }
        }

        private void EmitEntryPoints(SourceWriter w)
        {
            EmitRunSignature(w, out var inputArgument);
            w.Open("");
            if (_straight is not null)
            {
                w.Line("// No observer, journal, clock or token: the straight path, without the machine.");
                w.Line($"if (options is null && !cancellationToken.CanBeCanceled) return new {Tasks}.ValueTask<{Rt}.FlowResult>(__Machine.RunStraight(this{(inputArgument.Length > 0 ? ", input" : "")}));");
            }

            w.Line("var machine = __Machine.Rent(this);");
            if (inputArgument.Length > 0)
            {
                w.Line("machine.Input = input;");
            }

            w.Line("return machine.Start(options, cancellationToken);");
            w.Close();
            w.Line();

            w.Line($"{Tasks}.ValueTask<{Rt}.FlowResult> {Rt}.IFlowDefinition.RunAsync(object? input, {Rt}.FlowRunOptions? options, global::System.Threading.CancellationToken cancellationToken)");
            if (_flow.InputType is { } inputType)
            {
                var bare = inputType.TrimEnd('?');
                w.Line($"    => input is {bare} typed ? RunAsync(typed, options, cancellationToken)");
                w.Line($"     : input is null ? RunAsync(default({inputType})!, options, cancellationToken)");
                w.Line($"     : throw new global::System.ArgumentException($\"Flow '{Escape(_flow.Id)}' takes a {{typeof({bare}).Name}} input, not a {{input.GetType().Name}}.\", nameof(input));");
            }
            else
            {
                w.Line("    => RunAsync(options, cancellationToken);");
            }

            w.Line();
            w.Line("/// <summary>Resumes a suspended run of this flow version where it stopped.</summary>");
            w.Line("/// <param name=\"snapshot\">The snapshot of the waiting run.</param>");
            w.Line("/// <param name=\"signal\">What the run was waiting for.</param>");
            w.Line("/// <param name=\"options\">Observer, clock, secrets, records and subflows for this run.</param>");
            w.Line("/// <param name=\"cancellationToken\">Cancels the run at the next step boundary.</param>");
            w.Line($"public {Tasks}.ValueTask<{Rt}.FlowResult> ResumeAsync({Rt}.FlowSnapshot snapshot, {Rt}.ResumeSignal signal, {Rt}.FlowRunOptions? options = null, global::System.Threading.CancellationToken cancellationToken = default)");
            w.Line("    => __Machine.Rent(this).Resume(snapshot, signal, options, cancellationToken);");
            w.Line();
        }

        // ---- the machine ---------------------------------------------------------------------------------

        private void EmitMachine(SourceWriter w)
        {
            w.Line("/// <summary>The compiled steps of the flow; pooled, so a warm synchronous run allocates nothing.</summary>");
            w.Open($"private sealed class __Machine : {Runtime}.FlowStateMachine");
            w.Line("// A run that ends on the thread it started on goes back to that thread's slot when it is free (no atomics);");
            w.Line("// one that ended elsewhere, after a real await, or found the slot taken goes to the shared pool.");
            w.Line("[global::System.ThreadStatic]");
            w.Line("private static __Machine? t_cached;");
            w.Line($"private static readonly {Runtime}.FlowMachinePool<__Machine> s_shared = new();");
            w.Line("private int _rentedOn;");
            w.Line();
            w.Line($"private {FlowType} _flow = null!;");
            if (_flow.InputType is { } inputType)
            {
                w.Line($"internal {inputType} Input = default!;");
            }

            foreach (var field in Fields())
            {
                w.Line($"private {field.Type} {field.Name} = default!; // {field.Comment}");
            }

            w.Line();
            w.Line("private __Machine()");
            w.Line($"    : base(__info, {_flow.StepBudget}, {_flow.GotoHopBudget}, {_flow.MaxSubflowDepth})");
            w.Open("");
            w.Close();
            w.Line();
            w.Open($"internal static __Machine Rent({FlowType} flow)");
            w.Line("var machine = t_cached;");
            w.Line("if (machine is null) machine = s_shared.TryRent() ?? new __Machine();");
            w.Line("else t_cached = null;");
            w.Line("machine._flow = flow;");
            w.Line("machine._rentedOn = global::System.Environment.CurrentManagedThreadId;");
            w.Line("return machine;");
            w.Close();
            w.Line();
            w.Line($"internal {Tasks}.ValueTask<{Rt}.FlowResult> Start({Rt}.FlowRunOptions? options, global::System.Threading.CancellationToken cancellationToken)");
            w.Line("    => StartPooled(options, cancellationToken);");
            w.Line();
            w.Line($"internal {Tasks}.ValueTask<{Rt}.FlowResult> Resume({Rt}.FlowSnapshot snapshot, {Rt}.ResumeSignal signal, {Rt}.FlowRunOptions? options, global::System.Threading.CancellationToken cancellationToken)");
            w.Line("    => ResumePooled(snapshot, signal, options, cancellationToken);");
            w.Line();
            w.Open("protected override void ReturnToPool()");
            w.Line("Release();");
            w.Line("_flow = null!;");
            w.Line("if (_rentedOn == global::System.Environment.CurrentManagedThreadId && t_cached is null) t_cached = this;");
            w.Line("else s_shared.Return(this);");
            w.Close();
            w.Line();

            EmitExecute(w);
            if (_straight is not null)
            {
                EmitStraight(w, _straight);
            }

            foreach (var scope in _graph.Scopes.Where(s => s.Context == s))
            {
                EmitConcurrentBody(w, scope);
            }

            EmitCompensations(w);
            EmitFieldPlumbing(w);
            w.Close();
        }

        private sealed record Field(string Type, string Name, string Comment);

        private IEnumerable<Field> Fields()
        {
            foreach (var variable in _flow.Variables)
            {
                yield return new Field(variable.Type, VariableName(variable.Name), $"vars.{variable.Name}");
            }

            foreach (var node in _graph.Steps.Where(n => !IsLocal(n)))
            {
                foreach (var field in StepStorage(node))
                {
                    yield return field;
                }
            }
        }

        /// <summary>The storage a step needs: its output, and for a foreach its index and current item.</summary>
        private IEnumerable<Field> StepStorage(StepNode node)
        {
            var step = node.Model;
            if (step.OutputType is { } outputType)
            {
                yield return new Field(outputType, OutputName(node), $"steps.{step.Id}.output");
            }

            if (step.Kind == StepKind.ForEach && step.ItemType is { } itemType && step.Parallelism <= 1)
            {
                yield return new Field("int", IndexName(node), $"index of foreach '{step.Id}'");
                yield return new Field(itemType, ItemName(node), $"item of foreach '{step.Id}'");
            }
        }

        /// <summary>Steps inside a parallel foreach body keep their state in locals: each item has its own.</summary>
        private static bool IsLocal(StepNode node) => InParallelForEach(node.Scope.Context);

        private static bool InParallelForEach(ScopeNode? context)
            => context is { Parent.Model.Kind: StepKind.ForEach };

        private void EmitExecute(SourceWriter w)
        {
            var body = new SourceWriter();
            var ctx = new Context(null, _bounded);
            body.Line($"var __ct = Cancellation;");
            body.Line("int __attempt = 0;");
            body.Line("global::System.DateTimeOffset __t = default;");
            body.Line($"{Rt}.WaitSpec __wait = default;");
            body.Line($"{Rt}.ResumeSignal __sig = null!;");
            body.Line($"{Rt}.FlowResult __sub = default;");
            body.Line("int __g = 0;");
            body.Line("string? __message = null;");
            var initialized = _flow.Variables.Where(v => v.Initializer is not null).ToList();
            if (initialized.Count > 0)
            {
                body.Line("if (Pc == 0) // a new run: variables start at their declared values");
                body.Line("{");
                foreach (var variable in initialized)
                {
                    body.Line($"    {VariableName(variable.Name)} = {variable.Initializer};");
                }

                body.Line("}");
            }

            // Step code is rendered at the depth of the method body it goes into.
            var mainSteps = _graph.Steps.Count(n => n.Scope.Context is null);
            ctx.Chunked = mainSteps > ChunkSize;
            var code = new SourceWriter(w.Indent + 1);
            EmitScopeTree(code, _graph.Root, ctx);
            foreach (var standalone in _graph.Standalone)
            {
                EmitScopeTree(code, standalone, ctx);
            }

            if (ctx.Chunked)
            {
                EmitChunks(w, body.ToString(), code.Segments, ctx);
                return;
            }

            var locals = body.ToString();
            var main = Resolve(code.ToString(), segment: null);
            OpenExecute(w, synchronous: !Awaits(main) && !Awaits(locals));
            w.Line(locals.TrimEnd('\n'));
            if (_resumePoints.Count + _checkpointLabels.Count > 0)
            {
                w.Line();
                w.Line(_checkpointLabels.Count > 0
                    ? "// A resumed run continues at the step it suspended in, or at the step start of its last checkpoint."
                    : "// A resumed run continues at the step it suspended in.");
                w.Open("switch (Pc)");
                w.Line("case 0: break;");
                foreach (var label in _resumePoints.Concat(_checkpointLabels))
                {
                    w.Line($"case {LabelId(label)}: goto {label};");
                }

                w.Line("default: throw new global::System.InvalidOperationException(\"Unknown resume point \" + Pc + \"; the snapshot does not belong to this flow version.\");");
                w.Close();
            }

            w.Line();
            w.Raw(main);
            w.Line("// The end of a frame: the run, or the call or iteration that pushed it.");
            w.Label("__return");
            EmitReturn(w, ctx, "return " + Rt + ".FlowStatus.Completed;");
            w.Close();
            w.Line();
        }

        /// <summary>
        /// A large flow: the main context split into methods of <see cref="ChunkSize"/> steps. A jump inside a
        /// chunk stays a goto; a jump to another chunk returns the target's label id to the dispatcher loop.
        /// </summary>
        private void EmitChunks(SourceWriter w, string locals, IReadOnlyList<string> segments, Context ctx)
        {
            var first = StepLabel(_graph.Root.Steps[0]);
            var resolved = segments.Select((segment, i) => Resolve(segment, i)).ToList();
            var synchronous = !Awaits(locals) && !resolved.Any(Awaits);
            w.Line($"// {segments.Count} chunks of at most {ChunkSize} steps: one method per chunk keeps each within what the JIT optimises.");
            OpenExecute(w, synchronous);

            w.Line($"var __next = Pc == 0 ? {LabelId(first)} : Pc;");
            w.Open("while (true)");
            for (var i = 0; i < segments.Count; i++)
            {
                var upper = _labelOrder.Where(l => _labels[l].Segment == i).Select(LabelId).DefaultIfEmpty(0).Max();
                var call = synchronous ? $"Chunk{i}(__next)" : $"await Chunk{i}(__next).ConfigureAwait(false)";
                w.Line($"{(i == 0 ? "" : "else ")}if (__next <= {upper}) __next = {call};");
            }

            w.Line("else throw new global::System.InvalidOperationException(\"Unknown resume point \" + __next + \"; the snapshot does not belong to this flow version.\");");
            w.Line();
            w.Line("if (__next > 0) continue;");
            w.Line("if (__next == ExitChunk) return ExitStatus;");
            w.Line("// The end of a frame: the run, or the call or iteration that pushed it.");
            w.Line("if (Frames.Depth == 0) return " + Rt + ".FlowStatus.Completed;");
            w.Line("__next = Frames.Pop(out var __g);");
            w.Line("GotoScope = __g;");
            w.Close();
            w.Close();
            w.Line();
            for (var i = 0; i < segments.Count; i++)
            {
                w.Open(synchronous ? $"private int Chunk{i}(int __entry)" : $"private async {Tasks}.ValueTask<int> Chunk{i}(int __entry)");
                w.Line(locals.TrimEnd('\n'));
                w.Open("switch (__entry)");
                foreach (var label in _labelOrder.Where(l => _labels[l].Segment == i))
                {
                    w.Line($"case {LabelId(label)}: goto {label};");
                }

                w.Line("default: throw new global::System.InvalidOperationException(\"Unknown label \" + __entry + \".\");");
                w.Close();
                w.Line();
                w.Raw(resolved[i]);
                w.Close();
                w.Line();
            }
        }

        /// <summary>
        /// True when emitted code awaits. A flow whose main context never awaits (synchronous actions, no checkpoints,
        /// waits that suspend by returning, no delays, parallel steps or subflows) gets a plain method instead of an
        /// async one: no async state machine, builder or execution-context bookkeeping per run. A string literal that
        /// happens to contain the word only costs the fast path, never correctness.
        /// </summary>
        private static bool Awaits(string code) => code.Contains("await ");

        /// <summary>
        /// Opens the method the run's code goes into. An awaiting flow gets an async <c>ExecuteAsync</c>; one that never
        /// awaits gets a plain <c>Execute</c>, behind an <c>ExecuteAsync</c> that hands a failure back as a faulted task,
        /// exactly as an async method would, so the runtime's handling of step failures, stops, limits and cancellation
        /// is the same on both paths.
        /// </summary>
        private static void OpenExecute(SourceWriter w, bool synchronous)
        {
            if (!synchronous)
            {
                // Its box comes back to a pool once the run has read the result: a durable host with hundreds of runs
                // in flight reuses the boxes of the runs before.
                w.Line($"[global::System.Runtime.CompilerServices.AsyncMethodBuilder(typeof({Runtime}.PooledTaskBuilder<>))]");
                w.Open($"protected override async {Tasks}.ValueTask<{Rt}.FlowStatus> ExecuteAsync()");
                return;
            }

            w.Line("// No step of this flow awaits: the run executes synchronously, without an async state machine.");
            w.Open($"protected override {Tasks}.ValueTask<{Rt}.FlowStatus> ExecuteAsync()");
            w.Open("try");
            w.Line($"return new {Tasks}.ValueTask<{Rt}.FlowStatus>(Execute());");
            w.Close();
            w.Open("catch (global::System.Exception __e)");
            w.Line($"return {Tasks}.ValueTask.FromException<{Rt}.FlowStatus>(__e);");
            w.Close();
            w.Close();
            w.Line();
            w.Open($"private {Rt}.FlowStatus Execute()");
        }

        /// <summary>Fills in the jumps of main-context code once every label's chunk and id are known.</summary>
        private string Resolve(string code, int? segment)
        {
            var text = System.Text.RegularExpressions.Regex.Replace(code, "⟦(goto|id):([A-Za-z0-9_]+)⟧", match =>
            {
                var label = match.Groups[2].Value;
                if (match.Groups[1].Value == "id")
                {
                    return LabelId(label).ToString(CultureInfo.InvariantCulture);
                }

                if (segment is null || (_labels.TryGetValue(label, out var target) && target.Segment == segment))
                {
                    return $"goto {label};";
                }

                return label == "__return" ? "return ReturnFromFrame;" : $"return {LabelId(label)}; /* to {label} */";
            });
            return text.Replace("⟦exit⟧", segment is null ? "" : "ExitWith");
        }

        /// <summary>A durable flow checkpoints at every step start of its main context (SPEC §5: commit each step).</summary>
        private bool Durable => _flow.Journal == JournalKind.Durable;

        /// <summary>Label ids count from 1 in definition order, so Pc 0 still means "the start".</summary>
        private int LabelId(string label) => _labels.TryGetValue(label, out var entry) ? entry.Id : 0;

        private void DefineLabel(SourceWriter w, Context ctx, string label)
        {
            if (ctx.IsMain)
            {
                _labelOrder.Add(label);
                _labels[label] = (w.Segment, _labelOrder.Count);
            }

            w.Label(label);
        }

        private void EmitReturn(SourceWriter w, Context ctx, string finish)
        {
            if (ctx.Returns.Count == 0)
            {
                w.Line(finish);
                return;
            }

            w.Line($"if ({ctx.Frames}.Depth == 0) {finish}");
            w.Line($"var __returnTo = {ctx.Frames}.Pop(out __g);");
            w.Line($"{ctx.GotoScope} = __g;");
            w.Open("switch (__returnTo)");
            foreach (var (id, label) in ctx.Returns)
            {
                w.Line($"case {(ctx.IsMain ? LabelId(label) : id)}: goto {label};");
            }

            w.Close();
            w.Line("throw new global::System.InvalidOperationException(\"Unknown return point.\");");
        }

        private void EmitConcurrentBody(SourceWriter w, ScopeNode scope)
        {
            var owner = scope.Parent!;
            var ctx = new Context(scope);
            var code = new SourceWriter(w.Indent + 1);
            EmitScopeTree(code, scope, ctx);
            if (owner.Model.Kind == StepKind.ForEach)
            {
                w.Line($"// The 'each' body of parallel foreach '{owner.Model.Id}', once per item.");
                w.Open($"private async {Tasks}.ValueTask {BodyName(scope)}({owner.Model.ItemType} __item, int __index, global::System.Threading.CancellationToken __ct)");
            }
            else
            {
                w.Line($"// Branch '{scope.Endpoint!.Branch}' of parallel step '{owner.Model.Id}'.");
                w.Open($"private async {Tasks}.ValueTask {BodyName(scope)}(global::System.Threading.CancellationToken __ct)");
            }

            w.Line("int __attempt = 0;");
            w.Line("global::System.DateTimeOffset __t = default;");
            w.Line("int __goto = -1;");
            w.Line("int __g = 0;");
            w.Line("string? __message = null;");
            w.Line($"var __frames = new {Runtime}.FrameStack();");
            foreach (var node in _graph.Steps.Where(n => IsLocal(n) && n.Scope.Context == scope))
            {
                foreach (var local in StepStorage(node))
                {
                    w.Line($"{local.Type} {local.Name} = default!; // {local.Comment}");
                }
            }

            w.Line();
            w.Raw(code.ToString());
            w.Label("__return");
            EmitReturn(w, ctx, "return;");
            w.Close();
            w.Line();
        }

        /// <summary>Code generation state of one method: the main machine or a concurrent body.</summary>
        private sealed class Context
        {
            public Context(ScopeNode? scope, bool bounded = false, bool straight = false)
            {
                Scope = scope;
                IsMain = scope is null && !straight;
                Bounded = bounded;
                Straight = straight;
            }

            public ScopeNode? Scope { get; }

            /// <summary>The machine's main context: labels with ids, chunks, checkpoints, suspension.</summary>
            public bool IsMain { get; }

            /// <summary>The main context of a flow whose step executions are bounded at build time: no budget counting.</summary>
            public bool Bounded { get; }

            /// <summary>The straight path: a static method over locals, no step records, no budgets, no machine.</summary>
            public bool Straight { get; }

            public string GotoScope => IsMain ? "GotoScope" : "__goto";

            public string Frames => IsMain ? "Frames" : "__frames";

            /// <summary>Budget counters are plain in the main context and atomic where branches run at once.</summary>
            public string BeginStep => IsMain ? (Bounded ? "BeginBoundedStep" : "BeginStep") : "BeginConcurrentStep";

            public string Hop => IsMain ? "Hop" : "ConcurrentHop";

            public List<(int Id, string Label)> Returns { get; } = new();

            /// <summary>True when the main context is split into chunk methods.</summary>
            public bool Chunked { get; set; }

            /// <summary>Steps written into the current chunk.</summary>
            public int StepsInChunk { get; set; }

            /// <summary>A jump; main-context jumps are placeholders resolved once chunks are known.</summary>
            public string Goto(string label) => IsMain ? $"⟦goto:{label}⟧" : $"goto {label};";

            /// <summary>A step record for an observer and the checkpoint's "a step ended" flag; the straight path keeps neither.</summary>
            public string Done(string call) => Straight ? "" : call;

            /// <summary>The number a frame or a snapshot stores for a label.</summary>
            public string Id(string label, int localId) => IsMain ? $"⟦id:{label}⟧" : localId.ToString(CultureInfo.InvariantCulture);

            /// <summary>Ends the run's execution with a status (suspend, stop), from a chunk or the single method.</summary>
            public string Exit(string status) => IsMain ? $"return ⟦exit⟧({status});" : throw new InvalidOperationException("Only the main context suspends or stops by returning.");
        }

        private void EmitScopeTree(SourceWriter w, ScopeNode scope, Context ctx)
        {
            w.Line($"// ════ {Describe(scope)} ════");
            foreach (var node in scope.Steps)
            {
                EmitStep(w, node, ctx);
                foreach (var child in node.Children)
                {
                    if (child.Context == ctx.Scope || (ctx.IsMain && child.Context is null))
                    {
                        EmitScopeTree(w, child, ctx);
                    }
                }
            }

            DefineLabel(w, ctx, EndLabel(scope));
            if (scope.EndsFrame)
            {
                w.Line(ctx.Goto("__return"));
            }
            else
            {
                if (!ctx.Straight) // no goto enters a scope of a straight flow
                {
                    w.Line($"if ({ctx.GotoScope} == {scope.Index}) {ctx.Goto("__return")} // entered by goto: its end ends the frame");
                }

                w.Line(AfterStep(scope.Parent!, ctx));
            }

            w.Line();
        }

        private static string Describe(ScopeNode scope)
            => scope.IsRoot ? "main sequence"
               : scope.IsStandalone ? $"standalone scope '{scope.Model.Name}'"
               : scope.Endpoint!.Branch is { } branch ? $"'{scope.Parent!.Model.Id}' branch '{branch}'"
               : $"'{scope.Parent!.Model.Id}' → {scope.Endpoint.Name}";

        // ---- steps ---------------------------------------------------------------------------------------

        private void EmitStep(SourceWriter w, StepNode node, Context ctx)
        {
            var step = node.Model;
            var id = Literal(step.Id);
            if (ctx.IsMain && ctx.Chunked && ctx.StepsInChunk++ == ChunkSize)
            {
                w.Cut();
                ctx.StepsInChunk = 1;
            }

            w.Line($"// ── step '{step.Id}': {Summary(step)}");
            DefineLabel(w, ctx, StepLabel(node));
            if (ctx.IsMain && Durable)
            {
                // A durable run commits here once a step has ended since its last checkpoint, and resumes here after a crash.
                _checkpointLabels.Add(StepLabel(node));
                w.Line($"if (CheckpointDue) await CheckpointAsync({ctx.Id(StepLabel(node), 0)}, {id}).ConfigureAwait(false);");
            }
            if (Retries(step))
            {
                w.Line("__attempt = 0;");
                DefineLabel(w, ctx, StepLabel(node) + "_try");
                w.Line("__attempt++;");
            }

            if (!ctx.Straight)
            {
                w.Line($"__t = {ctx.BeginStep}(__ct);");
            }

            if (step.Kind == StepKind.Action && _flow.Safeguards.CostBudget is > 0 && _flow.Safeguards.CostOf(step.Id) is > 0 and var cost)
            {
                // Each try spends the action's declared cost; a try the budget cannot pay for fails the run before the call.
                w.Line($"Charge({cost.ToString(CultureInfo.InvariantCulture)}L, {id});");
            }

            switch (step.Kind)
            {
                case StepKind.Run:
                    EmitRun(w, node, ctx);
                    break;
                case StepKind.Parallel:
                    EmitParallel(w, node, ctx);
                    break;
                case StepKind.ForEach:
                    EmitForEach(w, node, ctx);
                    break;
                case StepKind.Wait:
                case StepKind.Approval:
                    EmitWait(w, node, ctx);
                    break;
                case StepKind.Subflow:
                    EmitSubflow(w, node, ctx);
                    break;
                case StepKind.Stop:
                    EmitStop(w, node, ctx);
                    break;
                case StepKind.Condition:
                    EmitGuarded(w, node, ctx, $"{OutputName(node)} = {Invoke(node, step.Call!, ctx)};");
                    w.Line($"if ({OutputName(node)}) {{ {ctx.Done($"StepDone({id}, {AttemptOf(node)}, __t, \"then\"); ")}{EndpointTarget(node, EndpointNames.Then, ctx)} }}");
                    w.LineIf(ctx.Done($"StepDone({id}, {AttemptOf(node)}, __t, \"else\");"));
                    w.Line(EndpointTarget(node, EndpointNames.Else, ctx));
                    break;
                default:
                    EmitGuarded(w, node, ctx, ActionBody(node, ctx));
                    w.LineIf(ctx.Done(step.OutputType is null
                        ? $"StepDone({id}, {AttemptOf(node)}, __t, \"success\");"
                        : $"StepDone({id}, {AttemptOf(node)}, __t, \"success\", {OutputName(node)});"));
                    if (step.Compensation is not null && !ctx.Straight) // only a rollback runs compensations, and a straight flow has none
                    {
                        w.Line($"PushCompensation({node.Index});");
                    }

                    w.Line(EndpointTarget(node, EndpointNames.Success, ctx));
                    break;
            }

            w.Line();
        }

        /// <summary>Only a step with a retry policy counts its tries; every other step is on its first.</summary>
        private static bool Retries(StepModel step) => step.Retry is { Attempts: > 1 };

        private static string AttemptOf(StepNode node) => Retries(node.Model) ? "__attempt" : "1";

        private static string Summary(StepModel step)
        {
            var text = step.Kind.ToString().ToLowerInvariant() + (step.Call is { } call ? " " + call.MethodName + "()" : "");
            if (step.Kind == StepKind.Run)
            {
                text += $" → '{step.Target}', then back";
            }

            if (step.Retry is { } retry)
            {
                text += $", {retry.Attempts} attempts";
            }

            if (step.OnError != ErrorMode.Fail)
            {
                text += ", on error " + step.OnError.ToString().ToLowerInvariant();
            }

            return text;
        }

        private string ActionBody(StepNode node, Context ctx)
        {
            var step = node.Model;
            var call = Invoke(node, step.Call!, ctx);
            var target = Literal(step.Target ?? "");
            switch (step.Kind)
            {
                case StepKind.Query:
                    return $"{OutputName(node)} = await Records.QueryAsync({target}, {call}, __ct).ConfigureAwait(false);";
                case StepKind.Create:
                    return $"{OutputName(node)} = await Records.CreateAsync({target}, {call}, __ct).ConfigureAwait(false);";
                case StepKind.Update:
                    return $"{OutputName(node)} = await Records.UpdateAsync({target}, {call}, __ct).ConfigureAwait(false);";
                case StepKind.Delete:
                    return $"{OutputName(node)} = await Records.DeleteAsync({target}, {call}, __ct).ConfigureAwait(false);";
                case StepKind.Set:
                    return $"{OutputName(node)} = {call};\n{VariableName(step.Target!)} = {OutputName(node)};";
                case StepKind.Action when !ctx.Straight:
                    // A scenario's fakes are asked first (FlowRunOptions.Fakes); the straight path takes no options, so has none.
                    var id = Literal(step.Id);
                    return step.OutputType is null
                        ? $"if (!Faking || !Fake<object?>({id}, {AttemptOf(node)}, out _))\n{{\n    {call};\n}}"
                        : $"if (!Faking || !Fake({id}, {AttemptOf(node)}, out {OutputName(node)}))\n{{\n    {OutputName(node)} = {call};\n}}";
                default:
                    return step.OutputType is null ? call + ";" : $"{OutputName(node)} = {call};";
            }
        }


        /// <summary>The step's work inside try/catch: retries, then the error endpoint or onError (SPEC §4).</summary>
        private void EmitGuarded(SourceWriter w, StepNode node, Context ctx, string work, string filter = "IsStepFailure")
        {
            w.Open("try");
            w.Line(work);
            w.Close();
            w.Open($"catch (global::System.Exception __e) when ({filter}(__e, __ct))");
            EmitFailure(w, node, ctx);
            w.Close();
        }

        private void EmitFailure(SourceWriter w, StepNode node, Context ctx)
        {
            var step = node.Model;
            var id = Literal(step.Id);
            if (step.Retry is { Attempts: > 1 } retry)
            {
                w.Open($"if (__attempt < {retry.Attempts})");
                w.Line($"StepFailed({id}, {AttemptOf(node)}, __t, __e, null);");
                w.Line($"await RetryDelayAsync(__attempt + 1, {retry.InitialDelayMs}, {Number(retry.Multiplier)}, {retry.MaxDelayMs}, {Number(retry.Jitter)}, __ct).ConfigureAwait(false);");
                w.Line(ctx.Goto(StepLabel(node) + "_try"));
                w.Close();
            }

            if (step.Kind == StepKind.Llm && step.FindEndpoint(EndpointNames.Invalid) is not null)
            {
                // An answer that failed validation on its last try takes the LLM step's own endpoint (docs/ai-steps.md).
                w.Open($"if (__e is {Rt}.LlmOutputInvalidException)");
                w.LineIf(ctx.Done($"StepFailed({id}, {AttemptOf(node)}, __t, __e, \"invalid\");"));
                w.Line(EndpointTarget(node, EndpointNames.Invalid, ctx));
                w.Close();
            }

            var error = step.FindEndpoint(EndpointNames.Error);
            if (error is not null && EndpointNames.IsValid(step.Kind, EndpointNames.Error))
            {
                w.LineIf(ctx.Done($"StepFailed({id}, {AttemptOf(node)}, __t, __e, \"error\");"));
                w.Line(EndpointTarget(node, EndpointNames.Error, ctx));
                return;
            }

            switch (step.OnError)
            {
                case ErrorMode.Continue:
                    w.LineIf(ctx.Done($"StepFailed({id}, {AttemptOf(node)}, __t, __e, \"next\");"));
                    w.Line(AfterStep(node, ctx) + " // onError: continue");
                    break;
                case ErrorMode.Rollback:
                    w.Line($"StepFailed({id}, {AttemptOf(node)}, __t, __e, null);");
                    w.Line("await RollbackAsync(__ct).ConfigureAwait(false); // onError: rollback");
                    w.Line($"throw Failure({id}, __e);");
                    break;
                default:
                    if (ctx.Straight)
                    {
                        w.Line($"return StraightStepFailed({id}, __e);");
                        break;
                    }

                    w.Line($"StepFailed({id}, {AttemptOf(node)}, __t, __e, null);");
                    w.Line($"throw Failure({id}, __e);");
                    break;
            }
        }

        private void EmitRun(SourceWriter w, StepNode node, Context ctx)
        {
            var target = _graph.Find(node.Model.Target!)!;
            var returnId = _nextReturn++;
            var label = $"__r{returnId}";
            ctx.Returns.Add((returnId, label));
            w.Line($"StepDone({Literal(node.Model.Id)}, {AttemptOf(node)}, __t, \"next\");");
            w.Line($"{ctx.Frames}.Push({ctx.Id(label, returnId)}, {ctx.GotoScope}); // come back to {label}");
            w.Line($"{ctx.GotoScope} = {target.Scope.Index};");
            w.Line(ctx.Goto(StepLabel(target)));
            DefineLabel(w, ctx, label);
            w.Line(AfterStep(node, ctx));
        }

        private void EmitForEach(SourceWriter w, StepNode node, Context ctx)
        {
            var step = node.Model;
            var id = Literal(step.Id);
            var items = OutputName(node);
            EmitGuarded(w, node, ctx, $"{items} = Items<{step.ItemType}>({Invoke(node, step.Call!, ctx)});");
            w.Line($"StepDone({id}, {AttemptOf(node)}, __t, {items}.Count > 0 ? \"each\" : \"done\");");
            var body = node.Children.FirstOrDefault(c => c.Endpoint!.Name == EndpointNames.Each && c.Steps.Count > 0);
            if (body is not null && step.Parallelism > 1)
            {
                var cancel = step.OnError == ErrorMode.Continue ? "false" : "true";
                w.Line($"await ForEachParallelAsync({items}, {step.Parallelism}, (item, index, token) => {BodyName(body)}(item, index, token), {cancel}, __ct).ConfigureAwait(false);");
                w.Line(EndpointTarget(node, EndpointNames.Done, ctx));
                return;
            }

            var next = StepLabel(node) + "_next";
            w.Line($"{IndexName(node)} = -1;");
            DefineLabel(w, ctx, next);
            w.Line($"if (++{IndexName(node)} >= {items}.Count) {{ {EndpointTarget(node, EndpointNames.Done, ctx)} }}");
            if (body is null)
            {
                w.Line(ctx.Goto(next));
                return;
            }

            var returnId = _nextReturn++;
            ctx.Returns.Add((returnId, next));
            w.Line($"{ItemName(node)} = {items}[{IndexName(node)}];");
            w.Line($"{ctx.Frames}.Push({ctx.Id(next, returnId)}, {ctx.GotoScope}); // each iteration is a frame: its end comes back to {next}");
            w.Line($"{ctx.GotoScope} = -1;");
            w.Line(ctx.Goto(StepLabel(body.Steps[0])));
        }

        private void EmitParallel(SourceWriter w, StepNode node, Context ctx)
        {
            var branches = node.Children.Where(c => c.Endpoint!.Name == EndpointNames.Branches && c.Steps.Count > 0).ToList();
            var id = Literal(node.Model.Id);
            w.Line($"StepDone({id}, {AttemptOf(node)}, __t, \"branches\");");
            var calls = string.Join(", ", branches.Select(b => $"token => {BodyName(b)}(token)"));
            var cancel = node.Model.OnError == ErrorMode.Continue ? "false" : "true";
            EmitGuarded(w, node, ctx,
                $"await RunBranchesAsync(new global::System.Func<global::System.Threading.CancellationToken, {Tasks}.ValueTask>[] {{ {calls} }}, {cancel}, __ct).ConfigureAwait(false);",
                "IsBranchFailure");
            w.Line(AfterStep(node, ctx));
        }

        private void EmitWait(SourceWriter w, StepNode node, Context ctx)
        {
            var step = node.Model;
            var id = Literal(step.Id);
            EmitGuarded(w, node, ctx, $"__wait = {(step.Call is { } call ? Invoke(node, call, ctx) : DeclaredWait(step))};");
            var label = $"__resume{_resumePoints.Count + 1}";
            _resumePoints.Add(label);
            w.Line(ctx.Exit($"Suspend({ctx.Id(label, 0)}, {id}, {AttemptOf(node)}, __t, __wait)") + " // the run waits here, holding no thread");
            DefineLabel(w, ctx, label);
            w.Line("__sig = TakeSignal();");
            w.Line("__t = ResumeStep(__ct);");
            if (step.Kind == StepKind.Wait)
            {
                w.Line($"if (__sig.Kind == {Rt}.ResumeKind.Event) {{ {OutputName(node)} = __sig.Payload; StepDone({id}, {AttemptOf(node)}, __t, \"event\"); {EndpointTarget(node, EndpointNames.Event, ctx)} }}");
                w.Line($"StepDone({id}, {AttemptOf(node)}, __t, \"elapsed\");");
                w.Line(EndpointTarget(node, EndpointNames.Elapsed, ctx));
            }
            else
            {
                w.Line($"if (__sig.Kind == {Rt}.ResumeKind.TimerElapsed) {{ StepDone({id}, {AttemptOf(node)}, __t, \"timeout\"); {EndpointTarget(node, EndpointNames.Timeout, ctx)} }}");
                w.Line($"{OutputName(node)} = __sig.Decision!;");
                w.Line($"if ({OutputName(node)}.Approved) {{ StepDone({id}, {AttemptOf(node)}, __t, \"approved\"); {EndpointTarget(node, EndpointNames.Approved, ctx)} }}");
                w.Line($"StepDone({id}, {AttemptOf(node)}, __t, \"rejected\");");
                w.Line(EndpointTarget(node, EndpointNames.Rejected, ctx));
            }
        }

        /// <summary>A wait or approval said by attributes (or JSON) instead of a method.</summary>
        private static string DeclaredWait(StepModel step)
        {
            var wait = step.Wait ?? new WaitModel(0, null, 0, EquatableArray<string>.Empty);
            var timeout = wait.TimeoutMs > 0 ? $"global::System.TimeSpan.FromMilliseconds({wait.TimeoutMs})" : "null";
            if (step.Kind == StepKind.Approval)
            {
                return $"{Rt}.Approval.Request(new string[] {{ {string.Join(", ", wait.Roles.Select(Literal))} }}, {timeout})";
            }

            return wait.EventName is { } name
                ? $"{Rt}.Wait.ForEvent({Literal(name)}, {timeout})"
                : $"{Rt}.Wait.For(global::System.TimeSpan.FromMilliseconds({wait.DurationMs}))";
        }

        private void EmitSubflow(SourceWriter w, StepNode node, Context ctx)
        {
            var step = node.Model;
            var id = Literal(step.Id);
            var input = step.Call!.ReturnKind is ReturnKind.Void or ReturnKind.Task or ReturnKind.ValueTask
                ? $"{Invoke(node, step.Call, ctx)};\n__sub = await RunSubflowAsync({Literal(step.Target ?? "")}, {step.TargetVersion}, null, __ct).ConfigureAwait(false);"
                : $"__sub = await RunSubflowAsync({Literal(step.Target ?? "")}, {step.TargetVersion}, {Invoke(node, step.Call, ctx)}, __ct).ConfigureAwait(false);";
            var label = $"__resume{_resumePoints.Count + 1}";
            _resumePoints.Add(label);
            EmitGuarded(w, node, ctx, input + $"\nif (__sub.Status == {Rt}.FlowStatus.Waiting) {ctx.Goto(StepLabel(node) + "_suspend")}\n{OutputName(node)} = SubflowOutput(__sub);");
            w.Line(ctx.Goto(StepLabel(node) + "_done"));
            DefineLabel(w, ctx, StepLabel(node) + "_suspend");
            w.Line(ctx.Exit($"Suspend({ctx.Id(label, 0)}, {id}, {AttemptOf(node)}, __t, AwaitSubflow(__sub))") + " // until the child run ends");
            DefineLabel(w, ctx, label);
            w.Line("__sig = TakeSignal();");
            w.Line("__t = ResumeStep(__ct);");
            EmitGuarded(w, node, ctx, $"{OutputName(node)} = SubflowOutput(__sig.Child.GetValueOrDefault());");
            DefineLabel(w, ctx, StepLabel(node) + "_done");
            w.Line($"StepDone({id}, {AttemptOf(node)}, __t, \"success\");");
            w.Line(EndpointTarget(node, EndpointNames.Success, ctx));
        }

        private void EmitStop(SourceWriter w, StepNode node, Context ctx)
        {
            var step = node.Model;
            var id = Literal(step.Id);
            var status = $"{Rt}.FlowStatus.{step.StopStatus}";
            string message;
            if (step.Call is { } call)
            {
                EmitGuarded(w, node, ctx, $"__message = {Invoke(node, call, ctx)};");
                message = "__message";
            }
            else
            {
                message = step.Message is null ? "null" : Literal(step.Message);
            }

            if (ctx.Straight)
            {
                w.Line($"return StraightStopped({status}, {message}, {StraightOutput});");
                return;
            }

            w.Line($"StepDone({id}, {AttemptOf(node)}, __t, null);");
            w.Line(ctx.IsMain ? ctx.Exit($"Stop({status}, {message})") : $"throw StopFromBranch({status}, {message});");
        }

        // ---- control flow targets ------------------------------------------------------------------------

        /// <summary>Where control goes when step <paramref name="node"/> chose <paramref name="endpoint"/>.</summary>
        private string EndpointTarget(StepNode node, string endpoint, Context ctx)
        {
            var model = node.Model.FindEndpoint(endpoint);
            var scope = node.Children.FirstOrDefault(c => c.Endpoint!.Name == endpoint && c.Steps.Count > 0);
            if (scope is not null)
            {
                return ctx.Goto(StepLabel(scope.Steps[0]));
            }

            if (model?.Goto is { } jump)
            {
                return Jump(jump, ctx);
            }

            return AfterStep(node, ctx);
        }

        /// <summary>The step's <c>next</c> slot: its following sibling, its goto, or the end of its scope.</summary>
        private string AfterStep(StepNode node, Context ctx)
        {
            if (node.NextSibling is { } next)
            {
                return ctx.Goto(StepLabel(next));
            }

            if (node.Model.NextGoto is { } jump)
            {
                return Jump(jump, ctx);
            }

            return ctx.Goto(EndLabel(node.Scope));
        }

        private string Jump(GotoModel jump, Context ctx)
        {
            var target = _graph.Find(jump.Target)!;
            return $"{ctx.Hop}(); {ctx.GotoScope} = {target.Scope.Index}; {ctx.Goto(StepLabel(target))} /* goto '{Comment(target.Model.Id)}': a handoff, its scope's end ends the frame */";
        }

        // ---- calls into user code ------------------------------------------------------------------------

        private string Invoke(StepNode node, CallModel call, Context ctx, bool compensation = false)
        {
            var arguments = string.Join(", ", call.Arguments.Select(a => Argument(node, a, ctx, compensation)));
            var target = call.IsStatic ? FlowType : "_flow";
            var expression = $"{target}.{call.MethodName}({arguments})";
            return call.ReturnKind switch
            {
                ReturnKind.Task or ReturnKind.TaskOfT or ReturnKind.ValueTask or ReturnKind.ValueTaskOfT => $"await {expression}.ConfigureAwait(false)",
                _ => expression,
            };
        }

        private string Argument(StepNode node, ArgumentModel argument, Context ctx, bool compensation)
        {
            switch (argument.Kind)
            {
                case ArgumentKind.Input:
                    return "Input";
                case ArgumentKind.CancellationToken:
                    return "__ct";
                case ArgumentKind.Trigger:
                    return ctx.Straight ? $"{Rt}.FlowTrigger.Manual" : "Trigger";
                case ArgumentKind.Now:
                    return ctx.Straight ? "global::System.TimeProvider.System.GetUtcNow()" : "Now";
                case ArgumentKind.Context:
                    return $"Context({Literal(node.Model.Id)}, {(compensation ? "1" : AttemptOf(node))}, __ct)";
                case ArgumentKind.Secret:
                    return $"await SecretAsync({Literal(argument.Name ?? "")}, __ct).ConfigureAwait(false)";
                case ArgumentKind.Variable:
                    return VariableName(argument.Name!);
                case ArgumentKind.StepOutput:
                    return OutputName(_graph.Find(argument.Name!)!);
                case ArgumentKind.Item:
                case ArgumentKind.Index:
                    var loop = node.EnclosingForEach!;
                    var parallel = loop.Model.Parallelism > 1;
                    if (argument.Kind == ArgumentKind.Item)
                    {
                        return parallel ? "__item" : ItemName(loop);
                    }

                    return parallel ? "__index" : IndexName(loop);
                default:
                    return "default!";
            }
        }

        private void EmitCompensations(SourceWriter w)
        {
            var compensated = _graph.Steps.Where(n => n.Model.Compensation is not null).ToList();
            if (compensated.Count == 0)
            {
                return;
            }

            w.Line("/// <summary>Undoes a completed step during a rollback, newest first.</summary>");
            w.Open($"protected override async {Tasks}.ValueTask CompensateAsync(int id, global::System.Threading.CancellationToken __ct)");
            w.Line("var __t = BeginCompensation();");
            w.Open("switch (id)");
            var ctx = new Context(null);
            foreach (var node in compensated)
            {
                var id = Literal(node.Model.Id);
                w.Line($"case {node.Index}: // compensation of '{node.Model.Id}'");
                w.Open("try");
                w.Open($"if (!Faking || !FakeCompensation({id}))");
                w.Line(Invoke(node, node.Model.Compensation!, ctx, compensation: true) + ";");
                w.Close();
                w.Line($"Compensated({id}, __t, null);");
                w.Close();
                w.Open("catch (global::System.Exception __e) when (IsStepFailure(__e, __ct))");
                w.Line($"Compensated({id}, __t, __e); // a failed compensation is recorded; the rollback goes on");
                w.Close();
                w.Line("break;");
            }

            w.Close();
            w.Close();
            w.Line();
        }

        private void EmitFieldPlumbing(SourceWriter w)
        {
            var fields = Fields().ToList();
            if (!Durable && _resumePoints.Count == 0)
            {
                // A snapshot is taken where a run suspends or checkpoints; this flow does neither.
                w.Line("// This flow never suspends and takes no checkpoints: no snapshot of it is ever written or read.");
                w.Line($"protected override void WriteFields({Runtime}.FlowStateWriter writer) => throw new global::System.InvalidOperationException({Literal($"Flow '{_flow.Id}' never suspends: it has no snapshot.")});");
                w.Line();
                w.Line($"protected override void ReadFields({Runtime}.FlowStateReader reader) => throw new global::System.InvalidOperationException({Literal($"Flow '{_flow.Id}' never suspends: it has no snapshot to resume.")});");
            }
            else
            {
                EmitSnapshotFields(w, fields);
            }

            w.Line();
            w.Open("protected override void ClearFields()");
            if (_flow.InputType is not null)
            {
                w.Line("Input = default!;");
            }

            foreach (var field in fields)
            {
                w.Line($"{field.Name} = default!;");
            }

            w.Close();
            if (_flow.Variables.Any(v => v.Name == "output"))
            {
                w.Line();
                w.Line($"protected override object? GetOutput() => {VariableName("output")};");
            }
        }

        private void EmitSnapshotFields(SourceWriter w, List<Field> fields)
        {
            w.Open($"protected override void WriteFields({Runtime}.FlowStateWriter writer)");
            if (_flow.InputType is not null)
            {
                w.Line("writer.Write(\"input\", Input);");
            }

            foreach (var field in fields)
            {
                w.Line($"writer.Write({Literal(field.Comment)}, {field.Name});");
            }

            w.Close();
            w.Line();
            w.Open($"protected override void ReadFields({Runtime}.FlowStateReader reader)");
            if (_flow.InputType is { } inputType)
            {
                w.Line($"Input = reader.Read<{inputType}>(\"input\")!;");
            }

            foreach (var field in fields)
            {
                w.Line($"{field.Name} = reader.Read<{field.Type}>({Literal(field.Comment)})!;");
            }

            w.Close();
        }

        // ---- names ---------------------------------------------------------------------------------------

        private static string StepLabel(StepNode node) => $"s{node.Index}_{Identifier(node.Model.Id)}";

        private static string EndLabel(ScopeNode scope) => $"end_scope{scope.Index}";

        private static string OutputName(StepNode node) => $"_o{node.Index}_{Identifier(node.Model.Id)}";

        private static string IndexName(StepNode node) => $"_i{node.Index}_{Identifier(node.Model.Id)}";

        private static string ItemName(StepNode node) => $"_item{node.Index}_{Identifier(node.Model.Id)}";

        private static string VariableName(string name) => "_v_" + Identifier(name);

        private static string BodyName(ScopeNode scope)
            => scope.Parent!.Model.Kind == StepKind.ForEach
                ? $"Each{scope.Parent.Index}_{Identifier(scope.Parent.Model.Id)}"
                : $"Branch{scope.Index}_{Identifier(scope.Parent.Model.Id)}_{Identifier(scope.Endpoint!.Branch ?? "")}";

        private static string Identifier(string text) => Text.Naming.Identifier(text);

        /// <summary>Text safe inside a block comment.</summary>
        private static string Comment(string text) => text.Replace("*/", "* /");

        private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture) + "d";

        private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("{", "{{").Replace("}", "}}");

        internal static string Literal(string text) => Text.CSharpLiteral.String(text);
    }
}
