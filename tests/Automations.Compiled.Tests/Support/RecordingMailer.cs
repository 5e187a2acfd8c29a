using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Samples.OrderProcessing;

namespace Automations.Compiled.Tests.Support
{
    /// <summary>Keeps the subjects of the mails sent.</summary>
    internal sealed class RecordingMailer : IMailer
    {
        public List<string> Subjects { get; } = new();

        public ValueTask SendAsync(string to, string subject, CancellationToken cancellationToken)
        {
            Subjects.Add(subject);
            return default;
        }
    }
}
