using System;
using System.ClientModel;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Automations.Compiled.Cli.Running
{
    /// <summary>
    /// The chat model the tool gives LLM steps and the answers of <c>extract</c> and <c>transcribe</c>: its built-in fake (the default, offline and
    /// deterministic), or with <c>--model openai:&lt;model&gt;</c> OpenAI's API or any OpenAI-compatible server
    /// (<c>--model-endpoint</c>: Ollama, vLLM, LM Studio). The API key is read from <c>OPENAI_API_KEY</c> through the run's secret
    /// resolver, so everything the tool prints hides it as it hides the runs' secrets; it is never an argument.
    /// </summary>
    internal static class ChatModels
    {
        public const string KeyVariable = "OPENAI_API_KEY";

        private const string ModelName = "--model";
        private const string EndpointName = "--model-endpoint";
        private const string OpenAiPrefix = "openai:";

        /// <summary>The <c>--model</c> and <c>--model-endpoint</c> options, for a command that runs a flow's code.</summary>
        public static void AddOptions(Command command)
        {
            command.Options.Add(new Option<string?>(ModelName)
            {
                Description = "The chat model of LLM steps and extract: fake (the built-in fake model, the default) or openai:<model id>, with the key in " + KeyVariable + ".",
            });
            command.Options.Add(new Option<string?>(EndpointName)
            {
                Description = "With --model openai:<model>: an OpenAI-compatible server's base address, such as http://localhost:11434/v1 (Ollama).",
            });
        }

        /// <summary>The model the command's options choose.</summary>
        /// <exception cref="UsageException">The options name no model the tool knows, or the key is missing.</exception>
        public static async Task<IChatClient> FromAsync(ParseResult result, ISecretResolver secrets, CancellationToken cancellationToken)
        {
            var model = result.GetValue<string?>(ModelName);
            var endpoint = result.GetValue<string?>(EndpointName);
            if (model is null or "fake")
            {
                if (endpoint is not null)
                {
                    throw new UsageException($"{EndpointName} is the address of a real model's server: give the model too, as {ModelName} openai:<model id>.");
                }

                return new FakeChatClient();
            }

            if (!model.StartsWith(OpenAiPrefix, StringComparison.Ordinal) || model.Length == OpenAiPrefix.Length)
            {
                throw new UsageException($"{ModelName}: '{model}' is not a model the tool knows; use fake (the built-in fake model) or openai:<model id>, such as openai:gpt-4o-mini (with {EndpointName} for an OpenAI-compatible server).");
            }

            Uri? address = null;
            if (endpoint is not null && (!Uri.TryCreate(endpoint, UriKind.Absolute, out address) || address.Scheme is not ("http" or "https")))
            {
                throw new UsageException($"{EndpointName}: '{endpoint}' is not an http or https address, such as http://localhost:11434/v1.");
            }

            // Resolved as a secret: the value is hidden in everything the tool prints from here on.
            var key = await secrets.ResolveAsync(KeyVariable, cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrEmpty(key))
            {
                if (address is null)
                {
                    throw new UsageException($"{ModelName} {model} calls OpenAI's API: set its key in the {KeyVariable} environment variable (the tool takes no key on the command line).");
                }

                key = "none"; // a local server (Ollama) asks for no key, but the client sends one
            }

            var options = new OpenAIClientOptions();
            if (address is not null)
            {
                options.Endpoint = address;
            }

            return new OpenAIClient(new ApiKeyCredential(key), options).GetChatClient(model[OpenAiPrefix.Length..]).AsIChatClient();
        }
    }
}
