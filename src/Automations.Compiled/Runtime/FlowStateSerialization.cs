using System;
using System.ComponentModel;
using System.Text.Json;

namespace Automations.Compiled.Runtime
{
    /// <summary>
    /// How suspended state is serialised. Replace <see cref="Options"/> (for example with a
    /// source-generated <c>JsonSerializerContext</c> resolver) before the first run.
    /// </summary>
    public static class FlowStateSerializer
    {
        /// <summary>The serializer options for step outputs, variables and inputs in snapshots.</summary>
        public static JsonSerializerOptions Options { get; set; } = new(JsonSerializerDefaults.General) { IncludeFields = true };
    }

    /// <summary>Writes the fields of a state machine; used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct FlowStateWriter
    {
        private readonly Utf8JsonWriter _json;

        internal FlowStateWriter(Utf8JsonWriter json) => _json = json;

        /// <summary>Writes one field.</summary>
        public void Write<T>(string name, T value)
        {
            _json.WritePropertyName(name);
            JsonSerializer.Serialize(_json, value, FlowStateSerializer.Options);
        }

        /// <summary>Writes one of the engine's own counters (the JSON the serializer writes for an <see cref="int"/>, without it).</summary>
        internal void WriteInt(string name, int value) => _json.WriteNumber(name, value);

        /// <summary>Writes one of the engine's own 64-bit counters (ticks, spend).</summary>
        internal void WriteLong(string name, long value) => _json.WriteNumber(name, value);

        /// <summary>Writes one of the engine's own lists of numbers as a JSON array, from where it lies (no array copied out).</summary>
        internal void WriteInts(string name, ReadOnlySpan<int> values)
        {
            _json.WriteStartArray(name);
            foreach (var value in values)
            {
                _json.WriteNumberValue(value);
            }

            _json.WriteEndArray();
        }
    }

    /// <summary>Reads the fields of a state machine back; used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct FlowStateReader
    {
        private readonly JsonElement _root;

        internal FlowStateReader(byte[] state)
        {
            try
            {
                using var document = JsonDocument.Parse(state);
                _root = document.RootElement.Clone();
            }
            catch (JsonException error)
            {
                throw new ArgumentException("The snapshot state is not valid JSON: " + error.Message, nameof(state), error);
            }
        }

        /// <summary>Reads one field; a missing field reads as <c>default</c>.</summary>
        public T? Read<T>(string name)
            => _root.TryGetProperty(name, out var value) ? value.Deserialize<T>(FlowStateSerializer.Options) : default;
    }
}
