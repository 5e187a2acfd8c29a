using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Options;

namespace Automations.Compiled.Hosting
{
    /// <summary>Opens the configured journal once, on first use, and closes it with the container.</summary>
    internal sealed class JournalHolder : IAsyncDisposable
    {
        private readonly IServiceProvider _services;
        private readonly AutomationsOptions _options;
        private readonly SemaphoreSlim _gate = new(1, 1);
        private IRunJournal? _journal;

        public JournalHolder(IServiceProvider services, IOptions<AutomationsOptions> options)
        {
            _services = services;
            _options = options.Value;
        }

        public string Description => _options.JournalDescription ?? "(none)";

        public bool IsOpen => Volatile.Read(ref _journal) is not null;

        public async ValueTask<IRunJournal> GetAsync(CancellationToken cancellationToken)
        {
            if (Volatile.Read(ref _journal) is { } open)
            {
                return open;
            }

            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_journal is null)
                {
                    var factory = _options.JournalFactory ?? throw new InvalidOperationException("Choose a journal: AddAutomations(o => o.UseLiteDb(\"automations.litedb\")).");
                    Volatile.Write(ref _journal, await factory(_services, cancellationToken).ConfigureAwait(false));
                }

                return _journal!;
            }
            finally
            {
                _gate.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _journal, null) is { } journal)
            {
                await journal.DisposeAsync().ConfigureAwait(false);
            }

            _gate.Dispose();
        }
    }
}
