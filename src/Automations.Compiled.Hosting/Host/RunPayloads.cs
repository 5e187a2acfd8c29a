using System;
using System.Text.Json;
using Automations.Compiled.Runtime;

namespace Automations.Compiled.Hosting
{
    /// <summary>What the journal keeps to start a run again (its trigger and input) and to resume one (its signal).</summary>
    internal static class RunPayloads
    {
        public static byte[] Start(FlowTrigger trigger, object? input)
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
