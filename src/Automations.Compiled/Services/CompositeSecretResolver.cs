using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled
{
    /// <summary>
    /// Asks several resolvers in order; the first value that is not null wins. An empty value is a value: an
    /// environment variable set to <c>""</c> hides a file of the same name.
    /// </summary>
    /// <remarks>Like the resolvers it holds, it caches nothing.</remarks>
    public sealed class CompositeSecretResolver : ISecretResolver
    {
        private readonly ISecretResolver[] _resolvers;

        /// <summary>Creates a resolver that asks <paramref name="resolvers"/> in the order given.</summary>
        /// <exception cref="ArgumentException">One of the resolvers is null.</exception>
        public CompositeSecretResolver(params ISecretResolver[] resolvers)
            : this((IEnumerable<ISecretResolver>)resolvers)
        {
        }

        /// <summary>Creates a resolver that asks <paramref name="resolvers"/> in the order given.</summary>
        /// <exception cref="ArgumentException">One of the resolvers is null.</exception>
        public CompositeSecretResolver(IEnumerable<ISecretResolver> resolvers)
        {
            ArgumentNullException.ThrowIfNull(resolvers);
            _resolvers = [.. resolvers];
            if (Array.IndexOf(_resolvers, null) >= 0)
            {
                throw new ArgumentException("A secret resolver in the list is null.", nameof(resolvers));
            }
        }

        /// <summary>The resolvers, in the order they are asked.</summary>
        public IReadOnlyList<ISecretResolver> Resolvers => _resolvers;

        /// <summary>
        /// The default of a host: environment variables first, then the files of <paramref name="directory"/>
        /// (<see cref="FileSecretResolver.DockerSecretsDirectory"/> in a Docker container).
        /// </summary>
        public static CompositeSecretResolver EnvironmentThenFiles(string directory)
            => new(EnvironmentSecretResolver.Instance, new FileSecretResolver(directory));

        /// <inheritdoc />
        public async ValueTask<string?> ResolveAsync(string name, CancellationToken cancellationToken)
        {
            foreach (var resolver in _resolvers)
            {
                var value = await resolver.ResolveAsync(name, cancellationToken).ConfigureAwait(false);
                if (value is not null)
                {
                    return value;
                }
            }

            return null;
        }
    }
}
