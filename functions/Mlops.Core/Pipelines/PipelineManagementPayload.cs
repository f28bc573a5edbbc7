namespace Mlops.Core.Pipelines;

/// <summary>The links returned on start, as Durable's <c>CreateHttpManagementPayload</c> (pointing at this API's routes).</summary>
internal sealed record PipelineManagementPayload(
    string Id,
    string StatusQueryGetUri,
    string SendEventPostUri,
    string TerminatePostUri,
    string PurgeHistoryDeleteUri)
{
    public static PipelineManagementPayload For(string? baseUrl, string instanceId)
    {
        var status = StatusUri(baseUrl, instanceId);
        return new PipelineManagementPayload(
            instanceId,
            status,
            status + "/events/{eventName}",
            status + "/terminate?reason={text}",
            status);
    }

    public static string StatusUri(string? baseUrl, string instanceId) =>
        $"{baseUrl?.TrimEnd('/')}/api/pipelines/{Uri.EscapeDataString(instanceId)}";
}
