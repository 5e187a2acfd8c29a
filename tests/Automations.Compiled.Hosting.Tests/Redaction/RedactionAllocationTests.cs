using System;
using System.Text;
using Automations.Compiled.Hosting.Redaction;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Redaction
{
    /// <summary>The common case, a document or text with nothing to hide, costs a walk and no allocation.</summary>
    public sealed class RedactionAllocationTests
    {
        [Fact]
        public void Nothing_to_hide_allocates_nothing()
        {
            var scope = new RedactionScope();
            scope.Add("sk_live_51HxQ");
            scope.Add("abc");
            var json = Encoding.UTF8.GetBytes("""{"order":"A-1","amount":20.5,"items":[{"sku":"x","qty":2,"tags":["a","b\u00e9"]}],"ok":true,"none":null}""");
            var text = "Step charge #1 succeeded -> success in 12 ms";

            for (var i = 0; i < 10; i++)
            {
                scope.RedactJson(json);
                scope.Redact(text);
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 100; i++)
            {
                Assert.Same(json, scope.RedactJson(json));
                Assert.Same(text, scope.Redact(text));
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
