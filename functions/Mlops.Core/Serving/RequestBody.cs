using System.Buffers;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Serving;

/// <summary>A request body read into a pooled array (the dispatcher's stream already enforces the size limit).</summary>
internal sealed class RequestBody : IDisposable
{
    private const int DefaultSize = 4096;
    private byte[] _buffer;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public static async ValueTask<RequestBody> ReadAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        // One byte more than announced, so the read that sees the end needs no larger buffer.
        var size = request.ContentLength is > 0 and < 64 * 1024 * 1024 ? (int)request.ContentLength.Value + 1 : DefaultSize;
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        if (length == 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw MlopsException.Validation("The request body is empty; send a JSON document.", "body");
        }

        return new RequestBody(buffer, length);
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
