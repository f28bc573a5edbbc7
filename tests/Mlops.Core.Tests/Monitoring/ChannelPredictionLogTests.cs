using Microsoft.Extensions.Options;
using Mlops.Core.Diagnostics;
using Mlops.Core.Monitoring;

namespace Mlops.Core.Tests.Monitoring;

public sealed class ChannelPredictionLogTests
{
    [Fact]
    public async Task AppendAsync_BufferFull_WaitsUntilTheWriterTakesOne()
    {
        var log = Create(capacity: 1);
        await log.AppendAsync(PredictionLogTestData.Record("a"));

        var pending = log.AppendAsync(PredictionLogTestData.Record("b")).AsTask();
        var stillPending = !pending.IsCompleted;
        Assert.True(log.Reader.TryRead(out var taken));
        await pending;

        Assert.True(stillPending);
        Assert.Equal("a", taken.RequestId);
        Assert.True(log.Reader.TryRead(out var next));
        Assert.Equal("b", next.RequestId);
    }

    [Fact]
    public async Task AppendAsync_AfterComplete_ThrowsUnavailable()
    {
        var log = Create(capacity: 10);
        log.Complete();

        var error = await Assert.ThrowsAsync<MlopsException>(() => log.AppendAsync(PredictionLogTestData.Record("a")).AsTask());

        Assert.Equal(ErrorCategory.Unavailable, error.Category);
    }

    [Fact]
    public async Task AppendAsync_CancelledWhileFull_ThrowsAndDoesNotBuffer()
    {
        var log = Create(capacity: 1);
        await log.AppendAsync(PredictionLogTestData.Record("a"));
        using var cancellation = new CancellationTokenSource();

        var pending = log.AppendAsync(PredictionLogTestData.Record("b"), cancellation.Token).AsTask();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.True(log.Reader.TryRead(out _));
        Assert.False(log.Reader.TryRead(out _));
    }

    [Fact]
    public async Task AppendAsync_NullRecord_Throws()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => Create().AppendAsync(null!).AsTask());
    }

    [Theory]
    [InlineData("{\"x\":1}", "[0]")]
    [InlineData("[1]", "")]
    [InlineData("[1]", "0")]
    public async Task AppendAsync_InputsOrOutputsNotArrays_Throws(string inputs, string outputs)
    {
        var record = PredictionLogTestData.Record("a") with { Inputs = System.Text.Encoding.UTF8.GetBytes(inputs), Outputs = System.Text.Encoding.UTF8.GetBytes(outputs) };

        await Assert.ThrowsAsync<ArgumentException>(() => Create().AppendAsync(record).AsTask());
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public async Task AppendAsync_NonFiniteLatency_Throws(double latency)
    {
        var record = PredictionLogTestData.Record("a") with { LatencyMs = latency };

        await Assert.ThrowsAsync<ArgumentException>(() => Create().AppendAsync(record).AsTask());
    }

    [Fact]
    public async Task AppendAsync_ModelNameWithSlash_ThrowsValidationNamingModel()
    {
        var record = PredictionLogTestData.Record("a", model: "../other");

        var error = await Assert.ThrowsAsync<MlopsException>(() => Create().AppendAsync(record).AsTask());

        Assert.Equal("model", error.Field);
    }

    private static ChannelPredictionLog Create(int capacity = 10) =>
        new(Options.Create(new PredictionLogOptions { Capacity = capacity }));
}
