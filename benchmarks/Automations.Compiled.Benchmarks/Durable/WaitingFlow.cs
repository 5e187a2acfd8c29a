using Automations.Compiled;

namespace Automations.Compiled.Benchmarks.Durable
{
    /// <summary>A durable flow that waits for event <see cref="Event"/> (no timeout, so no timer row), then does one step.</summary>
    [Flow("bench-waiting", Journal = JournalMode.Durable)]
    public sealed partial class WaitingFlow : IFlow<DurableJob>
    {
        /// <summary>The flow id.</summary>
        public const string Id = "bench-waiting";

        /// <summary>The event every run waits for.</summary>
        public const string Event = "bench-go";

        [Wait(1, Event = Event)]
        partial void AwaitGo();

        [Action(2)]
        private static int After(DurableJob job) => job.Number + 1;
    }
}
