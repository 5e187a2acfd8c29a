using System;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled
{
    /// <summary>Resolves a secret by name at the moment a step needs it (SPEC §3).</summary>
    public interface ISecretResolver
    {
        /// <summary>The secret's value, or null when it does not exist.</summary>
        ValueTask<string?> ResolveAsync(string name, CancellationToken cancellationToken);
    }

    /// <summary>Reads secrets from environment variables.</summary>
    public sealed class EnvironmentSecretResolver : ISecretResolver
    {
        /// <summary>The shared instance.</summary>
        public static readonly EnvironmentSecretResolver Instance = new();

        /// <inheritdoc />
        public ValueTask<string?> ResolveAsync(string name, CancellationToken cancellationToken)
            => new(Environment.GetEnvironmentVariable(name));
    }
}
