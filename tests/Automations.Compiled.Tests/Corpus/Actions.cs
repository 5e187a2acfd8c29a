using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Tests.Corpus
{
    /// <summary>
    /// What the corpus actions were called with, per test run (an <see cref="AsyncLocal{T}"/>, so concurrent tests
    /// and the parallel branches of one run share nothing they should not). A test calls <see cref="Begin"/>, runs a
    /// flow, and reads <see cref="Entries"/>.
    /// </summary>
    public sealed class CorpusLog
    {
        private static readonly AsyncLocal<CorpusLog?> CurrentLog = new();
        private readonly List<string> _entries = new();
        private int _failuresLeft;

        private CorpusLog(int failures) => _failuresLeft = failures;

        /// <summary>The log of the current test run.</summary>
        public static CorpusLog Current => CurrentLog.Value ?? throw new InvalidOperationException("CorpusLog.Begin was not called.");

        /// <summary>What the actions did, in order.</summary>
        public IReadOnlyList<string> Entries
        {
            get
            {
                lock (_entries)
                {
                    return _entries.ToArray();
                }
            }
        }

        /// <summary>Starts a new log for this async context; <paramref name="failures"/> calls of flaky actions fail first.</summary>
        public static CorpusLog Begin(int failures = 0)
        {
            var log = new CorpusLog(failures);
            CurrentLog.Value = log;
            return log;
        }

        internal void Add(string entry)
        {
            lock (_entries)
            {
                _entries.Add(entry);
            }
        }

        internal bool TakeFailure() => Interlocked.Decrement(ref _failuresLeft) >= 0;
    }

    /// <summary>The result of <c>corpus.charge</c>.</summary>
    public sealed record Charge(string Id, double Amount, bool Ok);

    /// <summary>The static actions the corpus flows bind to (JSON by name, C# twins by calling them).</summary>
    public static class CorpusActions
    {
        [FlowAction("corpus.record")]
        public static void Record(string message) => CorpusLog.Current.Add(message);

        [FlowAction("corpus.tag")]
        public static string Tag(string name, long index)
        {
            CorpusLog.Current.Add($"tag:{name}@{index}");
            return name.ToUpperInvariant();
        }

        /// <summary>Fails while the log has failures left (retries), and always for a negative amount.</summary>
        [FlowAction("corpus.charge")]
        public static Charge ChargeCard(string orderId, double amount)
        {
            if (amount < 0)
            {
                CorpusLog.Current.Add($"charge-refused:{orderId}");
                throw new InvalidOperationException($"negative amount for {orderId}");
            }

            if (CorpusLog.Current.TakeFailure())
            {
                CorpusLog.Current.Add($"charge-timeout:{orderId}");
                throw new TimeoutException($"gateway timeout for {orderId}");
            }

            CorpusLog.Current.Add($"charge:{orderId}:{amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            return new Charge("ch-" + orderId, amount, true);
        }

        [FlowAction("corpus.refund")]
        public static void Refund(string chargeId) => CorpusLog.Current.Add("refund:" + chargeId);

        [FlowAction("corpus.reserve")]
        public static string Reserve(string sku, long quantity)
        {
            CorpusLog.Current.Add($"reserve:{sku}x{quantity}");
            return $"res-{sku}";
        }

        [FlowAction("corpus.release")]
        public static void Release(string reservation) => CorpusLog.Current.Add("release:" + reservation);

        [FlowAction("corpus.ship")]
        public static async ValueTask<string> ShipAsync(string sku, bool carrierDown, CancellationToken cancellationToken)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            if (carrierDown)
            {
                CorpusLog.Current.Add("ship-failed:" + sku);
                throw new InvalidOperationException("carrier down for " + sku);
            }

            CorpusLog.Current.Add("ship:" + sku);
            return "parcel-" + sku;
        }

        [FlowAction("corpus.fail")]
        public static void Fail(string reason)
        {
            CorpusLog.Current.Add("fail:" + reason);
            throw new InvalidOperationException(reason);
        }

        /// <summary>Takes a secret: records that it arrived (and its value, to prove it did), fails on request with the key in the message.</summary>
        [FlowAction("corpus.call-api")]
        public static string CallApi(string endpoint, string apiKey, bool fail, StepContext context)
        {
            CorpusLog.Current.Add($"call:{endpoint}:{apiKey}:{context.StepId}");
            if (fail)
            {
                throw new InvalidOperationException($"401 from {endpoint} for key {apiKey}");
            }

            return "200 " + endpoint;
        }
    }

    /// <summary>An instance action: a JSON flow that uses it gets a constructor parameter of this type.</summary>
    [FlowAction("corpus.notify")]
    public sealed class CorpusNotifier
    {
        private readonly string _channel;

        public CorpusNotifier(string channel) => _channel = channel;

        public async Task<string> ExecuteAsync(string to, string body, CancellationToken cancellationToken)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            CorpusLog.Current.Add($"notify[{_channel}]:{to}:{body}");
            return $"{_channel}:{to}";
        }
    }
}
