using System;
using System.Text;
using System.Text.Json;
using Automations.Compiled.Hosting.Redaction;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Redaction
{
    /// <summary>
    /// JSON redaction: strings and numbers holding a secret value and the values of key-like properties become "***",
    /// at any depth; everything else stays byte for byte; text that is not JSON gets the text redaction.
    /// </summary>
    public sealed class JsonRedactionTests
    {
        private const string Secret = "sk_live_51HxQ";

        private static RedactionScope Scope(params string[] values)
        {
            var scope = new RedactionScope();
            foreach (var value in values)
            {
                scope.Add(value);
            }

            return scope;
        }

        private static string Bytes(RedactionScope scope, string json) => Encoding.UTF8.GetString(scope.RedactJson(Encoding.UTF8.GetBytes(json)));

        [Fact]
        public void A_secret_value_is_hidden_in_nested_objects_and_arrays()
        {
            var json = """{"order":"A-1","charge":{"key":"sk_live_51HxQ","attempts":[{"key":"sk_live_51HxQ"},["sk_live_51HxQ",1]]}}""";

            var redacted = Scope(Secret).RedactJson(json);

            Assert.Equal("""{"order":"A-1","charge":{"key":"***","attempts":[{"key":"***"},["***",1]]}}""", redacted);
            Assert.Equal(redacted, Bytes(Scope(Secret), json));
        }

        [Fact]
        public void A_string_that_holds_a_secret_inside_a_longer_text_is_hidden_whole()
        {
            // The rest of such a string (a user, a host, a header's scheme) is part of the credential: it goes too.
            var json = """{"header":"Bearer sk_live_51HxQ","url":"https://bob:sk_live_51HxQ@db.example.com/orders","note":"fine"}""";

            Assert.Equal("""{"header":"***","url":"***","note":"fine"}""", Scope(Secret).RedactJson(json));
        }

        [Theory]
        [InlineData("password")]
        [InlineData("Password")]
        [InlineData("PASSWORD")]
        [InlineData("pass_word")]
        [InlineData("passwd")]
        [InlineData("pwd")]
        [InlineData("dbPassword")]
        [InlineData("user_password")]
        [InlineData("passphrase")]
        [InlineData("token")]
        [InlineData("access_token")]
        [InlineData("accessToken")]
        [InlineData("refresh-token")]
        [InlineData("X-Auth-Token")]
        [InlineData("secret")]
        [InlineData("client_secret")]
        [InlineData("ClientSecret")]
        [InlineData("secrets")]
        [InlineData("clientSecrets")]
        [InlineData("tokens")]
        [InlineData("apiKeys")]
        [InlineData("passwords")]
        [InlineData("api_key")]
        [InlineData("apiKey")]
        [InlineData("API-KEY")]
        [InlineData("x-api-key")]
        [InlineData("apikey")]
        [InlineData("aws_access_key")]
        [InlineData("authorization")]
        [InlineData("Authorization")]
        [InlineData("Proxy-Authorization")]
        [InlineData("auth")]
        [InlineData("AUTH")]
        [InlineData("private_key")]
        [InlineData("privateKey")]
        [InlineData("credential")]
        [InlineData("credentials")]
        [InlineData("connection_string")]
        [InlineData("ConnectionString")]
        [InlineData("Cookie")]
        [InlineData("Set-Cookie")]
        [InlineData("a_very_long_property_name_that_goes_on_and_on_for_more_than_sixty_four_characters_password")]
        [InlineData("pass\\u0077ord")] // escaped in the document: compared unescaped
        public void The_value_of_a_key_like_property_is_hidden_whatever_its_spelling(string name)
        {
            var json = $$"""{"user":"bob","{{name}}":"hunter2","n":1}""";

            Assert.Equal($$"""{"user":"bob","{{name}}":"***","n":1}""", new RedactionScope().RedactJson(json));
        }

        [Theory]
        [InlineData("author")]
        [InlineData("authority")]
        [InlineData("tokenCount")]
        [InlineData("maxTokens")]
        [InlineData("passwordPolicy")]
        [InlineData("key")]
        [InlineData("monkey")]
        [InlineData("secretary")]
        [InlineData("cwd")]
        [InlineData("oauth")]
        [InlineData("idempotencyKey")]
        public void A_name_that_only_looks_like_a_key_is_left_alone(string name)
        {
            var json = $$"""{"{{name}}":"visible","n":1}""";

            Assert.Same(json, new RedactionScope().RedactJson(json));
        }

        [Fact]
        public void A_key_like_property_hides_numbers_objects_and_arrays_but_keeps_null_and_booleans()
        {
            var json = """{"pin":1,"password":123456,"credentials":{"user":"bob","pass":"x"},"tokens":["a"],"apiKeys":["a"],"api_key":["k1","k2"],"secret":null,"auth":true,"token":false,"after":"kept"}""";

            Assert.Equal("""{"pin":1,"password":"***","credentials":"***","tokens":"***","apiKeys":"***","api_key":"***","secret":null,"auth":true,"token":false,"after":"kept"}""", new RedactionScope().RedactJson(json));
        }

        [Fact]
        public void Key_like_properties_are_hidden_at_any_depth()
        {
            var json = """[{"db":{"connection_string":"Server=x;Password=y"}},{"headers":[{"Authorization":"Basic Ym9iOnk="}]}]""";

            Assert.Equal("""[{"db":{"connection_string":"***"}},{"headers":[{"Authorization":"***"}]}]""", new RedactionScope().RedactJson(json));
        }

        [Fact]
        public void Numbers_booleans_nulls_spacing_and_escapes_are_kept_byte_for_byte()
        {
            var json = "{ \"amount\" : 12.50e0 ,\n  \"ok\": true, \"none\": null, \"big\": 123456789012345678901234567890,\n  \"text\": \"caf\\u00e9 \\\"quoted\\\"\", \"key\": \"sk_live_51HxQ\" }";

            var redacted = Scope(Secret).RedactJson(json);

            Assert.Equal(json.Replace("\"sk_live_51HxQ\"", "\"***\"", StringComparison.Ordinal), redacted);
        }

        [Fact]
        public void A_secret_written_as_a_number_by_user_code_is_hidden()
        {
            var scope = Scope("4929123456", "987");

            Assert.Equal("""{"card":"***","count":9870,"pin":"***","other":42}""", scope.RedactJson("""{"card":4929123456,"count":9870,"pin":987,"other":42}"""));
        }

        [Fact]
        public void An_escaped_secret_is_found_by_its_unescaped_value()
        {
            // "sk/live+1" as System.Text.Json writes it by default: '+' escaped.
            var scope = Scope("sk/live+1");

            Assert.Equal("""{"key":"***","also":"***"}""", scope.RedactJson("""{"key":"sk\/live\u002B1","also":"sk/live+1"}"""));
        }

        [Fact]
        public void A_long_escaped_string_is_unescaped_in_a_pooled_buffer()
        {
            var padding = new string('x', 1000);
            var json = $$"""{"text":"{{padding}}\n{{Secret}}"}""";

            Assert.Equal("""{"text":"***"}""", Scope(Secret).RedactJson(json));
        }

        [Fact]
        public void A_property_name_that_holds_a_secret_is_hidden()
        {
            Assert.Equal("""{"***":"bob"}""", Scope(Secret).RedactJson("""{"sk_live_51HxQ":"bob"}"""));
        }

        [Fact]
        public void A_short_secret_is_hidden_as_a_whole_string_but_not_inside_a_longer_one()
        {
            var scope = Scope("ab1");

            Assert.Equal("""{"code":"***","word":"cab1e"}""", scope.RedactJson("""{"code":"ab1","word":"cab1e"}"""));
        }

        [Fact]
        public void A_root_value_is_redacted_too()
        {
            Assert.Equal("\"***\"", Scope(Secret).RedactJson("\"sk_live_51HxQ\""));
            Assert.Equal("[\"***\"]", Scope(Secret).RedactJson("[\"x sk_live_51HxQ\"]"));
        }

        [Fact]
        public void Text_that_is_not_json_gets_the_text_redaction()
        {
            var scope = Scope(Secret);

            Assert.Equal("key=*** password=hunter2", scope.RedactJson("key=sk_live_51HxQ password=hunter2"));
            Assert.Equal("{\"key\": \"***\", broken", scope.RedactJson("{\"key\": \"sk_live_51HxQ\", broken"));
            Assert.Equal("{\"a\":1} // ***", scope.RedactJson("{\"a\":1} // sk_live_51HxQ"));
            Assert.Equal("{\"a\":1}{\"key\":\"***\"}", scope.RedactJson("{\"a\":1}{\"key\":\"sk_live_51HxQ\"}"));
        }

        [Fact]
        public void Bytes_that_are_not_json_keep_everything_but_the_secret()
        {
            byte[] payload = [0xFF, 0x00, .. Encoding.UTF8.GetBytes(Secret), 0xFE, (byte)'!'];

            var redacted = Scope(Secret).RedactJson(payload);

            Assert.Equal([0xFF, 0x00, (byte)'*', (byte)'*', (byte)'*', 0xFE, (byte)'!'], redacted);
        }

        [Fact]
        public void Nothing_to_hide_returns_the_same_string_and_array()
        {
            var scope = Scope(Secret);
            var json = """{"order":"A-1","amount":20}""";
            var bytes = Encoding.UTF8.GetBytes(json);

            Assert.Same(json, scope.RedactJson(json));
            Assert.Same(bytes, scope.RedactJson(bytes));
            Assert.Equal(bytes, scope.RedactJson(bytes.AsSpan()));
            Assert.Null(scope.RedactJson((byte[]?)null));
            Assert.Null(scope.RedactJson((string?)null));
            Assert.Empty(scope.RedactJson(ReadOnlySpan<byte>.Empty));
        }

        [Fact]
        public void Redacted_json_is_still_valid_json()
        {
            var json = """{"a":[1,{"password":{"x":[1,2,{"y":"z"}]}},"sk_live_51HxQ"],"b":{"c":"pre sk_live_51HxQ post","sk_live_51HxQ":2}}""";

            var redacted = Scope(Secret).RedactJson(json);

            using var document = JsonDocument.Parse(redacted);
            Assert.Equal("""{"a":[1,{"password":"***"},"***"],"b":{"c":"***","***":2}}""", redacted);
        }

        [Fact]
        public void A_deep_document_is_walked_not_given_up()
        {
            var json = new StringBuilder();
            for (var i = 0; i < 200; i++)
            {
                json.Append("{\"n\":");
            }

            json.Append("{\"password\":\"hunter2\"}");
            json.Append('}', 200);

            Assert.DoesNotContain("hunter2", new RedactionScope().RedactJson(json.ToString()), StringComparison.Ordinal);
        }

        [Fact]
        public void A_step_entry_and_an_outcome_are_redacted_for_the_journal()
        {
            var scope = Scope(Secret);
            var now = DateTimeOffset.UnixEpoch;
            var step = new StepEntry(Guid.NewGuid(), "charge", 1, StepStatus.Failed, null, now, now, Encoding.UTF8.GetBytes("""{"key":"sk_live_51HxQ","token":"t"}"""), "401 for key sk_live_51HxQ");

            var redacted = scope.RedactStep(step);

            Assert.Equal("""{"key":"***","token":"***"}""", Encoding.UTF8.GetString(redacted.Output!));
            Assert.Equal("401 for key ***", redacted.Error);
            Assert.Equal((step.RunId, step.StepId, step.Attempt, step.Status), (redacted.RunId, redacted.StepId, redacted.Attempt, redacted.Status));

            var clean = step with { Output = """{"ok":true}"""u8.ToArray(), Error = null };
            Assert.Same(clean, scope.RedactStep(clean));

            var outcome = scope.RedactOutcome(new RunOutcome(Encoding.UTF8.GetBytes("\"sk_live_51HxQ\""), "stopped: sk_live_51HxQ", new RunError("charge", "bad key sk_live_51HxQ", "System.Exception")));
            Assert.Equal(("\"***\"", "stopped: ***", "bad key ***", "charge"), (Encoding.UTF8.GetString(outcome.Output!), outcome.Message, outcome.Error!.Message, outcome.Error.StepId));
        }
    }
}
