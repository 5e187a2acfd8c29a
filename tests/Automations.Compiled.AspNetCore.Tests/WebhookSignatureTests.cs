using System;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Automations.Compiled.AspNetCore.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Automations.Compiled.AspNetCore.Tests
{
    public sealed partial class WebhookTests
    {
        /// <summary>What a sender computes, written here independently of the server's check.</summary>
        private static string Signature(string signed, string secret = WebhookServer.Secret)
            => "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(signed))).ToLowerInvariant();

        [Fact]
        public async Task A_signed_flow_starts_only_for_the_hmac_of_its_body_under_its_secret()
        {
            await using var server = await StartAsync(o => o.FlowSignatureSecrets["signed-hook"] = "HOOK_SECRET");
            const string body = """{"event": "paid"}""";

            var missing = await ProblemAsync(await server.Http.PostAsync("/hooks/signed", Json(body)), HttpStatusCode.Unauthorized);
            Assert.Equal("The call is not signed: the X-Signature header is missing.", missing.GetProperty("detail").GetString());
            await ProblemAsync(await server.Http.SendAsync(Post("/hooks/signed", body, ("X-Signature", Signature(body, "another-secret")))), HttpStatusCode.Unauthorized);
            await ProblemAsync(await server.Http.SendAsync(Post("/hooks/signed", body, ("X-Signature", Signature("""{"event": "refunded"}""")))), HttpStatusCode.Unauthorized);
            await ProblemAsync(await server.Http.SendAsync(Post("/hooks/signed", body, ("X-Signature", "sha256=not-hex"))), HttpStatusCode.Unauthorized);
            await ProblemAsync(await server.Http.SendAsync(Post("/hooks/signed", body, ("X-Signature", Signature(body).Substring("sha256=".Length)))), HttpStatusCode.Unauthorized);
            await NothingStartedAsync(server);

            var (runId, _) = await AcceptedAsync(await server.Http.SendAsync(Post("/hooks/signed", body, ("X-Signature", Signature(body).ToUpperInvariant().Replace("SHA256=", "sha256=", StringComparison.Ordinal)))));
            Assert.Equal(FlowStatus.Completed, await server.CompletedAsync(runId));
            // The other flows are not signed: only the flow named in FlowSignatureSecrets checks.
            await AcceptedAsync(await server.Http.PostAsync("/hooks/any", Json(body)));
            Assert.DoesNotContain(WebhookServer.Secret, server.Logs.Text, StringComparison.Ordinal);
            Assert.Contains(server.Logs.Logs, l => l.Message.Contains("refused a call with 401", StringComparison.Ordinal));
        }

        [Fact]
        public async Task The_global_secret_signs_every_webhook_and_a_get_signs_its_query_string()
        {
            await using var server = await StartAsync(o =>
            {
                o.SignatureSecret = "HOOK_SECRET";
                o.SignatureHeader = "X-Hub-Signature-256";
            });

            await ProblemAsync(await server.Http.GetAsync("/hooks/ping?a=1"), HttpStatusCode.Unauthorized);
            var wrong = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Get, "/hooks/ping?a=2");
            wrong.Headers.Add("X-Hub-Signature-256", Signature("a=1"));
            await ProblemAsync(await server.Http.SendAsync(wrong), HttpStatusCode.Unauthorized);
            await ProblemAsync(await server.Http.PostAsync("/hooks/any", Json("{}")), HttpStatusCode.Unauthorized);
            await NothingStartedAsync(server);

            var right = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Get, "/hooks/ping?a=1");
            right.Headers.Add("X-Hub-Signature-256", Signature("a=1"));
            await AcceptedAsync(await server.Http.SendAsync(right));
            await AcceptedAsync(await server.Http.SendAsync(Post("/hooks/any", "{}", ("X-Hub-Signature-256", Signature("{}")))));
        }

        [Fact]
        public async Task A_secret_the_resolver_does_not_have_refuses_every_call_and_logs_its_name()
        {
            await using var server = await StartAsync(o => o.FlowSignatureSecrets["signed-hook"] = "NO_SUCH_SECRET");

            await ProblemAsync(await server.Http.SendAsync(Post("/hooks/signed", "{}", ("X-Signature", Signature("{}")))), HttpStatusCode.InternalServerError);
            await NothingStartedAsync(server);
            Assert.Contains(server.Logs.Logs, l => l.Level == LogLevel.Error && l.Message.Contains("the signature secret named 'NO_SUCH_SECRET' could not be resolved", StringComparison.Ordinal));
        }
    }
}
