using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace Automations.Compiled.Hosting
{
    /// <summary>A run in a causation chain: the flow, the run, what its trigger was about, and when it was accepted.</summary>
    /// <param name="FlowId">The flow.</param>
    /// <param name="RunId">The run.</param>
    /// <param name="Subject">What its trigger was about (<c>record:order:42</c>, <c>event:paid</c>), or null.</param>
    /// <param name="At">When the run was accepted.</param>
    internal sealed record CausationLink(string FlowId, Guid RunId, string? Subject, DateTimeOffset At)
    {
        public override string ToString() => Subject is null ? $"{FlowId} (run {RunId:N})" : $"{FlowId} (run {RunId:N}, {Subject})";
    }

    /// <summary>
    /// The run whose code is executing (set by the host around each leg and in-memory run, flowing with the async calls its
    /// steps make): a run its steps start, by an event, a record change the app reports, or a start, is caused by it and
    /// carries its chain (docs/safeguards.md, loop prevention).
    /// </summary>
    internal sealed class RunCause
    {
        private static readonly AsyncLocal<RunCause?> s_current = new();

        private readonly ReadOnlyMemory<byte> _payload;
        private IReadOnlyList<CausationLink>? _ancestors;
        private string? _subject;
        private bool _read;

        /// <summary>A run whose chain and subject are read from its start payload when first needed (most runs cause nothing).</summary>
        public RunCause(string flowId, Guid runId, DateTimeOffset at, ReadOnlyMemory<byte> startPayload)
        {
            (FlowId, RunId, At, _payload) = (flowId, runId, at, startPayload);
        }

        /// <summary>A run whose chain and subject are known.</summary>
        public RunCause(string flowId, Guid runId, DateTimeOffset at, IReadOnlyList<CausationLink>? ancestors, string? subject)
        {
            (FlowId, RunId, At, _ancestors, _subject, _read) = (flowId, runId, at, ancestors, subject, true);
        }

        /// <summary>The run executing here, if any.</summary>
        public static RunCause? Current
        {
            get => s_current.Value;
            set => s_current.Value = value;
        }

        public string FlowId { get; }

        public Guid RunId { get; }

        public DateTimeOffset At { get; }

        /// <summary>The chain a run this one causes carries: this run's ancestors, then this run.</summary>
        public IReadOnlyList<CausationLink> ChainForChild()
        {
            if (!_read)
            {
                (_ancestors, _subject) = RunPayloads.ReadCause(_payload);
                _read = true;
            }

            var chain = new List<CausationLink>((_ancestors?.Count ?? 0) + 1);
            if (_ancestors is not null)
            {
                chain.AddRange(_ancestors);
            }

            chain.Add(new CausationLink(FlowId, RunId, _subject, At));
            return chain;
        }

        /// <summary>
        /// Why a start of <paramref name="flowId"/> about <paramref name="subject"/> caused by <paramref name="chain"/> is
        /// stopped as a loop; null when it may start.
        /// </summary>
        public static RunError? Check(IReadOnlyList<CausationLink> chain, string flowId, string? subject, DateTimeOffset now, SafeguardOptions options)
        {
            if (chain.Count + 1 > options.MaxCausationDepth)
            {
                return new RunError(
                    null,
                    $"Refused: a causation chain of more than {options.MaxCausationDepth} runs (SafeguardOptions.MaxCausationDepth): {Describe(chain, flowId, subject)}.",
                    RunRefusals.Loop);
            }

            if (subject is not null && options.RevisitWindow > TimeSpan.Zero)
            {
                foreach (var link in chain)
                {
                    if (string.Equals(link.FlowId, flowId, StringComparison.Ordinal) && string.Equals(link.Subject, subject, StringComparison.Ordinal) && now - link.At < options.RevisitWindow)
                    {
                        return new RunError(
                            null,
                            $"Refused as a loop: flow '{flowId}' ran for {subject} {(now - link.At).TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s ago in the same causation chain (SafeguardOptions.RevisitWindow): {Describe(chain, flowId, subject)}.",
                            RunRefusals.Loop);
                    }
                }
            }

            return null;
        }

        private static string Describe(IReadOnlyList<CausationLink> chain, string flowId, string? subject)
            => string.Join(" -> ", chain.Select(l => l.ToString()).Append(subject is null ? flowId : $"{flowId} ({subject})"));
    }
}
