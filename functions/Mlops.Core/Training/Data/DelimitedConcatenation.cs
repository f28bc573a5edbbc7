using Mlops.Core.Diagnostics;

namespace Mlops.Core.Training.Data;

/// <summary>
/// Writes several CSV or TSV files as one: the first file's header once, then every file's rows in order. Each file's
/// header must equal the first's (same columns, same order), else a 422 naming the file, so rows never shift columns.
/// </summary>
internal static class DelimitedConcatenation
{
    public static async Task AppendAsync(Stream input, Stream output, string location, State state, long maxBytes, CancellationToken cancellationToken)
    {
        var header = await ReadHeaderAsync(input, cancellationToken).ConfigureAwait(false);
        if (state.Header is null)
        {
            state.Header = header;
            state.HeaderLocation = location;
            await WriteAsync(output, System.Text.Encoding.UTF8.GetBytes(header + "\n"), state, maxBytes, cancellationToken).ConfigureAwait(false);
        }
        else if (!string.Equals(state.Header, header, StringComparison.Ordinal))
        {
            throw MlopsException.Unprocessable(
                $"'{location}' has the header '{header}' but '{state.HeaderLocation}' has '{state.Header}'; files read as one data set " +
                "(training.dataWindow) need the same columns in the same order. Fix or remove that file.",
                "location");
        }

        var buffer = new byte[81920];
        var lastByte = (byte)'\n';
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await WriteAsync(output, buffer.AsMemory(0, read), state, maxBytes, cancellationToken).ConfigureAwait(false);
            lastByte = buffer[read - 1];
        }

        if (lastByte != '\n')
        {
            await WriteAsync(output, "\n"u8.ToArray(), state, maxBytes, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteAsync(Stream output, ReadOnlyMemory<byte> bytes, State state, long maxBytes, CancellationToken cancellationToken)
    {
        state.Bytes += bytes.Length;
        if (state.Bytes > maxBytes)
        {
            throw MlopsException.TooLarge(
                $"The files read as one data set are larger than the {maxBytes} bytes allowed ({DataIntakeOptions.SectionName}:MaxDataBytes); shorten training.dataWindow.",
                "location");
        }

        await output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    // Byte by byte up to the first line feed, so the rest of the stream is copied untouched; a UTF-8 BOM and a CR are dropped.
    private static async Task<string> ReadHeaderAsync(Stream input, CancellationToken cancellationToken)
    {
        using var line = new MemoryStream();
        var one = new byte[1];
        while (await input.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 1 && one[0] != '\n')
        {
            line.WriteByte(one[0]);
        }

        var text = System.Text.Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length);
        return text.TrimStart('\uFEFF').TrimEnd('\r');
    }

    /// <summary>What the files so far established: the header and where it came from, and the bytes written.</summary>
    internal sealed class State
    {
        public string? Header { get; set; }

        public string? HeaderLocation { get; set; }

        public long Bytes { get; set; }
    }
}
