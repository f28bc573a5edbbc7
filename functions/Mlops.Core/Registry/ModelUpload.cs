using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Registry;

/// <summary>
/// A model upload read from <c>multipart/form-data</c>: part <c>model</c> (the ONNX file) and optional part
/// <c>metadata</c> (JSON <see cref="NewModelVersion"/>), in either order. The file part is streamed into one buffer
/// (the registry needs the whole file in memory to inspect it), never the whole request body.
/// </summary>
internal sealed record ModelUpload(MemoryStream Model, NewModelVersion Metadata)
{
    public const string ModelPart = "model";
    public const string MetadataPart = "metadata";

    private const int MaxBoundaryLength = 70;

    public static async Task<ModelUpload> ReadAsync(ApiRequest request, long maxMetadataBytes, CancellationToken cancellationToken)
    {
        var boundary = Boundary(request.ContentType);
        var reader = new MultipartReader(boundary, request.Body);
        MemoryStream? model = null;
        NewModelVersion? metadata = null;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                var part = PartName(section);
                switch (part)
                {
                    case ModelPart when model is null:
                        model = new MemoryStream();
                        await section.Body.CopyToAsync(model, cancellationToken).ConfigureAwait(false);
                        model.Position = 0;
                        break;
                    case MetadataPart when metadata is null:
                        metadata = await ReadMetadataAsync(section.Body, maxMetadataBytes, cancellationToken).ConfigureAwait(false);
                        break;
                    case ModelPart or MetadataPart:
                        throw MlopsException.Validation($"The form has more than one '{part}' part; send each once.", part);
                    default:
                        throw MlopsException.Validation(
                            $"The form has an unknown part '{part}'; send the ONNX file as part '{ModelPart}' and optional JSON as part '{MetadataPart}'.",
                            part);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            throw MlopsException.Validation($"The multipart body is malformed: {ex.Message}", "body", ex);
        }

        if (model is null)
        {
            throw MlopsException.Validation($"The form has no '{ModelPart}' part; send the ONNX file as form field '{ModelPart}'.", ModelPart);
        }

        return new ModelUpload(model, metadata ?? new NewModelVersion());
    }

    private static string Boundary(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || mediaType is null
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw MlopsException.Validation(
                $"Content-Type must be multipart/form-data with a part '{ModelPart}' (the ONNX file) and optionally '{MetadataPart}' (JSON); got '{contentType}'.",
                "content-type");
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary);
        if (StringSegment.IsNullOrEmpty(boundary) || boundary.Length > MaxBoundaryLength)
        {
            throw MlopsException.Validation($"The multipart/form-data Content-Type needs a boundary of 1-{MaxBoundaryLength} characters.", "content-type");
        }

        return boundary.ToString();
    }

    private static string PartName(MultipartSection section)
    {
        if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
            && disposition is not null
            && disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
            && HeaderUtilities.RemoveQuotes(disposition.Name) is { Length: > 0 } name)
        {
            return name.ToString();
        }

        throw MlopsException.Validation("Every part of the form needs 'Content-Disposition: form-data; name=\"...\"'.", "body");
    }

    private static async Task<NewModelVersion> ReadMetadataAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw MlopsException.TooLarge($"Part '{MetadataPart}' is over the limit of {maxBytes} bytes.", MetadataPart);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            throw MlopsException.Validation($"Part '{MetadataPart}' is empty; send a JSON object or leave the part out.", MetadataPart);
        }

        try
        {
            return JsonSerializer.Deserialize<NewModelVersion>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), MlopsJson.Options)
                ?? throw MlopsException.Validation($"Part '{MetadataPart}' must be a JSON object, not null.", MetadataPart);
        }
        catch (JsonException ex)
        {
            var at = string.IsNullOrEmpty(ex.Path) ? string.Empty : $" at {ex.Path}";
            throw MlopsException.Validation(
                $"Part '{MetadataPart}' is not valid JSON for a new model version{at} (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {FirstSentence(ex.Message)}",
                MetadataPart,
                ex);
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
