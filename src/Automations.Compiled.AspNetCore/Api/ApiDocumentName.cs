namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>
    /// The name <c>AddAutomationsApi</c> registered the OpenAPI document under: the API's endpoints are grouped under it
    /// and <c>{prefix}/openapi.json</c> serves it, whatever options are configured later.
    /// </summary>
    internal sealed record ApiDocumentName(string Name);
}
