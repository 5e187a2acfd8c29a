using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Redaction;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Redaction
{
    /// <summary>The file resolver (Docker and Kubernetes secrets), the composite "environment, then files", and tracking.</summary>
    public sealed class SecretResolverTests : IDisposable
    {
        private readonly TempFolder _folder = new();

        public SecretResolverTests()
        {
            Secrets = Path.Combine(_folder.Path, "secrets");
            Directory.CreateDirectory(Secrets);
        }

        private string Secrets { get; }

        public void Dispose() => _folder.Dispose();

        private static ValueTask<string?> Resolve(ISecretResolver resolver, string name) => resolver.ResolveAsync(name, CancellationToken.None);

        private void Write(string name, string content) => File.WriteAllText(Path.Combine(Secrets, name), content);

        [Fact]
        public async Task A_file_is_read_as_the_secret_named_after_it()
        {
            Write("PAYMENTS_KEY", "sk_live_123");
            Write("db-password", "  spaced out  ");

            var resolver = new FileSecretResolver(Secrets);

            Assert.Equal("sk_live_123", await Resolve(resolver, "PAYMENTS_KEY"));
            Assert.Equal("  spaced out  ", await Resolve(resolver, "db-password"));
            Assert.Equal(Path.GetFullPath(Secrets), resolver.DirectoryPath);
        }

        [Theory]
        [InlineData("value\n", "value")]
        [InlineData("value\r\n", "value")]
        [InlineData("value\n\n", "value\n")]
        [InlineData("line 1\nline 2\n", "line 1\nline 2")]
        [InlineData("value", "value")]
        [InlineData("\n", "")]
        [InlineData("", "")]
        public async Task One_trailing_newline_is_trimmed_and_nothing_else(string content, string expected)
        {
            Write("S", content);

            Assert.Equal(expected, await Resolve(new FileSecretResolver(Secrets), "S"));
        }

        [Fact]
        public async Task A_utf8_byte_order_mark_is_not_part_of_the_value()
        {
            File.WriteAllBytes(Path.Combine(Secrets, "S"), [0xEF, 0xBB, 0xBF, (byte)'k', (byte)'\n']);

            Assert.Equal("k", await Resolve(new FileSecretResolver(Secrets), "S"));
        }

        [Fact]
        public async Task A_missing_secret_a_missing_directory_and_a_folder_are_null()
        {
            Directory.CreateDirectory(Path.Combine(Secrets, "folder"));

            Assert.Null(await Resolve(new FileSecretResolver(Secrets), "NOPE"));
            Assert.Null(await Resolve(new FileSecretResolver(Secrets), "folder"));
            Assert.Null(await Resolve(new FileSecretResolver(Path.Combine(_folder.Path, "not-there")), "NOPE"));
        }

        [Theory]
        [InlineData("../outside.txt")]
        [InlineData("..")]
        [InlineData("..\\outside.txt")]
        [InlineData("sub/inner")]
        [InlineData("sub\\inner")]
        [InlineData(".")]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("..data")]
        [InlineData("a..b")]
        [InlineData("nul\0byte")]
        public async Task A_name_that_could_walk_out_of_the_directory_is_refused(string name)
        {
            File.WriteAllText(Path.Combine(_folder.Path, "outside.txt"), "outside-value");
            Directory.CreateDirectory(Path.Combine(Secrets, "sub"));
            Write(Path.Combine("sub", "inner"), "inner-value");

            Assert.Null(await Resolve(new FileSecretResolver(Secrets), name));
        }

        [Fact]
        public async Task An_absolute_path_is_refused_even_when_it_points_inside_the_directory()
        {
            Write("S", "inside");
            var outside = Path.Combine(_folder.Path, "outside.txt");
            File.WriteAllText(outside, "outside-value");

            var resolver = new FileSecretResolver(Secrets);

            Assert.Null(await Resolve(resolver, outside));
            Assert.Null(await Resolve(resolver, Path.Combine(Secrets, "S")));
        }

        [Fact]
        public async Task A_link_is_followed_only_to_a_file_inside_the_directory()
        {
            var outside = Path.Combine(_folder.Path, "outside.txt");
            File.WriteAllText(outside, "outside-value");
            Write("real", "real-value");
            if (!TryLink(Path.Combine(Secrets, "escape"), outside))
            {
                return; // Windows without the privilege to create links: nothing to test. Elsewhere a failure throws.
            }

            File.CreateSymbolicLink(Path.Combine(Secrets, "relative-escape"), Path.Combine("..", "outside.txt"));
            File.CreateSymbolicLink(Path.Combine(Secrets, "alias"), "real");
            File.CreateSymbolicLink(Path.Combine(Secrets, "dangling"), "gone");

            var resolver = new FileSecretResolver(Secrets);

            Assert.Null(await Resolve(resolver, "escape"));
            Assert.Null(await Resolve(resolver, "relative-escape"));
            Assert.Null(await Resolve(resolver, "dangling"));
            Assert.Equal("real-value", await Resolve(resolver, "alias"));
        }

        [Fact]
        public async Task The_kubernetes_layout_of_links_through_a_data_folder_is_read()
        {
            // What a Kubernetes secret volume looks like: NAME -> ..data/NAME, ..data -> ..2025_03_01_12_00_00.1, swapped on update.
            var version = Path.Combine(Secrets, "..2025_03_01_12_00_00.1");
            Directory.CreateDirectory(version);
            File.WriteAllText(Path.Combine(version, "API_TOKEN"), "tok-v1\n");
            if (!TryLink(Path.Combine(Secrets, "..data"), version, directory: true))
            {
                return;
            }

            File.CreateSymbolicLink(Path.Combine(Secrets, "API_TOKEN"), Path.Combine("..data", "API_TOKEN"));

            Assert.Equal("tok-v1", await Resolve(new FileSecretResolver(Secrets), "API_TOKEN"));
        }

        [Fact]
        public async Task Nothing_is_cached_so_a_rotated_secret_is_read_at_the_next_call()
        {
            var resolver = new FileSecretResolver(Secrets);
            Write("S", "first");
            Assert.Equal("first", await Resolve(resolver, "S"));

            Write("S", "second");
            Assert.Equal("second", await Resolve(resolver, "S"));

            File.Delete(Path.Combine(Secrets, "S"));
            Assert.Null(await Resolve(resolver, "S"));
        }

        [Fact]
        public void An_empty_directory_name_is_refused()
        {
            Assert.Throws<ArgumentException>(() => new FileSecretResolver(" "));
        }

        [Fact]
        public async Task The_composite_asks_in_order_and_the_first_value_that_is_not_null_wins()
        {
            var first = new FixedSecrets("A", "from-first");
            var second = new FixedSecrets("A", "from-second", "B", "only-second");
            var third = new FixedSecrets("B", "from-third", "E", "");
            var composite = new CompositeSecretResolver(first, second, third);

            Assert.Equal("from-first", await Resolve(composite, "A"));
            Assert.Equal(0, second.Asked); // the first answered: the rest are not asked
            Assert.Equal("only-second", await Resolve(composite, "B"));
            Assert.Equal(0, third.Asked);
            Assert.Equal("", await Resolve(composite, "E")); // empty is a value
            Assert.Null(await Resolve(composite, "MISSING"));
            Assert.Equal([first, second, third], composite.Resolvers);
        }

        [Fact]
        public void The_composite_refuses_a_null_resolver()
        {
            Assert.Throws<ArgumentException>(() => new CompositeSecretResolver(new FixedSecrets(), null!));
        }

        [Fact]
        public async Task The_default_is_the_environment_then_the_files()
        {
            var name = "AUTOMATIONS_TEST_SECRET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
            Write(name, "from-file");
            var resolver = CompositeSecretResolver.EnvironmentThenFiles(Secrets);

            Assert.Equal("from-file", await Resolve(resolver, name));

            Environment.SetEnvironmentVariable(name, "from-environment");
            try
            {
                Assert.Equal("from-environment", await Resolve(resolver, name));
            }
            finally
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }

        [Fact]
        public async Task A_tracked_resolver_registers_each_value_before_the_step_gets_it()
        {
            var host = new RedactionScope();
            var run = new RedactionScope(host);
            var resolver = run.Track(new FixedSecrets("KEY", "sk_live_abcdef", "SHORT", "ab"));

            Assert.Equal("sk_live_abcdef", await Resolve(resolver, "KEY"));
            Assert.Null(await Resolve(resolver, "MISSING"));

            Assert.Equal(1, run.Count);
            Assert.Equal("key=***", run.Redact("key=sk_live_abcdef"));
            Assert.Equal("key=***", host.Redact("key=sk_live_abcdef")); // the host scope (the logs) learnt it too
        }

        private static bool TryLink(string path, string target, bool directory = false)
        {
            try
            {
                if (directory)
                {
                    Directory.CreateSymbolicLink(path, target);
                }
                else
                {
                    File.CreateSymbolicLink(path, target);
                }

                return true;
            }
            catch (Exception e) when (OperatingSystem.IsWindows() && e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        private sealed class FixedSecrets : ISecretResolver
        {
            private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

            public FixedSecrets(params string[] pairs)
            {
                for (var i = 0; i < pairs.Length; i += 2)
                {
                    _values[pairs[i]] = pairs[i + 1];
                }
            }

            public int Asked { get; private set; }

            public ValueTask<string?> ResolveAsync(string name, CancellationToken cancellationToken)
            {
                Asked++;
                return new(_values.TryGetValue(name, out var value) ? value : null);
            }
        }
    }
}
