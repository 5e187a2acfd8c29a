using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Runtime;
using Xunit;

namespace Automations.Compiled.Tests
{
    /// <summary>
    /// The durable path's async builder: results, exceptions and the caller's async-locals come through as with the BCL's
    /// builders, and the box of a suspended method goes back to its pool once awaited, even with hundreds in flight.
    /// </summary>
    public sealed class PooledTaskBuilderTests
    {
        private static readonly AsyncLocal<string?> Ambient = new();

        [Fact]
        public async Task A_method_that_finishes_without_suspending_returns_its_result()
        {
            Assert.Equal(42, await AddAsync(null, 41));
            await NothingAsync(null);
        }

        [Fact]
        public async Task A_suspended_method_returns_its_result_after_the_await()
        {
            var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var pending = AddAsync(gate.Task, 1);
            Assert.False(pending.IsCompleted);
            gate.SetResult(9);
            Assert.Equal(10, await pending);
        }

        [Fact]
        public async Task Exceptions_reach_the_caller_whether_thrown_before_or_after_the_first_await()
        {
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await ThrowAsync(null));

            var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var pending = ThrowAsync(gate.Task);
            gate.SetResult(1);
            var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await pending);
            Assert.Equal("after", error.Message);

            var voidGate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var voidPending = NothingAsync(voidGate.Task, fail: true);
            voidGate.SetResult(1);
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await voidPending);
        }

        [Fact]
        public async Task The_callers_async_locals_flow_into_the_continuation_and_do_not_leak_out()
        {
            Ambient.Value = "caller";
            var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var pending = AmbientAfterAwaitAsync(gate.Task);
            gate.SetResult(1);
            Assert.Equal("caller|set inside", await pending);
            Assert.Equal("caller", Ambient.Value);
        }

        [Fact]
        public async Task Boxes_come_back_to_the_pool_with_hundreds_of_methods_in_flight()
        {
            // The BCL's pooling builder keeps one box per thread and per core: at 256 in flight nearly every suspension
            // allocated. Here a round of 256 finds the boxes of the round before. On a pool thread, as in the host: under
            // the test's synchronization context a completed task would not run its continuations inline.
            var allocated = await Task.Run(MeasureRounds);
            Assert.True(allocated[0] >= InFlight * 64, $"The first round should have made its boxes ({allocated[0]:N0} bytes).");
            Assert.True(allocated[2] < InFlight * 8, $"256 suspended methods allocated {allocated[2]:N0} bytes in a warmed round: their boxes were not reused.");
        }

        private const int InFlight = 256;

        private static long[] MeasureRounds()
        {
            var allocated = new long[3];
            for (var round = 0; round < allocated.Length; round++)
            {
                var gates = new TaskCompletionSource<int>[InFlight];
                var pending = new ValueTask<int>[InFlight];
                for (var i = 0; i < InFlight; i++)
                {
                    gates[i] = new TaskCompletionSource<int>();
                }

                var before = GC.GetAllocatedBytesForCurrentThread();
                for (var i = 0; i < InFlight; i++)
                {
                    pending[i] = AddAsync(gates[i].Task, i); // suspends: takes a box
                }

                for (var i = 0; i < InFlight; i++)
                {
                    gates[i].SetResult(1); // the continuation runs here and completes the box
                }

                for (var i = 0; i < InFlight; i++)
                {
                    if (!pending[i].IsCompletedSuccessfully || pending[i].Result != i + 1) // reading the result gives the box back
                    {
                        throw new InvalidOperationException($"Method {i} did not complete with {i + 1}.");
                    }
                }

                allocated[round] = GC.GetAllocatedBytesForCurrentThread() - before;
            }

            return allocated;
        }

        [AsyncMethodBuilder(typeof(PooledTaskBuilder<>))]
        private static async ValueTask<int> AddAsync(Task<int>? gate, int value)
        {
            var added = gate is null ? 1 : await gate.ConfigureAwait(false);
            return value + added;
        }

        [AsyncMethodBuilder(typeof(PooledTaskBuilder<>))]
        private static async ValueTask<int> ThrowAsync(Task<int>? gate)
        {
            if (gate is null)
            {
                throw new InvalidOperationException("before");
            }

            await gate.ConfigureAwait(false);
            throw new InvalidOperationException("after");
        }

        [AsyncMethodBuilder(typeof(PooledTaskBuilder))]
        private static async ValueTask NothingAsync(Task<int>? gate, bool fail = false)
        {
            if (gate is not null)
            {
                await gate.ConfigureAwait(false);
            }

            if (fail)
            {
                throw new InvalidOperationException("void");
            }
        }

        [AsyncMethodBuilder(typeof(PooledTaskBuilder<>))]
        private static async ValueTask<string> AmbientAfterAwaitAsync(Task<int> gate)
        {
            await gate.ConfigureAwait(false);
            var seen = Ambient.Value;
            Ambient.Value = "set inside";
            return seen + "|" + Ambient.Value;
        }
    }
}
