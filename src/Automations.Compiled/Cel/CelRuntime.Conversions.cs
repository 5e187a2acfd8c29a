using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Automations.Compiled.Cel
{
    public static partial class CelRuntime
    {
        private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        /// <summary><c>int(uint)</c>; above int64 max is an error.</summary>
        public static long Int(ulong value) => value <= long.MaxValue ? (long)value : throw Range("int");

        /// <summary><c>int(double)</c>, truncating; NaN and values outside int64 are errors.</summary>
        public static long Int(double value) => value > -TwoTo63 && value < TwoTo63 ? (long)value : throw Range("int");

        /// <summary><c>int(string)</c>.</summary>
        public static long Int(string value)
            => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var r) ? r : throw Conversion("int", value);

        /// <summary><c>int(timestamp)</c>: seconds since the Unix epoch.</summary>
        public static long Int(DateTimeOffset value) => value.ToUnixTimeSeconds();

        /// <summary><c>int(dyn)</c>.</summary>
        public static long Int(object? value) => Normalize(value) switch
        {
            long l => l,
            ulong u => Int(u),
            double d => Int(d),
            string s => Int(s),
            DateTimeOffset t => Int(t),
            _ => throw NoSuchOverload("int"),
        };

        /// <summary><c>uint(int)</c>; negative is an error.</summary>
        public static ulong Uint(long value) => value >= 0 ? (ulong)value : throw Range("uint");

        /// <summary><c>uint(double)</c>, truncating; NaN and values outside uint64 are errors.</summary>
        public static ulong Uint(double value) => value >= 0 && value < TwoTo64 ? (ulong)value : throw Range("uint");

        /// <summary><c>uint(string)</c>.</summary>
        public static ulong Uint(string value)
            => ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : throw Conversion("uint", value);

        /// <summary><c>uint(dyn)</c>.</summary>
        public static ulong Uint(object? value) => Normalize(value) switch
        {
            ulong u => u,
            long l => Uint(l),
            double d => Uint(d),
            string s => Uint(s),
            _ => throw NoSuchOverload("uint"),
        };

        /// <summary><c>double(string)</c>.</summary>
        public static double Double(string value)
            => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) ? r : throw Conversion("double", value);

        /// <summary><c>double(dyn)</c>.</summary>
        public static double Double(object? value) => Normalize(value) switch
        {
            double d => d,
            long l => l,
            ulong u => u,
            string s => Double(s),
            _ => throw NoSuchOverload("double"),
        };

        /// <summary><c>bool(string)</c>: 1, t, true, TRUE, True and their false counterparts.</summary>
        public static bool Bool(string value) => value switch
        {
            "1" or "t" or "true" or "TRUE" or "True" => true,
            "0" or "f" or "false" or "FALSE" or "False" => false,
            _ => throw Conversion("bool", value),
        };

        /// <summary><c>bool(dyn)</c>.</summary>
        public static bool ToBool(object? value) => Normalize(value) switch
        {
            bool b => b,
            string s => Bool(s),
            _ => throw NoSuchOverload("bool"),
        };

        /// <summary><c>string(int)</c>.</summary>
        public static string String(long value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary><c>string(uint)</c>.</summary>
        public static string String(ulong value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary><c>string(bool)</c>.</summary>
        public static string String(bool value) => value ? "true" : "false";

        /// <summary><c>string(double)</c>: the shortest round-trip digits, in exponent form below 1e-4 and from 1e21 (as cel-go).</summary>
        public static string String(double value)
        {
            if (double.IsNaN(value))
            {
                return "NaN";
            }

            if (double.IsInfinity(value))
            {
                return value > 0 ? "+Inf" : "-Inf";
            }

            var shortest = value.ToString("R", CultureInfo.InvariantCulture);
            var digits = Digits(shortest);
            var exponent = Exponent(shortest);
            var sign = value < 0 || (value == 0 && double.IsNegative(value)) ? "-" : "";
            if (exponent < -4 || exponent >= 21)
            {
                var mantissa = digits.Length > 1 ? digits[0] + "." + digits.Substring(1) : digits;
                return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
            }

            if (exponent < 0)
            {
                return sign + "0." + new string('0', -exponent - 1) + digits;
            }

            return digits.Length <= exponent + 1
                ? sign + digits + new string('0', exponent + 1 - digits.Length)
                : sign + digits.Substring(0, exponent + 1) + "." + digits.Substring(exponent + 1);
        }

        // The significant digits of a round-trip string, without sign, point, exponent or leading/trailing zeros.
        private static string Digits(string roundTrip)
        {
            var builder = new StringBuilder();
            foreach (var c in roundTrip)
            {
                if (c == 'E')
                {
                    break;
                }

                if (c >= '0' && c <= '9')
                {
                    builder.Append(c);
                }
            }

            var digits = builder.ToString().TrimStart('0').TrimEnd('0');
            return digits.Length == 0 ? "0" : digits;
        }

        // The decimal exponent of the first significant digit of a round-trip string ("0.0045" is -3, "1E+23" is 23).
        private static int Exponent(string roundTrip)
        {
            var text = roundTrip.TrimStart('-');
            var e = text.IndexOf('E');
            var power = e < 0 ? 0 : int.Parse(text.Substring(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            var mantissa = e < 0 ? text : text.Substring(0, e);
            var point = mantissa.IndexOf('.');
            var integerDigits = point < 0 ? mantissa.Length : point;
            var all = mantissa.Replace(".", "");
            var first = 0;
            while (first < all.Length - 1 && all[first] == '0')
            {
                first++;
            }

            return power + integerDigits - 1 - first;
        }

        /// <summary><c>string(bytes)</c>; invalid UTF-8 is an error.</summary>
        public static string String(byte[] value)
        {
            try
            {
                return StrictUtf8.GetString(value);
            }
            catch (ArgumentException)
            {
                throw new CelException("invalid UTF-8 in bytes, cannot convert to string");
            }
        }

        /// <summary><c>string(dyn)</c>.</summary>
        public static string String(object? value) => Normalize(value) switch
        {
            string s => s,
            long l => String(l),
            ulong u => String(u),
            double d => String(d),
            bool b => String(b),
            byte[] b => String(b),
            DateTimeOffset t => String(t),
            TimeSpan t => String(t),
            CelTypeValue t => t.Name,
            _ => throw NoSuchOverload("string"),
        };

        /// <summary><c>bytes(string)</c>: its UTF-8 encoding.</summary>
        public static byte[] Bytes(string value) => Encoding.UTF8.GetBytes(value);

        /// <summary><c>bytes(dyn)</c>.</summary>
        public static byte[] Bytes(object? value) => Normalize(value) switch
        {
            byte[] b => b,
            string s => Bytes(s),
            _ => throw NoSuchOverload("bytes"),
        };

        /// <summary>A bytes literal (Latin-1 characters as byte values), built once per call site by the caller.</summary>
        public static byte[] BytesLiteral(string latin1)
        {
            var bytes = new byte[latin1.Length];
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)latin1[i];
            }

            return bytes;
        }

        /// <summary><c>type(dyn)</c>.</summary>
        public static CelTypeValue TypeOf(object? value) => Normalize(value) switch
        {
            null => CelTypeValue.Null,
            long => CelTypeValue.Int,
            ulong => CelTypeValue.Uint,
            double => CelTypeValue.Double,
            bool => CelTypeValue.Bool,
            string => CelTypeValue.String,
            byte[] => CelTypeValue.Bytes,
            DateTimeOffset => CelTypeValue.Timestamp,
            TimeSpan => CelTypeValue.Duration,
            CelTypeValue => CelTypeValue.Type,
            IList => CelTypeValue.List,
            IDictionary or IReadOnlyDictionary<string, object?> => CelTypeValue.Map,
            var other => new CelTypeValue(other.GetType().FullName ?? other.GetType().Name),
        };

        /// <summary>
        /// A <c>dyn</c> converted to the C# type <typeparamref name="T"/> a flow expects (an action parameter, a variable):
        /// numbers narrow with range checks, anything else must already be a <typeparamref name="T"/>.
        /// </summary>
        public static T ConvertTo<T>(object? value)
        {
            var v = Normalize(value);
            if (v is T same)
            {
                return same;
            }

            object? converted = typeof(T) == typeof(int) || typeof(T) == typeof(int?) ? ToInt32(Int(v))
                : typeof(T) == typeof(long) || typeof(T) == typeof(long?) ? Int(v)
                : typeof(T) == typeof(double) || typeof(T) == typeof(double?) ? Double(v)
                : typeof(T) == typeof(ulong) || typeof(T) == typeof(ulong?) ? Uint(v)
                : typeof(T) == typeof(decimal) || typeof(T) == typeof(decimal?) ? ToDecimal(Double(v))
                : typeof(T) == typeof(float) || typeof(T) == typeof(float?) ? (float)Double(v)
                : typeof(T) == typeof(DateTime) || typeof(T) == typeof(DateTime?) ? (v is DateTimeOffset t ? t.UtcDateTime : throw CannotConvert<T>(v))
                : v is null && default(T) is null ? null
                : throw CannotConvert<T>(v);
            return (T)converted!;
        }

        /// <summary>A CEL int narrowed to a C# <c>int</c>; out of range is an error.</summary>
        public static int ToInt32(long value) => value >= int.MinValue && value <= int.MaxValue ? (int)value : throw Range("int32");

        /// <summary>A CEL int narrowed to a C# <c>short</c>; out of range is an error.</summary>
        public static short ToInt16(long value) => value >= short.MinValue && value <= short.MaxValue ? (short)value : throw Range("int16");

        /// <summary>A CEL int narrowed to a C# <c>byte</c>; out of range is an error.</summary>
        public static byte ToByte(long value) => value >= 0 && value <= byte.MaxValue ? (byte)value : throw Range("byte");

        /// <summary>A CEL uint narrowed to a C# <c>uint</c>; out of range is an error.</summary>
        public static uint ToUInt32(ulong value) => value <= uint.MaxValue ? (uint)value : throw Range("uint32");

        /// <summary>A CEL double as a C# <c>decimal</c>; NaN, infinities and values beyond decimal are errors.</summary>
        public static decimal ToDecimal(double value)
            => !double.IsNaN(value) && Math.Abs(value) < 7.9e28 ? (decimal)value : throw Range("decimal");

        private static CelException CannotConvert<T>(object? value)
            => new($"cannot convert {CelTypeNames.OfValue(value)} to {CelTypeNames.Of(typeof(T))}");

        private static CelException Range(string type) => new($"range error: the value does not fit {type}");

        private static CelException Conversion(string type, string value) => new($"type conversion error: cannot convert \"{value}\" to {type}");
    }
}
