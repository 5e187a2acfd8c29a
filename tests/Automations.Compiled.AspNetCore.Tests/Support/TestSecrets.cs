using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.AspNetCore.Tests.Support
{
    /// <summary>Secrets by name, as a vault would serve them.</summary>
    internal sealed class TestSecrets(IReadOnlyDictionary<string, string> values) : ISecretResolver
    {
        public ValueTask<string?> ResolveAsync(string name, CancellationToken cancellationToken)
            => new(values.TryGetValue(name, out var value) ? value : null);
    }
}
