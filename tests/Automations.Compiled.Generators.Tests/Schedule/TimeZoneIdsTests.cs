using System;
using System.Collections.Generic;
using System.Linq;
using Automations.Compiled.Schedule;
using Xunit;

namespace Automations.Compiled.Generators.Tests.Schedule
{
    /// <summary>The compiled-in IANA table: lookups, order, and that the runtime can resolve every id in it.</summary>
    public class TimeZoneIdsTests
    {
        [Theory]
        [InlineData("Europe/Paris")]
        [InlineData("America/New_York")]
        [InlineData("UTC")]
        [InlineData("US/Eastern")]
        [InlineData("Asia/Calcutta")]
        [InlineData("Etc/GMT+5")]
        [InlineData("America/Argentina/Buenos_Aires")]
        public void Knows_zones_and_links(string id)
        {
            Assert.True(TimeZoneIds.IsKnown(id));
        }

        [Theory]
        [InlineData("Europe/Pariss")]
        [InlineData("europe/paris")]
        [InlineData("")]
        [InlineData("Europe/")]
        [InlineData("localtime")]
        [InlineData("posixrules")]
        [InlineData("posix/Europe/Paris")]
        [InlineData("zone.tab")]
        [InlineData("Eastern Standard Time")]
        public void Refuses_unknown_ids_case_sensitively(string id)
        {
            Assert.False(TimeZoneIds.IsKnown(id));
        }

        [Fact]
        public void Null_is_unknown()
        {
            Assert.False(TimeZoneIds.IsKnown(null!));
        }

        [Fact]
        public void Table_is_sorted_ordinally_without_duplicates()
        {
            var all = TimeZoneIds.All;
            Assert.True(all.Count > 500, $"only {all.Count} ids");
            for (var i = 1; i < all.Count; i++)
            {
                Assert.True(string.CompareOrdinal(all[i - 1], all[i]) < 0, $"'{all[i - 1]}' must sort before '{all[i]}'");
            }
        }

        [Fact]
        public void Every_id_resolves_on_this_machine()
        {
            var unresolved = new List<string>();
            foreach (var id in TimeZoneIds.All)
            {
                try
                {
                    TimeZoneInfo.FindSystemTimeZoneById(id);
                }
                catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
                {
                    unresolved.Add(id);
                }
            }

            Assert.True(unresolved.Count == 0, "not found: " + string.Join(", ", unresolved));
        }

        [Fact]
        public void All_is_read_only()
        {
            Assert.False(TimeZoneIds.All is string[]);
            Assert.True(TimeZoneIds.All.SequenceEqual(TimeZoneIds.All.OrderBy(id => id, StringComparer.Ordinal)));
        }
    }
}
