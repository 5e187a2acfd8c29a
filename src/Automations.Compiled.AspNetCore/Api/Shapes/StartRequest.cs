using System.Text.Json;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>The body of <c>POST /flows/{flowId}/runs</c>.</summary>
    internal sealed record StartRequest(JsonElement? Input, string? IdempotencyKey, int? Version);
}
