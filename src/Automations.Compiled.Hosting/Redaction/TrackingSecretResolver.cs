using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting.Redaction
{
    /// <summary>Registers every value its resolver returns with a redaction scope, before the step receives it.</summary>
    internal sealed class TrackingSecretResolver(ISecretResolver inner, RedactionScope scope) : ISecretResolver
    {
        public async ValueTask<string?> ResolveAsync(string name, CancellationToken cancellationToken)
        {
            var value = await inner.ResolveAsync(name, cancellationToken).ConfigureAwait(false);
            scope.Add(value);
            return value;
        }
    }
}
