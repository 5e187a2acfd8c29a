using System;
using System.Collections.Generic;

namespace Automations.Compiled.Testing
{
    /// <summary>
    /// What a scripted fake client holds (<see cref="ScriptedChatClient"/>, <see cref="ScriptedSpeechToTextClient"/>): the
    /// answers a test queued and the requests received, in order, safe for concurrent calls. Taking an answer with none
    /// queued fails, so a test states exactly how many calls it expects.
    /// </summary>
    internal sealed class Script<TResponse, TRequest>
    {
        private readonly object _gate = new();
        private readonly Queue<TResponse> _responses = new();
        private readonly List<TRequest> _requests = new();
        private readonly string _client;
        private readonly string _answer;

        /// <param name="client">The fake's name, for the failure of a call with nothing queued.</param>
        /// <param name="answer">What it answers with ("answer", "transcript"), for the same.</param>
        public Script(string client, string answer)
        {
            _client = client;
            _answer = answer;
        }

        public IReadOnlyList<TRequest> Requests
        {
            get
            {
                lock (_gate)
                {
                    return _requests.ToArray();
                }
            }
        }

        public int Remaining
        {
            get
            {
                lock (_gate)
                {
                    return _responses.Count;
                }
            }
        }

        public void Enqueue(TResponse response)
        {
            lock (_gate)
            {
                _responses.Enqueue(response);
            }
        }

        /// <summary>Records <paramref name="request"/> and takes the next queued answer.</summary>
        public TResponse Take(TRequest request)
        {
            lock (_gate)
            {
                _requests.Add(request);
                if (_responses.Count == 0)
                {
                    throw new InvalidOperationException($"{_client} has no {_answer} queued for call {_requests.Count}: queue one with Respond(...).");
                }

                return _responses.Dequeue();
            }
        }
    }
}
