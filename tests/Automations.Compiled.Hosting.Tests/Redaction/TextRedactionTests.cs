using System;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Redaction;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Redaction
{
    /// <summary>Text redaction: every registered value, wherever it occurs in a text, becomes <c>***</c>.</summary>
    public sealed class TextRedactionTests
    {
        private static RedactionScope Scope(params string[] values)
        {
            var scope = new RedactionScope();
            foreach (var value in values)
            {
                scope.Add(value);
            }

            return scope;
        }

        [Fact]
        public void A_value_inside_a_text_is_replaced_wherever_it_occurs()
        {
            var scope = Scope("sk_live_51HxQ");

            Assert.Equal("POST /charge failed: key *** rejected (***)", scope.Redact("POST /charge failed: key sk_live_51HxQ rejected (sk_live_51HxQ)"));
            Assert.Equal("***", scope.Redact("sk_live_51HxQ"));
            Assert.Equal("***x", scope.Redact("sk_live_51HxQx"));
        }

        [Fact]
        public void Several_values_are_replaced_in_one_text()
        {
            var scope = Scope("hunter2-pass", "tok_abcdef", "AKIAIOSFODNN7");

            Assert.Equal("user=bob pass=*** token=*** aws=***;", scope.Redact("user=bob pass=hunter2-pass token=tok_abcdef aws=AKIAIOSFODNN7;"));
        }

        [Fact]
        public void Overlapping_values_are_hidden_whole_and_the_longest_is_found_first()
        {
            // "abcdef" and "cdefgh" overlap in "abcdefgh": replacing one and then the other would leave "gh" behind.
            Assert.Equal("xx***yy", Scope("abcdef", "cdefgh").Redact("xxabcdefghyy"));
            Assert.Equal("xx***yy", Scope("cdefgh", "abcdef").Redact("xxabcdefghyy"));

            // One value inside another: the longer one wins and nothing of it is left.
            Assert.Equal("[***] [***]", Scope("token123", "token1234").Redact("[token1234] [token123]"));

            // A value that overlaps itself.
            Assert.Equal("<***>", Scope("aaaa").Redact("<aaaaaa>"));

            // Values that touch become one mask.
            Assert.Equal("=***=", Scope("left", "right").Redact("=leftright="));
        }

        [Fact]
        public void A_text_without_a_value_is_returned_as_the_same_instance()
        {
            var scope = Scope("sk_live_51HxQ");
            var text = "nothing to hide here " + Guid.NewGuid();

            Assert.Same(text, scope.Redact(text));
            Assert.Same(text, new RedactionScope().Redact(text));
            Assert.Null(scope.Redact(null));
            Assert.Same("", scope.Redact(""));
        }

        [Fact]
        public void A_value_shorter_than_four_characters_is_hidden_only_as_a_whole_text()
        {
            var scope = Scope("abc");

            Assert.Equal("***", scope.Redact("abc"));
            Assert.Equal("abcdef and abc", scope.Redact("abcdef and abc"));
        }

        [Fact]
        public void Empty_and_white_space_values_are_not_registered()
        {
            var scope = Scope("", "   ", "\t\n");
            scope.Add(null);

            Assert.Equal(0, scope.Count);
            Assert.Equal("a    b", scope.Redact("a    b"));
        }

        [Fact]
        public void A_value_added_twice_counts_once()
        {
            var scope = Scope("sk_live_51HxQ", "sk_live_51HxQ");

            Assert.Equal(1, scope.Count);
        }

        [Fact]
        public void A_runs_values_reach_the_host_scope_and_so_every_run_of_the_host()
        {
            var host = new RedactionScope();
            host.Add("registered-at-host-start");
            var runA = new RedactionScope(host);
            var runB = new RedactionScope(host);

            runA.Add("secret-of-run-a");

            Assert.Same(host, runA.Parent);
            Assert.Equal("***", host.Redact("secret-of-run-a"));
            Assert.Equal("***", runA.Redact("secret-of-run-a"));
            Assert.Equal("***", runB.Redact("secret-of-run-a"));
            Assert.Equal("***", runB.Redact("registered-at-host-start"));
            Assert.Equal((2, 1, 0), (host.Count, runA.Count, runB.Count));
        }

        [Fact]
        public void Values_are_matched_ordinally_as_they_are()
        {
            var scope = Scope("Sk_Live_Key");

            // Redaction matches values, not derived values: another case is another value.
            Assert.Equal("SK_LIVE_KEY", scope.Redact("SK_LIVE_KEY"));
        }

        [Fact]
        public async Task Adding_and_redacting_at_once_from_many_threads_is_safe()
        {
            var scope = new RedactionScope();
            var values = Enumerable.Range(0, 200).Select(i => $"secret-value-{i:D4}").ToArray();

            await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
            {
                for (var i = t; i < values.Length; i += 8)
                {
                    scope.Add(values[i]);
                    // A value is hidden from the moment Add returns, whatever the other threads do.
                    Assert.Equal("[***]", scope.Redact("[" + values[i] + "]"));
                }
            })));

            Assert.Equal(200, scope.Count);
            Assert.DoesNotContain("secret-value", scope.Redact(string.Join(" ", values)), StringComparison.Ordinal);
        }
    }
}
