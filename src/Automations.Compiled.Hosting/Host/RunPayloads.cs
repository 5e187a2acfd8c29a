using System;
using System.Collections.Generic;
using System.Text.Json;
using Automations.Compiled.Runtime;

namespace Automations.Compiled.Hosting
{
    /// <summary>What the journal keeps to start a run again (its trigger and input) and to resume one (its signal).</summary>
    internal static class RunPayloads
    {
        /// <summary>
        /// A run's start payload: its trigger and input, and when another run caused it, the causation chain and what its
        /// trigger is about (<see cref="RunCause"/>).
        /// </summary>
        public static byte[] Start(FlowTrigger trigger, object? input, IReadOnlyList<CausationLink>? causation = null, string? subject = null)
        {
            var options = FlowStateSerializer.Options;
            var scratch = JsonScratch.Rent();
            try
            {
                var json = scratch.Json;
                json.WriteStartObject();
                json.WritePropertyName("trigger");
                JsonSerializer.Serialize(json, trigger, options);
                json.WritePropertyName("input");
                JsonSerializer.Serialize(json, input, input?.GetType() ?? typeof(object), options);
                if (subject is not null)
                {
                    json.WriteString("subject", subject);
                }

                if (causation is { Count: > 0 })
                {
                    json.WriteStartArray("causation");
                    foreach (var link in causation)
                    {
                        json.WriteStartObject();
                        json.WriteString("flow", link.FlowId);
                        json.WriteString("run", link.RunId);
                        if (link.Subject is not null)
                        {
                            json.WriteString("subject", link.Subject);
                        }

                        json.WriteString("at", link.At);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
                return scratch.Written.ToArray();
            }
            finally
            {
                scratch.Return();
            }
        }

        public static (FlowTrigger Trigger, object? Input) ReadStart(ReadOnlyMemory<byte> payload, Type? inputType)
        {
            if (payload.IsEmpty)
            {
                return (FlowTrigger.Manual, null);
            }

            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            var trigger = root.TryGetProperty("trigger", out var t) ? t.Deserialize<FlowTrigger>(FlowStateSerializer.Options) : null;
            object? input = null;
            if (inputType is not null && root.TryGetProperty("input", out var i) && i.ValueKind != JsonValueKind.Null)
            {
                input = i.Deserialize(inputType, FlowStateSerializer.Options);
            }

            return (trigger ?? FlowTrigger.Manual, input);
        }

        /// <summary>The causation chain and subject a start payload holds (none for a run nothing else caused).</summary>
        public static (IReadOnlyList<CausationLink>? Ancestors, string? Subject) ReadCause(ReadOnlyMemory<byte> payload)
        {
            if (payload.IsEmpty)
            {
                return (null, null);
            }

            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            var subject = root.TryGetProperty("subject", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            if (!root.TryGetProperty("causation", out var chain) || chain.ValueKind != JsonValueKind.Array)
            {
                return (null, subject);
            }

            var links = new List<CausationLink>(chain.GetArrayLength());
            foreach (var link in chain.EnumerateArray())
            {
                links.Add(new CausationLink(
                    link.GetProperty("flow").GetString()!,
                    link.GetProperty("run").GetGuid(),
                    link.TryGetProperty("subject", out var linkSubject) ? linkSubject.GetString() : null,
                    link.GetProperty("at").GetDateTimeOffset()));
            }

            return (links, subject);
        }

        public static byte[] Event(string name, object? payload)
            => JsonSerializer.SerializeToUtf8Bytes(new SignalDto { Kind = "event", Name = name, Payload = payload is null ? null : JsonSerializer.SerializeToElement(payload, payload.GetType(), FlowStateSerializer.Options) });

        public static byte[] Approval(ApprovalDecision decision)
            => JsonSerializer.SerializeToUtf8Bytes(new SignalDto { Kind = "approval", Approved = decision.Approved, By = decision.By, Comment = decision.Comment });

        public static ResumeSignal ReadSignal(ReadOnlyMemory<byte> payload)
        {
            var dto = JsonSerializer.Deserialize<SignalDto>(payload.Span) ?? throw new FormatException("An empty resume signal.");
            return dto.Kind switch
            {
                "event" => ResumeSignal.Event(dto.Name ?? throw new FormatException("An event signal without a name."), dto.Payload),
                "approval" => ResumeSignal.Approval(new ApprovalDecision(dto.Approved, dto.By ?? "", dto.Comment)),
                _ => throw new FormatException($"Unknown resume signal '{dto.Kind}'."),
            };
        }

        private sealed class SignalDto
        {
            public string Kind { get; set; } = "";

            public string? Name { get; set; }

            public JsonElement? Payload { get; set; }

            public bool Approved { get; set; }

            public string? By { get; set; }

            public string? Comment { get; set; }
        }
    }
}
