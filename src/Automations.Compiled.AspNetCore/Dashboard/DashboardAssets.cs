using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;

namespace Automations.Compiled.AspNetCore.Dashboard
{
    /// <summary>
    /// The dashboard's files, embedded in this assembly under <c>Dashboard/wwwroot</c> (see the project file), for one
    /// mapping: index.html carries the API's path in a meta tag, so the same files serve any prefix.
    /// </summary>
    internal sealed class DashboardAssets
    {
        private const string ResourcePrefix = "Automations.Compiled.AspNetCore.Dashboard.wwwroot.";
        private const string ApiPlaceholder = "{{api-prefix}}";

        private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
        {
            [".html"] = "text/html; charset=utf-8",
            [".css"] = "text/css; charset=utf-8",
            [".js"] = "text/javascript; charset=utf-8",
            [".svg"] = "image/svg+xml",
            [".ico"] = "image/x-icon",
        };

        private readonly Dictionary<string, DashboardAsset> _assets = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, DashboardAsset> _indexes = new(StringComparer.Ordinal);
        private readonly string _apiPrefix;
        private readonly string _indexTemplate;

        public DashboardAssets(string apiPrefix)
        {
            _apiPrefix = apiPrefix;
            var assembly = typeof(DashboardAssets).Assembly;
            foreach (var resource in assembly.GetManifestResourceNames())
            {
                if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var name = resource.Substring(ResourcePrefix.Length);
                using var stream = assembly.GetManifestResourceStream(resource)!;
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                var content = buffer.ToArray();
                var type = ContentTypes.TryGetValue(Path.GetExtension(name), out var known) ? known : "application/octet-stream";
                _assets[name] = new DashboardAsset(name, type, content);
            }

            if (!_assets.Remove("index.html", out var index))
            {
                throw new InvalidOperationException("The dashboard's files are not embedded in Automations.Compiled.AspNetCore (index.html is missing): the assembly was built without them.");
            }

            _indexTemplate = Encoding.UTF8.GetString(index.Content);
        }

        /// <summary>index.html with the API's path as the browser sees it (behind <c>UsePathBase</c>, the base comes first).</summary>
        public DashboardAsset Index(string pathBase)
            => _indexes.GetOrAdd(pathBase, static (pathBase, self) => new DashboardAsset(
                "index.html",
                ContentTypes[".html"],
                Encoding.UTF8.GetBytes(self._indexTemplate.Replace(ApiPlaceholder, HtmlEncoder.Default.Encode(pathBase + self._apiPrefix), StringComparison.Ordinal))), this);

        public bool TryGet(string name, out DashboardAsset asset) => _assets.TryGetValue(name, out asset!);
    }
}
