using System;

namespace Automations.Compiled.Schedule
{
    /// <summary>How one wall-clock time of a zone maps to instants.</summary>
    internal enum LocalTimeKind
    {
        /// <summary>The time exists once.</summary>
        Unique,

        /// <summary>The time does not exist (spring forward); the instant is the end of the gap.</summary>
        Gap,

        /// <summary>The time exists twice (fall back): first with the earlier offset, then with the later one.</summary>
        Overlap,
    }

    /// <summary>
    /// The instants a wall-clock time stands for. <see cref="First"/> is the only instant of a unique time, the end
    /// of the gap for a missing one, and the first pass of a repeated one; <see cref="Second"/> is the second pass.
    /// </summary>
    internal readonly record struct LocalTimeMapping(LocalTimeKind Kind, DateTimeOffset First, DateTimeOffset Second)
    {
        /// <summary>How far the clock went back, for an overlap: the length of the repeated stretch.</summary>
        public TimeSpan OverlapLength => Kind == LocalTimeKind.Overlap ? First.Offset - Second.Offset : TimeSpan.Zero;
    }
}
