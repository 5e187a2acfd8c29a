using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>
    /// A journal pointed at a file it must not use (not a journal, or a journal from a newer release) refuses it with a
    /// <see cref="JournalException"/> that names the file, and leaves the file exactly as it was.
    /// </summary>
    public abstract class JournalFileContract<TBackend> : IDisposable
        where TBackend : IJournalBackend, new()
    {
        private readonly TBackend _backend = new();
        private readonly TempFolder _folder = new();

        private string JournalPath => _folder.File(_backend.FileName);

        public void Dispose() => _folder.Dispose();

        [Fact]
        public async Task A_file_of_random_bytes_is_refused_by_name_and_left_unchanged()
        {
            var bytes = new byte[8192];
            new Random(20250301).NextBytes(bytes);

            await AssertRefusedAndUnchangedAsync(bytes);
        }

        [Fact]
        public async Task A_text_file_is_refused_by_name_and_left_unchanged()
            => await AssertRefusedAndUnchangedAsync(Encoding.UTF8.GetBytes("order,amount\nA-1,12.50\nA-2,7.00\n"));

        [Fact]
        public async Task A_journal_written_by_a_newer_release_is_refused_by_name_and_left_unchanged()
        {
            await using (var journal = await _backend.OpenAsync(JournalPath, TimeProvider.System))
            {
                await journal.RegisterFlowVersionAsync(new FlowVersionRecord("orders", 1, "h"));
                await journal.StartRunAsync(new NewRun { FlowId = "orders", FlowVersion = 1 });
            }

            await _backend.MakeNewerSchemaAsync(JournalPath);
            var before = await File.ReadAllBytesAsync(JournalPath);

            var error = await Assert.ThrowsAsync<JournalException>(() => _backend.OpenAsync(JournalPath, TimeProvider.System));

            Assert.Contains(JournalPath, error.Message, StringComparison.Ordinal);
            Assert.Contains("newer release", error.Message, StringComparison.Ordinal);
            Assert.Equal(before, await File.ReadAllBytesAsync(JournalPath));
            await Assert.ThrowsAsync<JournalException>(() => _backend.OpenAsync(JournalPath, TimeProvider.System)); // still refused: nothing was changed
        }

        private async Task AssertRefusedAndUnchangedAsync(byte[] content)
        {
            await File.WriteAllBytesAsync(JournalPath, content);

            var error = await Assert.ThrowsAsync<JournalException>(() => _backend.OpenAsync(JournalPath, TimeProvider.System));

            Assert.Contains(JournalPath, error.Message, StringComparison.Ordinal);
            Assert.Equal(content, await File.ReadAllBytesAsync(JournalPath));
        }
    }
}
