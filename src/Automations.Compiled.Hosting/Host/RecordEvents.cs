using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting
{
    /// <summary>The host's <see cref="IRecordEvents"/>: before flows inline, after flows through <see cref="IFlowClient"/>.</summary>
    internal sealed class RecordEvents : IRecordEvents
    {
        private readonly RunDispatcher _dispatcher;
        private readonly IFlowClient _client;

        public RecordEvents(RunDispatcher dispatcher, IFlowClient client)
        {
            _dispatcher = dispatcher;
            _client = client;
        }

        public async Task<TRecord> BeforeAsync<TRecord>(string @object, RecordChange change, TRecord record, TRecord? old = default, CancellationToken cancellationToken = default)
            where TRecord : class
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(@object);
            ArgumentNullException.ThrowIfNull(record);
            foreach (var flow in Flows(@object, "before_" + Name(change)))
            {
                var trigger = new FlowTrigger { Kind = "record", Record = record, Old = old };
                if (!_dispatcher.ConditionHolds(flow, ConditionView(trigger)))
                {
                    continue;
                }

                // A flow before it may have changed the record (in place, too): each condition sees it as it is now.
                var result = await flow.RunAsync(InputFor(flow, record), _dispatcher.RunOptions(trigger), cancellationToken).ConfigureAwait(false);
                switch (result.Status)
                {
                    case FlowStatus.Completed:
                        if (result.Output is TRecord changed)
                        {
                            record = changed;
                        }

                        break;
                    case FlowStatus.Waiting or FlowStatus.Paused:
                        // AUTO5003 refuses such flows at build time; a flow that suspends anyway cannot hold the write open.
                        throw new RecordVetoedException(flow.Info.Id, "a before_* flow must not suspend (it waits at step '" + result.Snapshot?.StepId + "').");
                    default:
                        throw new RecordVetoedException(flow.Info.Id, _dispatcher.Redaction.Redact(result.Error?.Message ?? result.Message ?? result.Status.ToString().ToLowerInvariant()) ?? "");
                }
            }

            return record;
        }

        public async Task<IReadOnlyList<FlowRun>> AfterAsync(string @object, RecordChange change, object record, object? old = null, string? idempotencyKey = null, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(@object);
            ArgumentNullException.ThrowIfNull(record);
            var runs = new List<FlowRun>();
            var trigger = new FlowTrigger { Kind = "record", Record = record, Old = old };
            var view = ConditionView(trigger); // the written record does not change between these flows: one view for all
            string? subject = null;
            foreach (var flow in Flows(@object, "after_" + Name(change)))
            {
                if (!_dispatcher.ConditionHolds(flow, view))
                {
                    continue;
                }

                runs.Add(await _client.StartAsync(flow.Info.Id, InputFor(flow, record), new FlowStartOptions
                {
                    Trigger = trigger,
                    IdempotencyKey = idempotencyKey is null ? null : $"record:{@object}:{Name(change)}:{idempotencyKey}",
                    Subject = subject ??= Subject(@object, view),
                    ThrowOnRefusal = false, // the app's write is done: a refused start is recorded and listed, not thrown at it
                }, cancellationToken).ConfigureAwait(false));
            }

            return runs;
        }

        /// <summary>What a record change is about, for loop prevention: <c>record:order:42</c> by its <c>id</c>, or the object alone.</summary>
        private static string Subject(string @object, FlowTrigger view)
            => view.Record is System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Object } record
               && record.TryGetProperty("id", out var id) && id.ValueKind is System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Number
                ? $"record:{@object}:{(id.ValueKind == System.Text.Json.JsonValueKind.String ? id.GetString() : id.GetRawText())}"
                : "record:" + @object;

        /// <summary>A record flow whose input type is the record's gets the record as its input.</summary>
        private static object? InputFor(IFlowDefinition flow, object record)
            => flow.Info.InputType is { } type && type.IsInstanceOfType(record) ? record : null;

        private static readonly System.Text.Json.JsonSerializerOptions CamelCase = new(System.Text.Json.JsonSerializerDefaults.Web);

        /// <summary>
        /// What a condition reads of a record: the record and the old one as JSON with camelCase names
        /// (<c>trigger.record.amount</c> for a property <c>Amount</c>), whatever CLR type the app uses.
        /// </summary>
        private static FlowTrigger ConditionView(FlowTrigger trigger) => new()
        {
            Kind = trigger.Kind,
            Record = trigger.Record is null ? null : System.Text.Json.JsonSerializer.SerializeToElement(trigger.Record, trigger.Record.GetType(), CamelCase),
            Old = trigger.Old is null ? null : System.Text.Json.JsonSerializer.SerializeToElement(trigger.Old, trigger.Old.GetType(), CamelCase),
        };

        private IEnumerable<IFlowDefinition> Flows(string @object, string @event)
            => _dispatcher.Registry.Latest
                .Where(f => f.Info.Trigger is { Kind: "record" } t && string.Equals(t.RecordObject, @object, StringComparison.Ordinal) && string.Equals(t.Event, @event, StringComparison.Ordinal))
                .OrderBy(f => f.Info.Id, StringComparer.Ordinal);

        private static string Name(RecordChange change) => change switch
        {
            RecordChange.Insert => "insert",
            RecordChange.Update => "update",
            RecordChange.Delete => "delete",
            _ => throw new ArgumentOutOfRangeException(nameof(change), change, "Not a record change."),
        };
    }
}
