using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using Automations.Compiled.Emit;
using Automations.Compiled.Json;
using Automations.Compiled.Model;
using Automations.Compiled.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Automations.Compiled.Cli.Running
{
    /// <summary>
    /// A <c>*.flow.json</c> file compiled as a build would (the JSON front end, the validator, the emitter), then by Roslyn
    /// in memory with the built-in actions and an optional actions assembly, and loaded into a collectible context.
    /// </summary>
    internal sealed class CompiledFlow : IDisposable
    {
        private const string Tool = "flow";
        private const string RootNamespace = "Flows";

        private readonly FlowLoadContext _context;

        private CompiledFlow(FlowLoadContext context, Type flowType, Assembly assembly, Microsoft.Extensions.AI.IChatClient chatModel)
        {
            _context = context;
            FlowType = flowType;
            Assembly = assembly;
            ChatModel = chatModel;
        }

        /// <summary>The chat model of the flow's LLM steps and of the <c>extract</c> action (<see cref="ChatModels"/>).</summary>
        public Microsoft.Extensions.AI.IChatClient ChatModel { get; }

        /// <summary>The generated flow class.</summary>
        public Type FlowType { get; }

        public Assembly Assembly { get; }

        /// <summary>
        /// Compiles and loads the flow; warnings go to <paramref name="warnings"/>. LLM steps and <c>extract</c> ask
        /// <paramref name="chatModel"/>, by default the tool's fake model.
        /// </summary>
        /// <exception cref="UsageException">The file or the actions assembly does not exist.</exception>
        /// <exception cref="FlowCompileException">The flow has errors (each line is <c>file(line,col): error AUTO...: message</c>).</exception>
        public static CompiledFlow Compile(string path, string? actionsAssembly, IReadOnlyList<string> allowedHosts, TextWriter output, TextWriter warnings, CancellationToken cancellationToken, Microsoft.Extensions.AI.IChatClient? chatModel = null)
        {
            chatModel ??= new FakeChatClient();
            var text = ReadFlowFile(path);
            var extra = new List<MetadataReference>();
            if (actionsAssembly is not null)
            {
                InputFile.RequireAssembly(actionsAssembly, "The actions assembly");
                extra.Add(MetadataReference.CreateFromFile(Path.GetFullPath(actionsAssembly)));
            }

            var catalog = ActionScanner.Catalog(FlowReferences.Compilation("FlowActions", new[] { BuiltInActions.Tree }, extra), extra, cancellationToken);
            var model = JsonFlowCompiler.Compile(path, text, RootNamespace, catalog, cancellationToken);

            // The analyzer's rule: a file that is not JSON gets its syntax error only.
            var unreadable = model.FrontEndDiagnostics.Any(d => d.Id == DiagnosticCatalog.JsonSyntax.Id);
            IEnumerable<FlowDiagnostic> diagnostics = unreadable ? model.FrontEndDiagnostics : FlowValidator.Validate(model);
            if (!model.FrontEndDiagnostics.IsEmpty)
            {
                diagnostics = diagnostics.Where(d => d.Id != DiagnosticCatalog.EmptyFlow.Id);
            }

            var all = diagnostics.ToList();
            foreach (var warning in all.Where(d => d.Severity != FlowSeverity.Error))
            {
                warnings.WriteLine(Line(warning, path));
            }

            var errors = all.Where(d => d.Severity == FlowSeverity.Error).Select(d => Line(d, path)).ToList();
            if (errors.Count > 0)
            {
                throw new FlowCompileException(errors);
            }

            var version = typeof(CompiledFlow).Assembly.GetName().Version?.ToString() ?? "0.0.0";
            var generated = CSharpSyntaxTree.ParseText(FlowEmitter.Emit(model, Tool, version), FlowReferences.ParseOptions, FlowEmitter.HintName(model), cancellationToken: cancellationToken);
            var compilation = FlowReferences.Compilation("Flow_" + model.SourceKey + "_" + Guid.NewGuid().ToString("N"), new[] { BuiltInActions.Tree, generated }, extra);
            using var image = new MemoryStream();
            var emitted = compilation.Emit(image, cancellationToken: cancellationToken);
            if (!emitted.Success)
            {
                // Our bug or an actions assembly that does not fit: say where in the generated code.
                throw new FlowCompileException(emitted.Diagnostics
                    .Where(d => d.Severity == DiagnosticSeverity.Error)
                    .Select(d => $"{path}: error {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)} (in the generated code, {d.Location.GetLineSpan()})")
                    .ToList());
            }

            var context = new FlowLoadContext(actionsAssembly);
            try
            {
                if (actionsAssembly is not null)
                {
                    context.LoadFromAssemblyPath(Path.GetFullPath(actionsAssembly));
                }

                image.Position = 0;
                var assembly = context.LoadFromStream(image);
                var settings = assembly.GetType(BuiltInActions.SettingsType, throwOnError: true)!;
                settings.GetProperty("Output")!.SetValue(null, output);
                settings.GetProperty("AllowedHosts")!.SetValue(null, allowedHosts.ToArray());
                settings.GetProperty("ChatClient")!.SetValue(null, chatModel);
                settings.GetProperty("SpeechToTextClient")!.SetValue(null, new FakeSpeechToTextClient());
                var flowType = assembly.GetTypes().Single(t => t.IsClass && !t.IsAbstract && typeof(IFlowDefinition).IsAssignableFrom(t));
                return new CompiledFlow(context, flowType, assembly, chatModel);
            }
            catch
            {
                context.Unload();
                throw;
            }
        }

        /// <summary>A new instance of the flow; instance actions of the <c>--actions</c> assembly are built with their parameterless constructors, LLM steps get <see cref="ChatModel"/>.</summary>
        public IFlowDefinition Create()
        {
            var constructor = FlowType.GetConstructors().OrderBy(c => c.GetParameters().Length).First();
            var arguments = constructor.GetParameters().Select(p => CreateAction(p.ParameterType)).ToArray();
            return (IFlowDefinition)constructor.Invoke(arguments);
        }

        /// <summary>The classes of instance actions the flow's constructor takes (a host registers them).</summary>
        public IEnumerable<Type> ActionTypes => FlowType.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.ParameterType).Distinct();

        public void Dispose() => _context.Unload();

        private object CreateAction(Type type)
        {
            if (type == typeof(Microsoft.Extensions.AI.IChatClient))
            {
                return ChatModel; // the fake model unless --model chose a real one (docs/ai-steps.md)
            }

            try
            {
                return Activator.CreateInstance(type)!;
            }
            catch (MissingMethodException)
            {
                throw new UsageException($"The action class {type.FullName} has no parameterless constructor; the flow tool cannot build it.");
            }
        }

        private static string ReadFlowFile(string path)
        {
            if (!JsonFlowCompiler.IsFlowFile(path))
            {
                throw new UsageException($"'{path}' is not a flow file: its name must end in {JsonFlowCompiler.Extension}.");
            }

            return InputFile.ReadText(path, "The flow file");
        }

        private static string Line(FlowDiagnostic diagnostic, string path)
            => diagnostic.Location is null ? $"{path}: {diagnostic.Severity.ToString().ToLowerInvariant()} {diagnostic.Id}: {diagnostic.Message}" : diagnostic.ToString();
    }

    /// <summary>A flow that does not compile: its errors, one line each.</summary>
    internal sealed class FlowCompileException : Exception
    {
        public FlowCompileException(IReadOnlyList<string> lines)
            : base(string.Join(Environment.NewLine, lines))
            => Lines = lines;

        public IReadOnlyList<string> Lines { get; }
    }
}
