using System.IO;
using System.Threading.Tasks;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using Xunit;

namespace Automations.Compiled.Cli.Tests
{
    /// <summary>
    /// The built-in <c>extract</c> action (docs/ai-steps.md): the text of a PDF, written here with PdfPig's builder, goes to
    /// the tool's fake model with the schema, and the answer comes back validated as an llm step's is.
    /// </summary>
    public sealed class ExtractActionTests
    {
        private static string Flow(double minConfidence) => $$$"""
            {
              "id": "read-document",
              "inputs": { "path": "string" },
              "variables": { "output": "string" },
              "steps": [
                { "id": "read", "type": "action", "action": "extract",
                  "inputs": { "path": "{!inputs.path}", "minConfidence": {{{minConfidence.ToString(System.Globalization.CultureInfo.InvariantCulture)}}},
                              "schema": "{\"type\": \"object\", \"properties\": {\"kind\": {\"type\": \"string\", \"enum\": [\"invoice\", \"receipt\", \"contract\"]}, \"confidence\": {\"type\": \"number\"}}, \"required\": [\"kind\"]}" },
                  "endpoints": {
                    "success": [ { "id": "keep", "type": "set", "variable": "output", "value": "'a ' + string(steps.read.output.kind)" } ],
                    "error": [ { "id": "unreadable", "type": "set", "variable": "output", "value": "'unreadable'" } ] } }
              ]
            }
            """;

        private static void WritePdf(string path, string line)
        {
            var builder = new PdfDocumentBuilder();
            var font = builder.AddStandard14Font(Standard14Font.Helvetica);
            var page = builder.AddPage(PageSize.A4);
            page.AddText(line, 12, new PdfPoint(40, 760), font);
            File.WriteAllBytes(path, builder.Build());
        }

        [Fact]
        public async Task The_text_of_a_pdf_reaches_the_model_and_the_validated_answer_is_the_output()
        {
            using var work = new Workspace();
            WritePdf(Path.Combine(work.Path, "doc.pdf"), "INVOICE 2026-114 for 3 widgets, total 42.00 EUR");
            work.Write("read.flow.json", Flow(minConfidence: 0.8));

            var result = await FlowTool.RunAsync(work.Path, "run", "read.flow.json", "--input", """{"path": "doc.pdf"}""", "--trace");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("trace read #1 succeeded -> success", result.Out);
            Assert.Contains("output: \"a invoice\"", result.Out);
        }

        [Fact]
        public async Task An_answer_below_min_confidence_fails_the_action_to_its_error_endpoint()
        {
            using var work = new Workspace();
            WritePdf(Path.Combine(work.Path, "doc.pdf"), "INVOICE 2026-114 for 3 widgets, total 42.00 EUR");
            work.Write("read.flow.json", Flow(minConfidence: 0.95));

            var result = await FlowTool.RunAsync(work.Path, "run", "read.flow.json", "--input", """{"path": "doc.pdf"}""", "--trace");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("trace read #1 failed -> error", result.Out);
            Assert.Contains("The answer of LLM step 'read' is not valid: its confidence 0.9 is below the step's minConfidence 0.95.", result.Out);
            Assert.Contains("output: \"unreadable\"", result.Out);
        }
    }
}
