using System;
using System.Security.Cryptography;

namespace Automations.Compiled.AspNetCore.Dashboard
{
    /// <summary>One file of the dashboard, read once from the assembly's resources: its bytes, content type and ETag.</summary>
    internal sealed class DashboardAsset
    {
        public DashboardAsset(string name, string contentType, byte[] content)
        {
            Name = name;
            ContentType = contentType;
            Content = content;
            // A strong validator: the content's hash, so a new build of the assembly changes it and nothing else does.
            ETag = "\"" + Convert.ToHexString(SHA256.HashData(content), 0, 16).ToLowerInvariant() + "\"";
        }

        /// <summary>The file's name under the dashboard's prefix (<c>app.js</c>).</summary>
        public string Name { get; }

        public string ContentType { get; }

        public byte[] Content { get; }

        public string ETag { get; }
    }
}
