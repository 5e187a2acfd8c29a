using System;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Contract;
using Automations.Compiled.Hosting.Tests.Host;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Support
{
    /// <summary>
    /// A test on real generic hosts that keep their runs in a journal file of <typeparamref name="TBackend"/> in a temp
    /// folder (hosts started one after the other share it, as restarts do); the steps of its flows record what they did in <see cref="Effects"/>.
    /// </summary>
    public abstract class HostTest<TBackend> : IDisposable
        where TBackend : IJournalBackend, new()
    {
        internal TBackend Backend { get; } = new();

        internal TempFolder Folder { get; } = new();

        internal Effects Effects { get; } = new();

        internal string JournalPath => Folder.File(Backend.FileName);

        public void Dispose() => Folder.Dispose();

        /// <summary>Starts a host on this test's journal with <paramref name="flows"/> hosted.</summary>
        internal Task<TestHost> StartTestHostAsync(Action<AutomationsOptions> flows, Action<IServiceCollection>? services = null)
            => TestHost.StartAsync(o => Backend.Use(o, JournalPath), Effects, flows, services);

        internal static async Task WaitUntil(Func<bool> condition) => await WaitUntil(() => Task.FromResult(condition()));

        internal static async Task WaitUntil(Func<Task<bool>> condition)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (!await condition())
            {
                Assert.True(DateTime.UtcNow < deadline, "timed out waiting for a condition");
                await Task.Delay(20);
            }
        }
    }
}
