using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Automations.Compiled.Hosting;
using Automations.Compiled.Schedule;

namespace Automations.Compiled.Testing
{
    /// <summary>
    /// A scenario test of one flow: given its inputs and trigger, fake action results, records and a script for its
    /// waits, run it in memory and compare what it did with what is expected. Deterministic: the clock stands still
    /// unless the script moves it, no journal is involved, actions the scenario fakes are not called.
    /// </summary>
    /// <example>
    /// <code>
    /// await FlowScenario.For&lt;SignupFlow&gt;()
    ///     .OnRecordInserted(new { email = "ada@example.com" })
    ///     .FakeAction("send-welcome", returns: new { messageId = "m-1" })
    ///     .ExpectSteps("check-email -> then", "send-welcome")
    ///     .ExpectStatus(FlowStatus.Completed)
    ///     .RunAsync();
    /// </code>
    /// </example>
    public sealed partial class FlowScenario
    {
        private readonly IFlowDefinition _flow;
        private readonly ScenarioFakes _fakes = new();
        private readonly List<(string Object, IReadOnlyDictionary<string, object?> Fields)> _seed = [];
        private readonly Dictionary<string, string> _secrets = new(StringComparer.Ordinal);
        private readonly List<ScriptItem> _script = [];
        private readonly ScenarioExpectations _expect = new();
        private object? _input;
        private FlowTrigger? _trigger;
        private DateTimeOffset? _start;

        private FlowScenario(IFlowDefinition flow)
        {
            _flow = flow;
            Name = flow.Info.Id;
        }

        /// <summary>The scenario's name (the flow id until <see cref="Named"/>).</summary>
        public string Name { get; private set; }

        /// <summary>The flow under test.</summary>
        public IFlowDefinition Flow => _flow;

        /// <summary>A scenario of the flow class <typeparamref name="TFlow"/>, built with its parameterless constructor.</summary>
        public static FlowScenario For<TFlow>()
            where TFlow : IFlowDefinition, new()
            => new(new TFlow());

        /// <summary>A scenario of <paramref name="flow"/> (a flow whose actions need constructor arguments, or one compiled at run time).</summary>
        public static FlowScenario For(IFlowDefinition flow) => new(flow ?? throw new ArgumentNullException(nameof(flow)));

        /// <summary>Names the scenario, for reports.</summary>
        public FlowScenario Named(string name)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            Name = name;
            return this;
        }

        /// <summary>
        /// The run's inputs: an instance of the flow's input type, or any object (an anonymous object, a
        /// <see cref="JsonElement"/>) whose JSON is checked and read as the host reads an API call's inputs.
        /// </summary>
        public FlowScenario WithInput(object? input)
        {
            _input = input;
            return this;
        }

        /// <summary>The event that starts the run, as a host would pass it.</summary>
        public FlowScenario WithTrigger(FlowTrigger trigger)
        {
            _trigger = trigger ?? throw new ArgumentNullException(nameof(trigger));
            return this;
        }

        /// <summary>A record trigger for an insert: <c>trigger.record</c> is <paramref name="record"/>.</summary>
        public FlowScenario OnRecordInserted(object record) => WithTrigger(new FlowTrigger { Kind = "record", Record = ScenarioValues.ToJson(record) });

        /// <summary>A record trigger for an update: <c>trigger.old</c> and <c>trigger.record</c>.</summary>
        public FlowScenario OnRecordUpdated(object before, object after)
            => WithTrigger(new FlowTrigger { Kind = "record", Old = ScenarioValues.ToJson(before), Record = ScenarioValues.ToJson(after) });

        /// <summary>A record trigger for a delete: <c>trigger.old</c> is the deleted record.</summary>
        public FlowScenario OnRecordDeleted(object old) => WithTrigger(new FlowTrigger { Kind = "record", Old = ScenarioValues.ToJson(old) });

        /// <summary>An event trigger: <c>trigger.payload</c> is <paramref name="payload"/> as JSON, as the host passes it.</summary>
        public FlowScenario OnEvent(string name, object? payload = null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            return WithTrigger(new FlowTrigger { Kind = "event", EventName = name, Payload = ScenarioValues.Payload(payload) });
        }

        /// <summary>A webhook trigger: <c>trigger.payload</c> is <paramref name="payload"/> as JSON.</summary>
        public FlowScenario OnWebhook(object? payload) => WithTrigger(new FlowTrigger { Kind = "webhook", Payload = ScenarioValues.Payload(payload) });

        /// <summary>
        /// A schedule's occurrence at wall-clock time <paramref name="localTime"/> in IANA zone <paramref name="timeZone"/>,
        /// turned into an instant as the scheduler does (a time in a spring-forward gap is the first instant after it, a
        /// time repeated by a fall-back the first pass); <c>trigger.payload</c> is <c>{ scheduledAt, catchUp: false }</c>
        /// and the clock starts there unless <see cref="StartingAt"/> says otherwise.
        /// </summary>
        public FlowScenario OnSchedule(DateTime localTime, string timeZone)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(timeZone);
            var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
            var instant = new ZoneClock(zone).Resolve(DateTime.SpecifyKind(localTime, DateTimeKind.Unspecified)).First;
            _start ??= instant;
            return WithTrigger(new FlowTrigger { Kind = "schedule", Payload = FlowScheduler.Payload(instant, catchUp: false) });
        }

        /// <summary>Where the scenario's clock starts (default 2026-01-01T00:00:00Z, or a schedule trigger's instant).</summary>
        public FlowScenario StartingAt(DateTimeOffset now)
        {
            _start = now;
            return this;
        }

        /// <summary>Action step <paramref name="stepId"/> is not called: every try of it returns <paramref name="returns"/>.</summary>
        public FlowScenario FakeAction(string stepId, object? returns = null) => Fake(stepId, null, ActionFake.Returning(returns));

        /// <summary>Try <paramref name="attempt"/> (from 1) of action step <paramref name="stepId"/> returns <paramref name="returns"/>.</summary>
        public FlowScenario FakeAction(string stepId, int attempt, object? returns) => Fake(stepId, attempt, ActionFake.Returning(returns));

        /// <summary>Every try of action step <paramref name="stepId"/> fails with <paramref name="message"/>.</summary>
        public FlowScenario FailAction(string stepId, string message) => Fake(stepId, null, ActionFake.Failing(message));

        /// <summary>Try <paramref name="attempt"/> of action step <paramref name="stepId"/> fails with <paramref name="message"/>.</summary>
        public FlowScenario FailAction(string stepId, int attempt, string message) => Fake(stepId, attempt, ActionFake.Failing(message));

        /// <summary>The compensation of step <paramref name="stepId"/> is not called during a rollback (it counts as done).</summary>
        public FlowScenario FakeCompensation(string stepId)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(stepId);
            _fakes.AddCompensation(stepId, ActionFake.Returning(null));
            return this;
        }

        /// <summary>The compensation of step <paramref name="stepId"/> fails with <paramref name="message"/>.</summary>
        public FlowScenario FailCompensation(string stepId, string message)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(stepId);
            _fakes.AddCompensation(stepId, ActionFake.Failing(message));
            return this;
        }

        /// <summary>A record of <paramref name="objectName"/> that exists before the run (not counted as written).</summary>
        public FlowScenario WithRecord(string objectName, object fields)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(objectName);
            _seed.Add((objectName, Fields(fields)));
            return this;
        }

        /// <summary>A secret's value for the run (<c>[Secret]</c> parameters and <c>$secret</c> inputs); no other secret resolves.</summary>
        public FlowScenario WithSecret(string name, string value)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            _secrets[name] = value ?? throw new ArgumentNullException(nameof(value));
            return this;
        }

        /// <summary>
        /// When the run waits: moves the clock forward; a wait whose timer (or timeout) is due by then resumes on its
        /// <c>elapsed</c> endpoint, any other wait goes on waiting.
        /// </summary>
        public FlowScenario ThenAdvance(TimeSpan by) => Then(ScriptItem.Advance(by));

        /// <summary>When the run waits for event <paramref name="name"/>: delivers it with <paramref name="payload"/>.</summary>
        public FlowScenario ThenEvent(string name, object? payload = null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            return Then(ScriptItem.Event(name, payload));
        }

        /// <summary>When the run waits for an approval: <paramref name="by"/> approves it.</summary>
        public FlowScenario ThenApprove(string by, string? comment = null) => Then(ScriptItem.Decide(true, by, comment));

        /// <summary>When the run waits for an approval: <paramref name="by"/> rejects it.</summary>
        public FlowScenario ThenReject(string by, string? comment = null) => Then(ScriptItem.Decide(false, by, comment));

        /// <summary>The run ends (or stays) with <paramref name="status"/>.</summary>
        public FlowScenario ExpectStatus(FlowStatus status)
        {
            _expect.Status = status;
            return this;
        }

        /// <summary>
        /// The run's tries are exactly these, in order, each written as the trace prints it (<c>"charge"</c>,
        /// <c>"charge #2 failed"</c>, <c>"check -&gt; then"</c>; what a line leaves out matches anything).
        /// </summary>
        public FlowScenario ExpectSteps(params string[] trace)
        {
            _expect.Steps = trace.Select(StepPattern.Parse).ToList();
            return this;
        }

        /// <summary>Step <paramref name="stepId"/> (its last try) took <paramref name="endpoint"/>.</summary>
        public FlowScenario ExpectEndpoint(string stepId, string endpoint)
        {
            _expect.Endpoints[stepId] = endpoint;
            return this;
        }

        /// <summary>Step <paramref name="stepId"/> (its last try) produced <paramref name="output"/> (objects: the properties named).</summary>
        public FlowScenario ExpectStepOutput(string stepId, object? output)
        {
            _expect.StepOutputs[stepId] = output;
            return this;
        }

        /// <summary>Step <paramref name="stepId"/> never ran.</summary>
        public FlowScenario ExpectNotRun(string stepId)
        {
            _expect.NotRun.Add(stepId);
            return this;
        }

        /// <summary>The run's output (objects: the properties named).</summary>
        public FlowScenario ExpectOutput(object? output)
        {
            _expect.Output = new Expected(output);
            return this;
        }

        /// <summary>The run's message (a stop step's).</summary>
        public FlowScenario ExpectMessage(string? message)
        {
            _expect.Message = new Expected(message);
            return this;
        }

        /// <summary>The run failed at <paramref name="stepId"/> (null: not at a step), its error containing <paramref name="messageContains"/> when given.</summary>
        public FlowScenario ExpectError(string? stepId, string? messageContains = null)
        {
            _expect.Status ??= FlowStatus.Failed;
            _expect.Error = (stepId, messageContains);
            return this;
        }

        /// <summary>The run waits, for <paramref name="kind"/> (a timer, an event, an approval).</summary>
        public FlowScenario ExpectWaiting(WaitKind kind)
        {
            _expect.Status = FlowStatus.Waiting;
            _expect.Wait = kind;
            return this;
        }

        /// <summary>
        /// The run's record steps wrote exactly these, in order (fields: those named; a create's id is not compared
        /// unless given). Without any record expectation, writes are not checked.
        /// </summary>
        public FlowScenario ExpectRecordWrites(params RecordWrite[] writes)
        {
            _expect.Records = writes.ToList();
            return this;
        }

        private FlowScenario Fake(string stepId, int? attempt, ActionFake fake)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(stepId);
            _fakes.Add(stepId, attempt, fake);
            return this;
        }

        private FlowScenario Then(ScriptItem item)
        {
            _script.Add(item);
            return this;
        }

        /// <summary>A record's fields from a dictionary, a <see cref="JsonElement"/> object or any object's JSON.</summary>
        internal static IReadOnlyDictionary<string, object?> Fields(object fields)
        {
            if (fields is IReadOnlyDictionary<string, object?> dictionary)
            {
                return dictionary;
            }

            var json = ScenarioValues.ToJson(fields);
            if (json.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException($"A record is an object of fields, not {json.ValueKind}.", nameof(fields));
            }

            return json.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal);
        }
    }
}
