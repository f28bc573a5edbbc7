using System.Buffers;
using System.Text;
using System.Text.Json;
using Mlops.Core.Monitoring;

namespace Mlops.Core.Tests.Monitoring;

public sealed class PredictionLogFormatTests
{
    [Fact]
    public void WriteLines_Record_WritesDocumentedFieldsInOrderOnOneLine()
    {
        var record = new PredictionRecord(
            "req-1", new DateTimeOffset(2024, 3, 1, 23, 59, 59, 500, TimeSpan.Zero), "iris", 3, "champion", 2,
            """[{"x":1},{"x":2}]"""u8.ToArray(), "[0,1]"u8.ToArray(), 1.25);

        var text = Write(record);

        Assert.Equal(
            """{"requestId":"req-1","timestamp":"2024-03-01T23:59:59.5+00:00","model":"iris","version":3,"alias":"champion","rows":2,"latencyMs":1.25,"inputs":[{"x":1},{"x":2}],"outputs":[0,1]}""" + "\n",
            text);
    }

    [Fact]
    public void WriteLines_RecordWithFeatureLineage_AddsFeaturesLastAndParsesBack()
    {
        var record = PredictionLogTestData.Record("r") with { Features = """{"entities":{"id":["c1"]},"features":{"v:f":{"viewVersion":2,"values":[1.5]}}}"""u8.ToArray() };

        var text = Write(record);

        Assert.EndsWith(""","features":{"entities":{"id":["c1"]},"features":{"v:f":{"viewVersion":2,"values":[1.5]}}}}""" + "\n", text, StringComparison.Ordinal);
        var parsed = Assert.Single(PredictionLogFormat.ParseLines(Encoding.UTF8.GetBytes(text), "test"));
        Assert.Equal(record.Features.ToArray(), parsed.Features.ToArray());
        Assert.True(Assert.Single(PredictionLogFormat.ParseLines(Encoding.UTF8.GetBytes(Write(PredictionLogTestData.Record("plain"))), "test")).Features.IsEmpty);
    }

    [Fact]
    public void WriteLines_NonUtcTimestamp_WritesUtc()
    {
        var record = PredictionLogTestData.Record("r") with { Timestamp = new DateTimeOffset(2024, 3, 2, 1, 30, 0, TimeSpan.FromHours(2)) };

        using var line = JsonDocument.Parse(Write(record));

        Assert.Equal("2024-03-01T23:30:00+00:00", line.RootElement.GetProperty("timestamp").GetString());
    }

    [Fact]
    public void WriteLines_RawJsonWithLineBreaks_StaysOneLineAndParsesBack()
    {
        var record = PredictionLogTestData.Record("r") with { Inputs = "[\r\n  {\"text\": \"a\\nb\"},\n  {\"text\": \"c\"}\n]"u8.ToArray() };

        var text = Write(record);

        Assert.Equal(text.Length - 1, text.IndexOf('\n', StringComparison.Ordinal));
        var parsed = Assert.Single(PredictionLogFormat.ParseLines(Encoding.UTF8.GetBytes(text), "test"));
        using var inputs = JsonDocument.Parse(parsed.Inputs);
        Assert.Equal("a\nb", inputs.RootElement[0].GetProperty("text").GetString());
        Assert.Equal("c", inputs.RootElement[1].GetProperty("text").GetString());
    }

    [Fact]
    public void ParseLines_WrittenRecords_RoundTripEveryField()
    {
        PredictionRecord[] records =
        [
            PredictionLogTestData.Record("first"),
            new("sécond \"quoted\"", new DateTimeOffset(2024, 12, 31, 23, 0, 0, 123, TimeSpan.Zero).AddTicks(4567), "m.v-2_x", 12, null, 0,
                "[]"u8.ToArray(), "[[0.1,0.9]]"u8.ToArray(), 0.000123),
        ];
        var buffer = new ArrayBufferWriter<byte>();

        PredictionLogFormat.WriteLines(buffer, records);
        var parsed = PredictionLogFormat.ParseLines(buffer.WrittenSpan, "test");

        Assert.Equal(records.Length, parsed.Count);
        for (var i = 0; i < records.Length; i++)
        {
            AssertSameRecord(records[i], parsed[i]);
        }
    }

    [Fact]
    public void ParseLines_UnknownField_IsSkipped()
    {
        var line = """{"requestId":"r","extra":{"a":[1,2]},"timestamp":"2024-03-01T10:00:00+00:00","model":"iris","version":1,"alias":null,"rows":1,"latencyMs":2,"inputs":[1],"outputs":[2]}""";

        var record = Assert.Single(PredictionLogFormat.ParseLines(Encoding.UTF8.GetBytes(line), "test"));

        Assert.Equal("r", record.RequestId);
        Assert.Equal("[1]", Encoding.UTF8.GetString(record.Inputs.Span));
    }

    [Fact]
    public void ParseLines_MissingField_ThrowsNamingBlobLineAndField()
    {
        var content = Write(PredictionLogTestData.Record("ok")) + """{"requestId":"r","model":"iris"}""" + "\n";

        var error = Assert.Throws<InvalidDataException>(() => PredictionLogFormat.ParseLines(Encoding.UTF8.GetBytes(content), "iris/x.jsonl"));

        Assert.Contains("iris/x.jsonl line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("timestamp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BlobName_RecordHour_IsHivePartitionedAndParsesBack()
    {
        var hour = PredictionLogFormat.HourOf(new DateTimeOffset(2024, 3, 2, 1, 30, 0, TimeSpan.FromHours(2)));

        var name = PredictionLogFormat.BlobName("iris", hour, "abc", 42);

        Assert.Equal("iris/date=2024-03-01/hour=23/abc-0000000042.jsonl.gz", name);
        Assert.True(PredictionLogFormat.TryParseHour(name, out var parsed));
        Assert.Equal(hour, parsed);
    }

    [Theory]
    [InlineData("iris/date=2024-03-01/other.jsonl")]
    [InlineData("iris/date=2024-13-01/hour=23/a-1.jsonl")]
    [InlineData("iris/date=2024-03-01/hour=23/a-1.txt")]
    public void TryParseHour_ForeignName_IsFalse(string name)
    {
        Assert.False(PredictionLogFormat.TryParseHour(name, out _));
    }

    internal static void AssertSameRecord(PredictionRecord expected, PredictionRecord actual)
    {
        Assert.Equal(expected.RequestId, actual.RequestId);
        Assert.Equal(expected.Timestamp, actual.Timestamp);
        Assert.Equal(expected.Model, actual.Model);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.Alias, actual.Alias);
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.LatencyMs, actual.LatencyMs);
        Assert.Equal(Encoding.UTF8.GetString(expected.Inputs.Span), Encoding.UTF8.GetString(actual.Inputs.Span));
        Assert.Equal(Encoding.UTF8.GetString(expected.Outputs.Span), Encoding.UTF8.GetString(actual.Outputs.Span));
    }

    private static string Write(PredictionRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>();
        PredictionLogFormat.WriteLines(buffer, [record]);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
