using System;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting;
using Automations.Compiled.Hosting.Redaction;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>What every endpoint of the API needs from the host: the client, the journal, the registries, the redaction.</summary>
    internal sealed class ApiContext(
        IFlowClient client,
        JournalHolder journal,
        FlowRegistry flows,
        LifecycleRegistry lifecycles,
        RedactionScope redaction,
        IAuthorizationService authorization,
        IOptions<AutomationsApiOptions> options,
        IOptions<AutomationsOptions> host,
        ILoggerFactory loggers)
    {
        public IFlowClient Client { get; } = client;

        public FlowRegistry Flows { get; } = flows;

        public LifecycleRegistry Lifecycles { get; } = lifecycles;

        public RedactionScope Redaction { get; } = redaction;

        public IAuthorizationService Authorization { get; } = authorization;

        public AutomationsApiOptions Options { get; } = options.Value;

        public TimeProvider Clock { get; } = host.Value.TimeProvider;

        public ILogger Logger { get; } = loggers.CreateLogger("Automations.Compiled.AspNetCore.Api");

        public ValueTask<IRunJournal> JournalAsync(CancellationToken cancellationToken) => journal.GetAsync(cancellationToken);
    }
}
