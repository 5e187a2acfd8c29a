using System;
using System.Globalization;
using System.Text;

namespace Automations.Compiled.Cel
{
    public static partial class CelRuntime
    {
        // cel-spec: durations span about ±10000 years (315,576,000,000 s); timestamps 0001-01-01 to 9999-12-31.
        private const long MaxDurationTicks = 315_576_000_000L * TimeSpan.TicksPerSecond + (TimeSpan.TicksPerSecond - 1);

        /// <summary>timestamp + duration; leaving the timestamp range is an error.</summary>
        public static DateTimeOffset Add(DateTimeOffset t, TimeSpan d)
        {
            var ticks = t.UtcTicks + d.Ticks;
            return ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks
                ? throw Range("timestamp")
                : new DateTimeOffset(ticks, TimeSpan.Zero);
        }

        /// <summary>timestamp - duration.</summary>
        public static DateTimeOffset Subtract(DateTimeOffset t, TimeSpan d) => Add(t, Negate(d));

        /// <summary>
        /// timestamp - timestamp; as in cel-go, the difference must fit in int64 nanoseconds (about ±292 years).
        /// </summary>
        public static TimeSpan Subtract(DateTimeOffset a, DateTimeOffset b)
        {
            const long limit = long.MaxValue / 100;
            var ticks = a.UtcTicks - b.UtcTicks;
            return ticks > limit || ticks < -limit ? throw Range("duration") : new TimeSpan(ticks);
        }

        /// <summary>duration + duration.</summary>
        public static TimeSpan Add(TimeSpan a, TimeSpan b) => Duration(a.Ticks + b.Ticks);

        /// <summary>duration - duration.</summary>
        public static TimeSpan Subtract(TimeSpan a, TimeSpan b) => Duration(a.Ticks - b.Ticks);

        /// <summary>-duration.</summary>
        public static TimeSpan Negate(TimeSpan a) => new(-a.Ticks);

        private static TimeSpan Duration(long ticks) => ticks < -MaxDurationTicks || ticks > MaxDurationTicks ? throw Range("duration") : new TimeSpan(ticks);

        /// <summary><c>timestamp(int)</c>: seconds since the Unix epoch.</summary>
        public static DateTimeOffset Timestamp(long seconds)
            => seconds >= -62135596800L && seconds <= 253402300799L ? DateTimeOffset.FromUnixTimeSeconds(seconds) : throw Range("timestamp");

        /// <summary><c>timestamp(string)</c>: RFC 3339; fractions beyond 100 ns are truncated.</summary>
        public static DateTimeOffset Timestamp(string text)
        {
            if (!TryParseTimestamp(text, out var value))
            {
                throw new CelException($"timestamp('{text}'): not an RFC 3339 timestamp in range");
            }

            return value;
        }

        /// <summary><c>timestamp(dyn)</c>.</summary>
        public static DateTimeOffset Timestamp(object? value) => Normalize(value) switch
        {
            DateTimeOffset t => t,
            string s => Timestamp(s),
            long l => Timestamp(l),
            _ => throw NoSuchOverload("timestamp"),
        };

        /// <summary><c>duration(string)</c>: Go's syntax (<c>1h2m3.5s</c>, <c>-1.5h</c>, <c>100ms</c>, <c>10us</c>, <c>5ns</c>).</summary>
        public static TimeSpan Duration(string text)
        {
            if (!TryParseDuration(text, out var nanos))
            {
                throw new CelException($"duration('{text}'): not a duration in range");
            }

            return Duration((long)(nanos / 100));
        }

        /// <summary><c>duration(dyn)</c>.</summary>
        public static TimeSpan Duration(object? value) => Normalize(value) switch
        {
            TimeSpan d => d,
            string s => Duration(s),
            _ => throw NoSuchOverload("duration"),
        };

        /// <summary><c>string(timestamp)</c>: RFC 3339 in UTC, with as many fraction digits as needed.</summary>
        public static string String(DateTimeOffset value)
        {
            var utc = value.UtcDateTime;
            var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
            var fraction = utc.Ticks % TimeSpan.TicksPerSecond;
            return fraction == 0 ? text + "Z" : text + "." + fraction.ToString("0000000", CultureInfo.InvariantCulture).TrimEnd('0') + "Z";
        }

        /// <summary><c>string(duration)</c>: seconds with a fraction when needed, e.g. <c>1.5s</c>.</summary>
        public static string String(TimeSpan value)
        {
            var ticks = value.Ticks;
            var sign = ticks < 0 ? "-" : "";
            var magnitude = ticks < 0 ? -(decimal)ticks : ticks;
            var seconds = decimal.Truncate(magnitude / TimeSpan.TicksPerSecond);
            var fraction = (long)(magnitude - (seconds * TimeSpan.TicksPerSecond));
            var text = sign + seconds.ToString(CultureInfo.InvariantCulture);
            return fraction == 0 ? text + "s" : text + "." + fraction.ToString("0000000", CultureInfo.InvariantCulture).TrimEnd('0') + "s";
        }

        /// <summary>A timestamp accessor (<c>getHours</c>, <c>getMonth</c>, ...) in UTC or in <paramref name="zone"/>.</summary>
        public static long Get(DateTimeOffset value, string accessor, string? zone = null)
        {
            var t = zone is null ? value : InZone(value, zone);
            return accessor switch
            {
                "getFullYear" => t.Year,
                "getMonth" => t.Month - 1,
                "getDayOfYear" => t.DayOfYear - 1,
                "getDayOfMonth" => t.Day - 1,
                "getDate" => t.Day,
                "getDayOfWeek" => (long)t.DayOfWeek,
                "getHours" => t.Hour,
                "getMinutes" => t.Minute,
                "getSeconds" => t.Second,
                "getMilliseconds" => t.Millisecond,
                _ => throw NoSuchOverload(accessor),
            };
        }

        /// <summary>A duration accessor: its whole hours, minutes or seconds, or the millisecond part of its last second (cel-spec).</summary>
        public static long Get(TimeSpan value, string accessor) => accessor switch
        {
            "getHours" => value.Ticks / TimeSpan.TicksPerHour,
            "getMinutes" => value.Ticks / TimeSpan.TicksPerMinute,
            "getSeconds" => value.Ticks / TimeSpan.TicksPerSecond,
            "getMilliseconds" => value.Ticks / TimeSpan.TicksPerMillisecond % 1000,
            _ => throw NoSuchOverload(accessor),
        };

        /// <summary>An accessor on a <c>dyn</c> timestamp or duration.</summary>
        public static long Get(object? value, string accessor, string? zone = null) => Normalize(value) switch
        {
            DateTimeOffset t => Get(t, accessor, zone),
            TimeSpan d when zone is null => Get(d, accessor),
            _ => throw NoSuchOverload(accessor),
        };

        private static DateTimeOffset InZone(DateTimeOffset value, string zone)
        {
            if (TryParseOffset(zone, out var offset))
            {
                return value.ToOffset(offset);
            }

            try
            {
                return TimeZoneInfo.ConvertTime(value, TimeZoneInfo.FindSystemTimeZoneById(zone));
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                throw new CelException($"unknown time zone '{zone}'");
            }
        }

        // "+02:00", "-09:30", "02:00" (cel-spec allows a fixed offset without a sign).
        private static bool TryParseOffset(string zone, out TimeSpan offset)
        {
            offset = default;
            var sign = zone.Length > 0 && zone[0] == '-' ? -1 : 1;
            var body = zone.Length > 0 && (zone[0] == '-' || zone[0] == '+') ? zone.Substring(1) : zone;
            if (body.Length != 5 || body[2] != ':'
                || !int.TryParse(body.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
                || !int.TryParse(body.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
            {
                return false;
            }

            offset = TimeSpan.FromMinutes(sign * ((hours * 60) + minutes));
            return true;
        }

        private static bool TryParseTimestamp(string text, out DateTimeOffset value)
        {
            value = default;

            // yyyy-MM-ddTHH:mm:ss[.fffffffff](Z|±HH:mm)
            if (text.Length < 20 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':')
            {
                return false;
            }

            if (!Number(text, 0, 4, out var year) || !Number(text, 5, 2, out var month) || !Number(text, 8, 2, out var day)
                || !Number(text, 11, 2, out var hour) || !Number(text, 14, 2, out var minute) || !Number(text, 17, 2, out var second))
            {
                return false;
            }

            var index = 19;
            long fractionTicks = 0;
            if (text[index] == '.')
            {
                var start = ++index;
                while (index < text.Length && text[index] >= '0' && text[index] <= '9')
                {
                    index++;
                }

                var digits = text.Substring(start, index - start);
                if (digits.Length == 0 || digits.Length > 9)
                {
                    return false;
                }

                fractionTicks = long.Parse(digits.PadRight(7, '0').Substring(0, 7), CultureInfo.InvariantCulture);
            }

            TimeSpan offset;
            var zone = text.Substring(index);
            if (zone is "Z" or "z")
            {
                offset = TimeSpan.Zero;
            }
            else if (zone.Length != 6 || (zone[0] != '+' && zone[0] != '-') || !TryParseOffset(zone, out offset))
            {
                return false;
            }

            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            {
                return false;
            }

            var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fractionTicks;
            var utc = local - offset.Ticks;
            if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks)
            {
                return false;
            }

            value = new DateTimeOffset(utc, TimeSpan.Zero);
            return true;
        }

        private static bool Number(string text, int start, int length, out int value)
            => int.TryParse(text.AsSpan(start, length), NumberStyles.None, CultureInfo.InvariantCulture, out value);

        // Sums the parts in nanoseconds as a decimal (exact for every in-range value); false on syntax errors.
        private static bool TryParseDuration(string text, out decimal nanos)
        {
            nanos = 0;
            var index = 0;
            var negative = false;
            if (index < text.Length && (text[index] == '-' || text[index] == '+'))
            {
                negative = text[index] == '-';
                index++;
            }

            if (index == text.Length)
            {
                return false;
            }

            if (text.Substring(index) == "0")
            {
                return true;
            }

            while (index < text.Length)
            {
                var start = index;
                while (index < text.Length && ((text[index] >= '0' && text[index] <= '9') || text[index] == '.'))
                {
                    index++;
                }

                if (start == index || !decimal.TryParse(text.Substring(start, index - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
                {
                    return false;
                }

                var unitStart = index;
                while (index < text.Length && !((text[index] >= '0' && text[index] <= '9') || text[index] == '.'))
                {
                    index++;
                }

                decimal unit;
                switch (text.Substring(unitStart, index - unitStart))
                {
                    case "h": unit = 3_600_000_000_000m; break;
                    case "m": unit = 60_000_000_000m; break;
                    case "s": unit = 1_000_000_000m; break;
                    case "ms": unit = 1_000_000m; break;
                    case "us":
                    case "\u00b5s":
                    case "\u03bcs": unit = 1_000m; break;
                    case "ns": unit = 1m; break;
                    default: return false;
                }

                if (amount > 1e15m)
                {
                    return false;
                }

                nanos += amount * unit;
            }

            nanos = decimal.Truncate(negative ? -nanos : nanos);
            return Math.Abs(nanos) <= 315_576_000_000_999_999_999m;
        }
    }
}
