using System.Buffers;
using System.Security.Cryptography;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Artifacts;

/// <summary>
/// An artifact read fully into memory with its SHA-256 computed while it streamed in. The whole file is needed in
/// memory anyway (the ONNX inspector parses it), so one buffer serves hashing, validation and upload.
/// </summary>
internal sealed class ArtifactContent
{
    private const int ChunkSize = 81920;

    private ArtifactContent(ReadOnlyMemory<byte> bytes, string sha256)
    {
        Bytes = bytes;
        Sha256 = sha256;
    }

    /// <summary>The bytes.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>SHA-256 of <see cref="Bytes"/>, lower-case hex.</summary>
    public string Sha256 { get; }

    /// <summary>The size in bytes.</summary>
    public long Length => Bytes.Length;

    /// <summary>Wraps bytes already in memory.</summary>
    public static ArtifactContent FromBytes(ReadOnlyMemory<byte> bytes) =>
        new(bytes, Convert.ToHexStringLower(SHA256.HashData(bytes.Span)));

    /// <summary>
    /// Reads <paramref name="source"/> to its end, hashing each chunk as it arrives. A <see cref="MemoryStream"/> whose
    /// buffer is exposed (an upload the API already buffered) is used in place instead of copied.
    /// </summary>
    /// <param name="source">The stream to read.</param>
    /// <param name="field">The request field named when the content is too large to hold.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<ArtifactContent> ReadAsync(Stream source, string field, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source is MemoryStream memory && memory.TryGetBuffer(out var segment))
        {
            var remaining = segment.AsMemory((int)memory.Position);
            memory.Position = memory.Length;
            return FromBytes(remaining);
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // Not disposed: the returned memory is this stream's buffer.
        var buffer = source.CanSeek ? new MemoryStream((int)Math.Min(source.Length - source.Position, Array.MaxLength)) : new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while ((read = await source.ReadAsync(chunk.AsMemory(0, ChunkSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > Array.MaxLength)
                {
                    throw MlopsException.TooLarge($"The artifact is over the largest size this process can hold ({Array.MaxLength} bytes).", field);
                }

                hash.AppendData(chunk, 0, read);
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return new ArtifactContent(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
