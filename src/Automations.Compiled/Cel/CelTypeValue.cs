using System;
using System.ComponentModel;

namespace Automations.Compiled.Cel
{
    /// <summary>A CEL type as a value (<c>type(x)</c>, <c>int</c>, <c>google.protobuf.Timestamp</c>), compared by name.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct CelTypeValue : IEquatable<CelTypeValue>
    {
        /// <summary>The type of ints.</summary>
        public static readonly CelTypeValue Int = new("int");

        /// <summary>The type of uints.</summary>
        public static readonly CelTypeValue Uint = new("uint");

        /// <summary>The type of doubles.</summary>
        public static readonly CelTypeValue Double = new("double");

        /// <summary>The type of bools.</summary>
        public static readonly CelTypeValue Bool = new("bool");

        /// <summary>The type of strings.</summary>
        public static readonly CelTypeValue String = new("string");

        /// <summary>The type of bytes.</summary>
        public static readonly CelTypeValue Bytes = new("bytes");

        /// <summary>The type of null.</summary>
        public static readonly CelTypeValue Null = new("null_type");

        /// <summary>The type of lists.</summary>
        public static readonly CelTypeValue List = new("list");

        /// <summary>The type of maps.</summary>
        public static readonly CelTypeValue Map = new("map");

        /// <summary>The type of types.</summary>
        public static readonly CelTypeValue Type = new("type");

        /// <summary>The type of timestamps.</summary>
        public static readonly CelTypeValue Timestamp = new("google.protobuf.Timestamp");

        /// <summary>The type of durations.</summary>
        public static readonly CelTypeValue Duration = new("google.protobuf.Duration");

        /// <summary>A type by its CEL name (for objects, the C# type's full name).</summary>
        public CelTypeValue(string name) => _name = name;

        private readonly string? _name;

        /// <summary>The CEL name of the type.</summary>
        public string Name => _name ?? "null_type";

        /// <inheritdoc/>
        public bool Equals(CelTypeValue other) => string.Equals(Name, other.Name, StringComparison.Ordinal);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is CelTypeValue other && Equals(other);

        /// <inheritdoc/>
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

        /// <inheritdoc/>
        public override string ToString() => Name;

        /// <summary>Type equality.</summary>
        public static bool operator ==(CelTypeValue left, CelTypeValue right) => left.Equals(right);

        /// <summary>Type inequality.</summary>
        public static bool operator !=(CelTypeValue left, CelTypeValue right) => !left.Equals(right);
    }
}
