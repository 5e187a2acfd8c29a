using System;
using System.Collections.Generic;
using System.Linq;
using Automations.Compiled.Hosting.Redaction;
using Automations.Compiled.Hosting.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Redaction
{
    /// <summary>
    /// The logging decorator, wired as a host wires it (a LoggerFactory with the provider behind it): the provider never
    /// sees a secret, in the message, the structured values, the scopes or an exception.
    /// </summary>
    public sealed partial class RedactingLoggerTests
    {
        private const string Secret = "sk_live_51HxQ";

        private static (ILogger Logger, CapturingLoggerProvider Captured, RedactionScope Scope, ILoggerFactory Factory) Create(bool externalScopes = true)
        {
            var scope = new RedactionScope();
            scope.Add(Secret);
            CapturingLoggerProvider captured = externalScopes ? new ExternalScopeCapturingLoggerProvider() : new CapturingLoggerProvider();
            var factory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(new RedactingLoggerProvider(captured, scope)));
            return (factory.CreateLogger("Automations.Worker"), captured, scope, factory);
        }

        [Fact]
        public void A_secret_passed_as_a_value_is_hidden_in_the_message_and_the_state()
        {
            var (logger, captured, _, factory) = Create();
            using (factory)
            {
                logger.LogInformation("Charging {Order} with key {Key}", "A-1", Secret);
            }

            var log = Assert.Single(captured.Logs);
            Assert.Equal("Charging A-1 with key ***", log.Message);
            Assert.Equal("***", Value(log, "Key"));
            Assert.Equal("A-1", Value(log, "Order"));
            Assert.Equal("Charging {Order} with key {Key}", Value(log, "{OriginalFormat}"));
            Assert.DoesNotContain(Secret, captured.Text, StringComparison.Ordinal);
        }

        [Fact]
        public void A_key_like_value_is_hidden_and_the_message_is_formatted_again_without_it()
        {
            var (logger, captured, _, factory) = Create();
            using (factory)
            {
                // hunter2 was never registered: its name alone says it is a credential.
                logger.LogWarning("Sign-in for {User} with {Password} took {Elapsed,8:F2} ms ({Flag})", "bob", "hunter2", 12.5, true);
            }

            var log = Assert.Single(captured.Logs);
            Assert.Equal("Sign-in for bob with *** took    12.50 ms (True)", log.Message);
            Assert.Equal("***", Value(log, "Password"));
            Assert.Equal(12.5, Value(log, "Elapsed"));
            Assert.Equal(true, Value(log, "Flag"));
            Assert.DoesNotContain("hunter2", captured.Text, StringComparison.Ordinal);
        }

        [Fact]
        public void A_secret_interpolated_into_the_template_is_hidden_in_the_template_too()
        {
            var (logger, captured, _, factory) = Create();
            using (factory)
            {
#pragma warning disable CA2254 // The mistake under test: a value interpolated into the template.
                logger.LogInformation($"Using key {Secret} for {{Order}}", "A-1");
#pragma warning restore CA2254
            }

            var log = Assert.Single(captured.Logs);
            Assert.Equal("Using key *** for A-1", log.Message);
            Assert.Equal("Using key *** for {Order}", Value(log, "{OriginalFormat}"));
            Assert.DoesNotContain(Secret, captured.Text, StringComparison.Ordinal);
        }

        [Fact]
        public void A_json_payload_logged_as_a_string_is_redacted_as_json()
        {
            var (logger, captured, _, factory) = Create();
            using (factory)
            {
                logger.LogInformation("Received {Payload} for {Order}", """{"order":"A-1","customer":{"password":"hunter2"},"note":"key sk_live_51HxQ"}""", "A-1");
                logger.LogInformation("Not JSON {Text}", "{ not json, password: hunter2 }");
            }

            Assert.Equal("""Received {"order":"A-1","customer":{"password":"***"},"note":"***"} for A-1""", captured.Logs[0].Message);
            Assert.Equal("""{"order":"A-1","customer":{"password":"***"},"note":"***"}""", Value(captured.Logs[0], "Payload"));

            // Text that is not JSON gets the text redaction only: a password that was never registered stays (see docs/secrets.md).
            Assert.Equal("Not JSON { not json, password: hunter2 }", captured.Logs[1].Message);
        }

        [Fact]
        public void An_exception_whose_text_holds_a_secret_reaches_the_provider_redacted()
        {
            var (logger, captured, _, factory) = Create();
            var inner = new ArgumentException("inner saw " + Secret);
            Exception thrown;
            try
            {
                throw new InvalidOperationException($"401 Unauthorized for key {Secret}", inner);
            }
            catch (InvalidOperationException e)
            {
                thrown = e;
            }

            using (factory)
            {
                logger.LogError(thrown, "Step {Step} failed", "charge");
            }

            var log = Assert.Single(captured.Logs);
            Assert.NotSame(thrown, log.Exception);
            Assert.Equal("401 Unauthorized for key ***", log.Exception!.Message);
            Assert.StartsWith("System.InvalidOperationException: 401 Unauthorized for key ***", log.Exception.ToString(), StringComparison.Ordinal);
            Assert.Contains("inner saw ***", log.Exception.ToString(), StringComparison.Ordinal);
            Assert.Contains(nameof(An_exception_whose_text_holds_a_secret_reaches_the_provider_redacted), log.Exception.StackTrace, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, captured.Text, StringComparison.Ordinal);
        }

        [Fact]
        public void An_exception_without_a_secret_is_passed_on_as_it_is()
        {
            var (logger, captured, _, factory) = Create();
            var error = new TimeoutException("the payment service did not answer");
            using (factory)
            {
                logger.LogError(error, "Step failed");
            }

            Assert.Same(error, Assert.Single(captured.Logs).Exception);
        }

        [Fact]
        public void Collections_dictionaries_objects_and_numbers_in_the_state_are_redacted()
        {
            var (logger, captured, scope, factory) = Create();
            scope.Add("4929123456");
            var headers = new Dictionary<string, string> { ["Accept"] = "json", ["Authorization"] = "Basic Ym9iOnk=", ["X-Trace"] = "t " + Secret };
            using (factory)
            {
                logger.LogInformation("Keys {Keys}, headers {Headers}, request {Request}, card {Card}, count {Count}", new[] { "k1", Secret }, headers, new Request("bob", Secret), 4929123456L, 7);
            }

            var log = Assert.Single(captured.Logs);
            Assert.Equal(new object?[] { "k1", "***" }, Value(log, "Keys"));
            var shownHeaders = Assert.IsType<Dictionary<string, object?>>(Value(log, "Headers"));
            Assert.Equal(("json", "***", "t ***"), (shownHeaders["Accept"], shownHeaders["Authorization"], shownHeaders["X-Trace"]));
            Assert.Equal("Request { User = bob, Key = *** }", Value(log, "Request")); // an object: its redacted ToString()
            Assert.Equal("***", Value(log, "Card"));
            Assert.Equal(7, Value(log, "Count"));
            Assert.DoesNotContain(Secret, captured.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("4929123456", captured.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("Ym9iOnk=", captured.Text, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Scopes_are_redacted_whether_the_provider_reads_them_from_the_factory_or_keeps_its_own(bool externalScopes)
        {
            var (logger, captured, scope, factory) = Create(externalScopes);
            using (factory)
            using (logger.BeginScope("Run {RunId} with key {Key}", "r-1", Secret))
            using (logger.BeginScope(new Dictionary<string, object> { ["Flow"] = "orders", ["api_key"] = "k-123456" }))
            using (logger.BeginScope(new Dictionary<string, string> { ["Authorization"] = "Bearer b-123456", ["Tenant"] = "t-1" }))
            using (logger.BeginScope("plain scope late-secret-value"))
            {
                // Registered after the scope was opened: hidden all the same, scopes are redacted when they are read.
                scope.Add("late-secret-value");
                logger.LogInformation("Inside");
            }

            var log = Assert.Single(captured.Logs);
            Assert.Equal(4, log.Scopes.Count);
            Assert.Equal("Run r-1 with key ***", log.Scopes[0]!.ToString());
            Assert.Equal("plain scope ***", log.Scopes[3]);
            Assert.Contains("Authorization=***", captured.Text, StringComparison.Ordinal);
            Assert.Contains("Tenant=t-1", captured.Text, StringComparison.Ordinal);
            Assert.Contains("api_key=***", captured.Text, StringComparison.Ordinal);
            Assert.Contains("Flow=orders", captured.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, captured.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("k-123456", captured.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("b-123456", captured.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("late-secret-value", captured.Text, StringComparison.Ordinal);
        }

        [Fact]
        public void Used_without_a_factory_the_logger_redacts_its_scopes_itself()
        {
            var scope = new RedactionScope();
            scope.Add(Secret);
            var captured = new CapturingLoggerProvider();
            using var provider = new RedactingLoggerProvider(captured, scope);
            var logger = provider.CreateLogger("direct");

            using (logger.BeginScope("key " + Secret))
            {
                logger.Log(LogLevel.Information, new EventId(7, "charge"), "plain state " + Secret, null, static (s, _) => s);
            }

            var log = Assert.Single(captured.Logs);
            Assert.Equal("plain state ***", log.Message);
            Assert.Equal("key ***", Assert.Single(log.Scopes));
            Assert.DoesNotContain(Secret, captured.Text, StringComparison.Ordinal);
        }

        [LoggerMessage(Level = LogLevel.Information, Message = "Step {StepId} called {Url} with token {Token}")]
        private static partial void StepCalled(ILogger logger, string stepId, string url, string token);

        [Fact]
        public void Source_generated_log_methods_are_redacted_too()
        {
            var (logger, captured, _, factory) = Create();
            using (factory)
            {
                StepCalled(logger, "charge", "https://pay.example.com/v1?key=" + Secret, "tok-not-registered");
            }

            var log = Assert.Single(captured.Logs);
            Assert.Equal("Step charge called https://pay.example.com/v1?key=*** with token ***", log.Message);
            Assert.DoesNotContain(Secret, captured.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("tok-not-registered", captured.Text, StringComparison.Ordinal);
        }

        [Fact]
        public void A_disabled_level_is_not_formatted_nor_written()
        {
            var scope = new RedactionScope();
            var captured = new CapturingLoggerProvider();
            using var factory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Warning).AddProvider(new RedactingLoggerProvider(captured, scope)));
            var logger = factory.CreateLogger("quiet");

            logger.LogDebug("not written {Password}", "x");

            Assert.False(logger.IsEnabled(LogLevel.Debug));
            Assert.Empty(captured.Logs);
        }

        [Fact]
        public void Disposing_the_decorator_disposes_the_provider_it_wraps()
        {
            var captured = new CapturingLoggerProvider();

            new RedactingLoggerProvider(captured, new RedactionScope()).Dispose();

            Assert.True(captured.Disposed);
        }

        private static object? Value(CapturedLog log, string key) => log.State.Single(p => p.Key == key).Value;

        private sealed record Request(string User, string Key);
    }
}
