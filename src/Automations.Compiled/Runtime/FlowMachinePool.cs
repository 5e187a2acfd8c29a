using System.ComponentModel;

namespace Automations.Compiled.Runtime
{
    /// <summary>
    /// Idle state machines of one flow, shared by every thread: a run that ended on another thread than the one it started
    /// on (it awaited something) hands its machine back here, so a host with hundreds of runs in flight reuses machines
    /// instead of making one per run. The generated code keeps one more per thread in front of it, for synchronous runs.
    /// </summary>
    /// <typeparam name="TMachine">The flow's generated machine.</typeparam>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class FlowMachinePool<TMachine>
        where TMachine : class
    {
        /// <summary>Idle machines kept at most: enough for the runs a host keeps in flight; more are left to the GC.</summary>
        public const int Capacity = 512;

        private readonly IdlePool<TMachine> _idle = new(Capacity);

        /// <summary>An idle machine, or null when there is none.</summary>
        public TMachine? TryRent() => _idle.TryRent();

        /// <summary>Keeps <paramref name="machine"/> (released by its run) for the next run; drops it when the pool is full.</summary>
        public void Return(TMachine machine) => _idle.Return(machine);
    }
}
