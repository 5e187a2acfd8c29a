using System;
using System.Collections.Generic;
using Automations.Compiled.Hosting;

namespace Automations.Compiled.AspNetCore
{
    /// <summary>How <c>MapFlowWebhooks</c> receives webhook calls: size limit, signatures, throttling, idempotency.</summary>
    public sealed class FlowWebhookOptions
    {
        /// <summary>The largest body accepted, in bytes, counted while it is read (a larger one is a 413). Default 1 MB.</summary>
        public long MaxBodyBytes { get; set; } = 1024 * 1024;

        /// <summary>
        /// The name of the secret (resolved by the host's <see cref="ISecretResolver"/> at each call) that signs calls to
        /// every webhook flow; null (default) checks no signature unless <see cref="FlowSignatureSecrets"/> names one.
        /// </summary>
        public string? SignatureSecret { get; set; }

        /// <summary>Secret names by flow id, for flows signed with their own secret; an entry here wins over <see cref="SignatureSecret"/>.</summary>
        public IDictionary<string, string> FlowSignatureSecrets { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>The header that carries the signature, <c>sha256=&lt;hex HMAC-SHA256 of the raw body&gt;</c>. Default <c>X-Signature</c>.</summary>
        public string SignatureHeader { get; set; } = "X-Signature";

        /// <summary>The header naming the caller's tenant, for throttling; without it, the remote IP address is the tenant. Default <c>X-Tenant</c>.</summary>
        public string TenantHeader { get; set; } = "X-Tenant";

        /// <summary>How many calls a tenant may make at once (the token bucket's size); 0 turns throttling off. Default 100.</summary>
        public int TenantCapacity { get; set; } = 100;

        /// <summary>How many calls a tenant gets back per second. Default 10.</summary>
        public double TenantRefillPerSecond { get; set; } = 10;

        /// <summary>How many tenants are tracked at once; past it, idle tenants are forgotten first, then the least recently seen. Default 10,000.</summary>
        public int MaxTenants { get; set; } = 10_000;

        /// <summary>The header whose value becomes the run's idempotency key: a repeat returns the first run. Default <c>Idempotency-Key</c>.</summary>
        public string IdempotencyHeader { get; set; } = "Idempotency-Key";

        /// <summary>
        /// Where the app shows a run (its own status endpoint), sent as <c>Location</c> with the 202; null (default) sends
        /// no <c>Location</c>. The run id is always sent as <c>X-Run-Id</c> and in the body.
        /// </summary>
        public Func<FlowRun, string?>? RunLocation { get; set; }

        /// <summary>The clock of the throttle; default the host's (<see cref="AutomationsOptions.TimeProvider"/>).</summary>
        public TimeProvider? TimeProvider { get; set; }

        /// <summary>The secret name that signs calls to <paramref name="flowId"/>, or null when they are not signed.</summary>
        internal string? SecretFor(string flowId)
            => FlowSignatureSecrets.TryGetValue(flowId, out var name) ? name : SignatureSecret;

        internal void Validate()
        {
            if (MaxBodyBytes is <= 0 or > int.MaxValue)
            {
                throw new InvalidOperationException($"FlowWebhookOptions.MaxBodyBytes must be between 1 and {int.MaxValue}; it is {MaxBodyBytes}.");
            }

            if (TenantCapacity < 0 || (TenantCapacity > 0 && !(TenantRefillPerSecond > 0)) || MaxTenants < 1)
            {
                throw new InvalidOperationException("FlowWebhookOptions: TenantCapacity must be 0 (off) or more, TenantRefillPerSecond positive, MaxTenants at least 1.");
            }

            foreach (var (name, value) in new[] { (nameof(SignatureHeader), SignatureHeader), (nameof(TenantHeader), TenantHeader), (nameof(IdempotencyHeader), IdempotencyHeader) })
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    throw new InvalidOperationException($"FlowWebhookOptions.{name} must name a header.");
                }
            }
        }
    }
}
