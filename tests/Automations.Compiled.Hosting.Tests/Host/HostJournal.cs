using System;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting.Tests.Host
{
    /// <summary>The host's journal, for tests that look at what it keeps (not in TestHost.cs: other test projects link that file).</summary>
    internal static class HostJournal
    {
        public static async Task<IRunJournal> GetJournalAsync(this IServiceProvider services)
            => await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<JournalHolder>(services).GetAsync(default);
    }
}
