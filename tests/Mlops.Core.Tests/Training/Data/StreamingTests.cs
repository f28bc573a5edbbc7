using Mlops.Core.Training.Data;
using Mlops.Core.Training.Demo;

namespace Mlops.Core.Tests.Training.Data;

public sealed class StreamingTests
{
    [Fact]
    public async Task ReadAsync_LargeCsvFromForwardOnlyStream_IsReadInOnePassOfSmallChunks()
    {
        const int rows = 200_000;
        var path = Path.Combine(Path.GetTempPath(), $"mlops-streaming-{Guid.NewGuid():N}.csv");
        try
        {
            await using (var output = File.Create(path))
            {
                await ChurnDataGenerator.WriteCsvAsync(output, rows, seed: 42);
            }

            await using var file = File.OpenRead(path);
            var source = new ForwardOnlyStream(file);

            var result = await DatasetReader.ReadAsync(source, DataFormat.Csv, TestFiles.Label(ChurnDataGenerator.LabelColumn));

            Assert.Equal(rows, result.Data.RowCount);

            // One forward pass (the stream cannot seek, so nothing was re-read), in chunks far smaller than the file:
            // the reader never asked for the whole text at once.
            Assert.Equal(file.Length, source.BytesRead);
            Assert.InRange(source.LargestRead, 1, 1 << 20);
            Assert.True(source.Reads > file.Length / (1 << 20), $"{source.Reads} reads of a {file.Length}-byte file");

            // Text is dictionary-encoded as it arrives: each row keeps a code, each distinct value one string.
            Assert.Equal(ChurnDataGenerator.Contracts.Order(StringComparer.Ordinal), ((CategoricalColumn)result.Data.GetColumn("contract")).Categories);
            Assert.Equal(ChurnDataGenerator.PaymentMethods.Count, ((CategoricalColumn)result.Data.GetColumn("payment_method")).Categories.Count);
            Assert.IsType<NumericColumn>(result.Data.GetColumn("monthly_charges"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A read-only stream that cannot seek or tell its length, and records how it was read.</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public int LargestRead { get; private set; }

        public int Reads { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Record(inner.Read(buffer, offset, count), count);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Record(await inner.ReadAsync(buffer, cancellationToken), buffer.Length);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Record(int read, int requested)
        {
            Reads++;
            BytesRead += read;
            LargestRead = Math.Max(LargestRead, requested);
            return read;
        }
    }
}
