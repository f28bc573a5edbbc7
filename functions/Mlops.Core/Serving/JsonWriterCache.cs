using System.Buffers;
using System.Text.Json;

namespace Mlops.Core.Serving;

/// <summary>
/// One reusable <see cref="Utf8JsonWriter"/> and buffer per thread for the serving hot path. Rent and return within
/// one synchronous stretch of code (no await in between).
/// </summary>
internal static class JsonWriterCache
{
    private const int MaxRetainedBytes = 1024 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _cachedBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _cachedWriter;

    public static Utf8JsonWriter Rent(out ArrayBufferWriter<byte> buffer)
    {
        buffer = _cachedBuffer ?? new ArrayBufferWriter<byte>(4096);
        var writer = _cachedWriter;
        _cachedBuffer = null;
        _cachedWriter = null;
        if (writer is null)
        {
            return new Utf8JsonWriter(buffer);
        }

        writer.Reset(buffer);
        return writer;
    }

    /// <summary>Copies what was written to a new array and returns the writer for reuse.</summary>
    public static byte[] ToArrayAndReturn(Utf8JsonWriter writer, ArrayBufferWriter<byte> buffer)
    {
        writer.Flush();
        var bytes = buffer.WrittenSpan.ToArray();
        Return(writer, buffer);
        return bytes;
    }

    public static void Return(Utf8JsonWriter writer, ArrayBufferWriter<byte> buffer)
    {
        writer.Reset();
        if (buffer.Capacity > MaxRetainedBytes)
        {
            writer.Dispose();
            return;
        }

        buffer.ResetWrittenCount();
        _cachedBuffer = buffer;
        _cachedWriter = writer;
    }
}
