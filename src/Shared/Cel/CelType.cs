using System;
using System.Text;
using Automations.Compiled.Model;

namespace Automations.Compiled.Cel
{
    /// <summary>The kinds of CEL types the checker knows (cel-spec "Types and values").</summary>
    internal enum CelTypeKind
    {
        Dyn,
        Null,
        Bool,
        Int,
        Uint,
        Double,
        String,
        Bytes,
        Timestamp,
        Duration,
        List,
        Map,
        /// <summary>A C# type (record, class, struct) whose fields are described by a <see cref="CelObjectShape"/>.</summary>
        Object,
        /// <summary>The type of type values (<c>type(x)</c>, <c>int</c>).</summary>
        Type,
    }

    /// <summary>
    /// A CEL type. <see cref="Parameters"/> holds the element type of a list and the key and value types of a map;
    /// <see cref="ClrType"/> names the C# type of an <see cref="CelTypeKind.Object"/> (fully qualified, <c>global::</c>).
    /// </summary>
    internal sealed record CelType(CelTypeKind Kind, EquatableArray<CelType> Parameters, string? ClrType)
    {
        public static readonly CelType Dyn = new(CelTypeKind.Dyn, EquatableArray<CelType>.Empty, null);
        public static readonly CelType Null = new(CelTypeKind.Null, EquatableArray<CelType>.Empty, null);
        public static readonly CelType Bool = new(CelTypeKind.Bool, EquatableArray<CelType>.Empty, null);
        public static readonly CelType Int = new(CelTypeKind.Int, EquatableArray<CelType>.Empty, null);
        public static readonly CelType Uint = new(CelTypeKind.Uint, EquatableArray<CelType>.Empty, null);
        public static readonly CelType Double = new(CelTypeKind.Double, EquatableArray<CelType>.Empty, null);
        public static readonly CelType String = new(CelTypeKind.String, EquatableArray<CelType>.Empty, null);
        public static readonly CelType Bytes = new(CelTypeKind.Bytes, EquatableArray<CelType>.Empty, null);
        public static readonly CelType Timestamp = new(CelTypeKind.Timestamp, EquatableArray<CelType>.Empty, null);
        public static readonly CelType Duration = new(CelTypeKind.Duration, EquatableArray<CelType>.Empty, null);
        public static readonly CelType TypeType = new(CelTypeKind.Type, EquatableArray<CelType>.Empty, null);

        public static CelType List(CelType element) => new(CelTypeKind.List, new EquatableArray<CelType>(new[] { element }), null);

        public static CelType Map(CelType key, CelType value) => new(CelTypeKind.Map, new EquatableArray<CelType>(new[] { key, value }), null);

        public static CelType Object(string clrType) => new(CelTypeKind.Object, EquatableArray<CelType>.Empty, clrType);

        public CelType Element => Parameters[0];

        public CelType Key => Parameters[0];

        public CelType Value => Parameters[1];

        /// <summary>The type as CEL writes it (<see cref="CelTypeNames.Of(CelType)"/>): <c>int</c>, <c>list(string)</c>, <c>map(string, dyn)</c>, or the declared type name.</summary>
        public override string ToString() => CelTypeNames.Of(this);
    }

    /// <summary>
    /// The fields of a C# type as CEL sees them: <c>order.total</c> reads <see cref="CelField.Member"/> of the object.
    /// Built by the front end from the compilation's symbols (public readable properties and fields).
    /// </summary>
    internal sealed record CelObjectShape(string ClrType, EquatableArray<CelField> Fields)
    {
        public CelField? Find(string name)
        {
            foreach (var field in Fields)
            {
                if (string.Equals(field.Name, name, StringComparison.Ordinal))
                {
                    return field;
                }
            }

            return null;
        }
    }

    /// <summary>
    /// One field: its CEL <see cref="Name"/>, the C# <see cref="Member"/> that holds it, its CEL <see cref="Type"/>, and the
    /// member's C# type (<see cref="ClrType"/>, e.g. <c>int</c>, which the compiler widens to CEL's <c>long</c>).
    /// </summary>
    internal sealed record CelField(string Name, string Member, CelType Type, string ClrType);

    /// <summary>
    /// A name an expression may use, possibly qualified (<c>item</c>, <c>inputs</c>, <c>vars.total</c>,
    /// <c>steps.charge.output</c>), its CEL type, its C# type and the C# expression that reads it in generated code.
    /// </summary>
    internal sealed record CelVariable(string Name, CelType Type, string ClrType, string Access);

    /// <summary>Where a compiled value goes: the C# type it must be converted to (an action parameter, a variable).</summary>
    internal sealed record CelTarget(CelType Type, string ClrType);
}
