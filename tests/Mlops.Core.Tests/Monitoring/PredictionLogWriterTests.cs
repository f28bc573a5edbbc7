using Azure;
using Mlops.Core.Monitoring;

namespace Mlops.Core.Tests.Monitoring;

public sealed class PredictionLogWriterTests
{
    [Theory]
    [InlineData(0, true)] // network failure
    [InlineData(403, true)] // role assignment not propagated yet
    [InlineData(404, true)] // container deleted; the sink recreates it
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(400, false)]
    [InlineData(409, false)]
    [InlineData(413, false)]
    public void IsTransient_StorageStatus_RetriesOnlyWhatCanRecover(int status, bool expected)
    {
        Assert.Equal(expected, PredictionLogWriter.IsTransient(new RequestFailedException(status, "test"), CancellationToken.None));
    }

    [Fact]
    public void IsTransient_ClientTimeout_IsTransientButOurCancellationIsNot()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.True(PredictionLogWriter.IsTransient(new TaskCanceledException(), CancellationToken.None));
        Assert.False(PredictionLogWriter.IsTransient(new TaskCanceledException(), cancelled.Token));
    }

    [Fact]
    public void IsTransient_Bug_IsNotRetried()
    {
        Assert.False(PredictionLogWriter.IsTransient(new InvalidOperationException(), CancellationToken.None));
        Assert.True(PredictionLogWriter.IsTransient(new AggregateException(new RequestFailedException(503, "a"), new IOException()), CancellationToken.None));
    }
}
