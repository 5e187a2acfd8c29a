using System;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>
    /// Keeps a journal's writer busy inside a write until disposed, so a test can line up the next batch: the backend queues
    /// a write whose body is <see cref="Hold"/>.
    /// </summary>
    internal sealed class WriterHold : IDisposable
    {
        private readonly ManualResetEventSlim _release = new();
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes once the writer runs <see cref="Hold"/>.</summary>
        public Task Held => _held.Task;

        /// <summary>The write's body: says it is held, then waits (10 s at most) for <see cref="Dispose"/>.</summary>
        public bool Hold()
        {
            _held.SetResult();
            _release.Wait(TimeSpan.FromSeconds(10));
            return true;
        }

        // The event itself is not disposed: the writer may still be waking from Wait when the test ends.
        public void Dispose() => _release.Set();
    }
}
