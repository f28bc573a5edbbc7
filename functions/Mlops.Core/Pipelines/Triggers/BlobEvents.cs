using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Messaging.EventGrid;
using Mlops.Core.Api;

namespace Mlops.Core.Pipelines.Triggers;

/// <summary>Event Grid's <c>Microsoft.Storage.BlobCreated</c> shape: subjects, data, and ids derived from blob name and ETag.</summary>
internal static class BlobEvents
{
    public const string BlobCreated = "Microsoft.Storage.BlobCreated";
    public const string SubscriptionValidation = "Microsoft.EventGrid.SubscriptionValidationEvent";
    private const string SubjectPrefix = "/blobServices/default/containers/";
    private const string BlobsSegment = "/blobs/";

    public static string Subject(string container, string blobName) => $"{SubjectPrefix}{container}{BlobsSegment}{blobName}";

    /// <summary>Splits <c>/blobServices/default/containers/{c}/blobs/{path}</c>; false for any other subject.</summary>
    public static bool TryParseSubject(string? subject, out string container, out string blobName)
    {
        container = blobName = string.Empty;
        if (subject is null || !subject.StartsWith(SubjectPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = subject.AsSpan(SubjectPrefix.Length);
        var split = rest.IndexOf(BlobsSegment, StringComparison.Ordinal);
        if (split <= 0 || split + BlobsSegment.Length >= rest.Length)
        {
            return false;
        }

        container = rest[..split].ToString();
        blobName = rest[(split + BlobsSegment.Length)..].ToString();
        return true;
    }

    /// <summary>ETags compare without quotes: Event Grid sends <c>0x8D…</c>, the Blob API <c>"0x8D…"</c>.</summary>
    public static string NormalizeETag(string? etag)
    {
        var value = etag ?? string.Empty;
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        return value.Trim('"');
    }

    /// <summary>
    /// One instance per blob content: the workflow name and a hash of container, blob name and ETag. The same blob
    /// delivered twice (or seen by two watchers) maps to the same id; an overwrite (new ETag) to a new one.
    /// </summary>
    public static string InstanceId(string workflow, string container, string blobName, string etag) =>
        $"{workflow}-{Hash(container, blobName, etag)}";

    public static string Hash(string container, string blobName, string etag) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{container}/{blobName}|{NormalizeETag(etag)}")))[..32];

    /// <summary>The event the blob watcher raises for a blob, as Event Grid would deliver it for a storage account.</summary>
    public static EventGridEvent Created(
        string accountName,
        string container,
        string blobName,
        Uri url,
        string etag,
        string? contentType,
        long contentLength,
        DateTimeOffset lastModified)
    {
        var data = new BlobCreatedData(
            Api: "PutBlob",
            ClientRequestId: null,
            RequestId: null,
            ETag: NormalizeETag(etag),
            ContentType: contentType,
            ContentLength: contentLength,
            BlobType: "BlockBlob",
            Url: url.ToString(),
            Sequencer: lastModified.UtcTicks.ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
        return new EventGridEvent(Subject(container, blobName), BlobCreated, string.Empty, BinaryData.FromObjectAsJson(data, MlopsJson.Options))
        {
            Id = Hash(container, blobName, etag),
            Topic = $"/local/storageAccounts/{accountName}",
            EventTime = lastModified,
        };
    }

    /// <summary>The fields of a BlobCreated event's data the trigger uses.</summary>
    public static (string? Url, string? ETag, string? ContentType, long? ContentLength) ReadData(BinaryData? data)
    {
        if (data is null || data.ToMemory().IsEmpty)
        {
            return default;
        }

        using var document = JsonDocument.Parse(data.ToMemory());
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return default;
        }

        return (Text(root, "url"), Text(root, "eTag"), Text(root, "contentType"), Number(root, "contentLength"));
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;

    private sealed record BlobCreatedData(
        string Api,
        string? ClientRequestId,
        string? RequestId,
        string ETag,
        string? ContentType,
        long ContentLength,
        string BlobType,
        string Url,
        string Sequencer);
}
