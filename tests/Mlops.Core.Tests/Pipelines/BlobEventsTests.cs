using Mlops.Core.Pipelines.Triggers;

namespace Mlops.Core.Tests.Pipelines;

public sealed class BlobEventsTests
{
    [Theory]
    [InlineData("/blobServices/default/containers/training-data/blobs/churn/a.csv", "training-data", "churn/a.csv")]
    [InlineData("/blobServices/default/containers/c/blobs/x", "c", "x")]
    public void TryParseSubject_BlobSubject_SplitsContainerAndName(string subject, string container, string name)
    {
        var parsed = BlobEvents.TryParseSubject(subject, out var actualContainer, out var actualName);

        Assert.True(parsed);
        Assert.Equal(container, actualContainer);
        Assert.Equal(name, actualName);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/blobServices/default/containers/c")]
    [InlineData("/blobServices/default/containers/c/blobs/")]
    [InlineData("/blobServices/default/containers//blobs/x")]
    [InlineData("/fileServices/default/shares/s/files/x")]
    public void TryParseSubject_OtherSubject_IsFalse(string? subject)
    {
        Assert.False(BlobEvents.TryParseSubject(subject, out _, out _));
    }

    [Theory]
    [InlineData("\"0x8D4BCC2E4835CD0\"", "0x8D4BCC2E4835CD0")]
    [InlineData("0x8D4BCC2E4835CD0", "0x8D4BCC2E4835CD0")]
    [InlineData("W/\"0x1\"", "0x1")]
    public void NormalizeETag_QuotedOrWeak_IsBare(string etag, string expected)
    {
        Assert.Equal(expected, BlobEvents.NormalizeETag(etag));
    }

    [Fact]
    public void InstanceId_SameBlobAndETagQuotedOrNot_IsTheSame()
    {
        var fromEvent = BlobEvents.InstanceId("TrainingWorkflow", "training-data", "churn/a.csv", "0x8D1");
        var fromBlobApi = BlobEvents.InstanceId("TrainingWorkflow", "training-data", "churn/a.csv", "\"0x8D1\"");

        Assert.Equal(fromEvent, fromBlobApi);
        Assert.StartsWith("TrainingWorkflow-", fromEvent, StringComparison.Ordinal);
        Assert.Equal("TrainingWorkflow-".Length + 32, fromEvent.Length);
    }

    [Theory]
    [InlineData("training-data", "churn/b.csv", "0x8D1")]
    [InlineData("training-data", "churn/a.csv", "0x8D2")]
    [InlineData("scoring-input", "churn/a.csv", "0x8D1")]
    public void InstanceId_OtherBlobOrETag_Differs(string container, string name, string etag)
    {
        Assert.NotEqual(
            BlobEvents.InstanceId("TrainingWorkflow", "training-data", "churn/a.csv", "0x8D1"),
            BlobEvents.InstanceId("TrainingWorkflow", container, name, etag));
    }

    [Fact]
    public void ReadData_BlobCreatedData_ReadsTheFields()
    {
        var data = BinaryData.FromString("""{"api": "PutBlob", "eTag": "0x1", "url": "https://a/c/b", "contentType": "text/csv", "contentLength": 42}""");

        var (url, etag, contentType, length) = BlobEvents.ReadData(data);

        Assert.Equal(("https://a/c/b", "0x1", "text/csv", 42L), (url, etag, contentType, length));
    }
}
