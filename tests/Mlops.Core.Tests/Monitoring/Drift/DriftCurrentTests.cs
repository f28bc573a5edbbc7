using System.Text;
using Mlops.Core.Monitoring;
using Mlops.Core.Monitoring.Drift;
using Mlops.Core.Training.Data;
using static Mlops.Core.Tests.Monitoring.Drift.DriftTestData;

namespace Mlops.Core.Tests.Monitoring.Drift;

public sealed class DriftCurrentTests
{
    private static readonly DriftReference Reference = DriftReference.FromDataset(Dataset(
        [Numbers("age", [30, 40, 50]), Text("city", ["Oslo", "Bergen", "Oslo"])],
        Numbers("score", [0.1, 0.5, 0.9])));

    [Fact]
    public void FromPredictionLog_Rows_TypedLikeTheReference()
    {
        var current = DriftCurrent.FromPredictionLog(
            [
                Record("""[{"age":31,"city":"Oslo","extra":[1,2]},{"age":"42.5","city":"Bergen"}]""", "[0.2,0.7]"),
                Record("""[{"city":7,"age":null}]""", "[0.4]"),
            ],
            Reference);

        var age = Assert.IsType<NumericColumn>(current.FindColumn("age"));
        var city = Assert.IsType<CategoricalColumn>(current.FindColumn("city"));
        var score = Assert.IsType<NumericColumn>(current.FindColumn("score"));
        Assert.Equal(3, current.RowCount);
        Assert.Equal([31, 42.5, double.NaN], age.Values.ToArray());
        Assert.Equal(["Oslo", "Bergen", "7"], Enumerable.Range(0, 3).Select(r => city[r]));
        Assert.Equal([0.2, 0.7, 0.4], score.Values.ToArray());
        Assert.Equal(0, current.SkippedRecords);
    }

    [Fact]
    public void FromPredictionLog_WrongTypesAndMissingProperties_CountAsMissingAndInvalid()
    {
        var current = DriftCurrent.FromPredictionLog(
            [Record("""[{"age":"old","city":{"nested":true}},{"city":"Oslo"},{"age":true,"age":99}]""", "[1,2,3]")],
            Reference);

        var age = (NumericColumn)current.FindColumn("age")!;
        var city = (CategoricalColumn)current.FindColumn("city")!;
        Assert.Equal([double.NaN, double.NaN, 1], age.Values.ToArray());
        Assert.Null(city[0]);
        Assert.Equal(1, current.InvalidValues("age"));
        Assert.Equal(1, current.InvalidValues("city"));
    }

    [Fact]
    public void FromPredictionLog_UnreadableInputs_SkipsWholeRecordAndCountsIt()
    {
        var current = DriftCurrent.FromPredictionLog(
            [
                Record("""[{"age":31,"city":"Oslo"}]""", "[0.1]"),
                Record("""[{"age":32,"city":"Oslo"},{"age":33""", "[0.2,0.3]"),
                Record("""{"age":34}""", "[0.4]"),
                Record("""[5, 6]""", "[0.4, 0.5]"),
                Record("""[{"age":35,"city":"Bergen"}]""", "[0.5]"),
            ],
            Reference);

        Assert.Equal(2, current.RowCount);
        Assert.Equal(3, current.SkippedRecords);
        Assert.Equal([31.0, 35], ((NumericColumn)current.FindColumn("age")!).Values.ToArray());
        Assert.Equal([0.1, 0.5], ((NumericColumn)current.FindColumn("score")!).Values.ToArray());
    }

    [Fact]
    public void FromPredictionLog_OutputsNotRowForRow_KeepsInputsLeavesPredictionsMissing()
    {
        var current = DriftCurrent.FromPredictionLog(
            [Record("""[{"age":31},{"age":32}]""", "[0.1]"), Record("""[{"age":33}]""", "not json"), Record("""[{"age":34}]""", """[{"score":0.9}]""")],
            Reference);

        Assert.Equal(4, current.RowCount);
        Assert.Equal([31.0, 32, 33, 34], ((NumericColumn)current.FindColumn("age")!).Values.ToArray());
        Assert.Equal([double.NaN, double.NaN, double.NaN, 0.9], ((NumericColumn)current.FindColumn("score")!).Values.ToArray());
        Assert.Equal(0, current.SkippedRecords);
    }

    [Fact]
    public void FromPredictionLog_EscapedAndLongNames_AreMatched()
    {
        var longName = new string('n', 300);
        var reference = DriftReference.FromDataset(Dataset([Numbers("a\"b", [1, 2]), Numbers(longName, [1, 2])]));

        var current = DriftCurrent.FromPredictionLog([Record($$"""[{"a\"b":5,"{{longName}}":6,"a\u0022b":7}]""", "[]")], reference);

        Assert.Equal([5.0], ((NumericColumn)current.FindColumn("a\"b")!).Values.ToArray());
        Assert.Equal([6.0], ((NumericColumn)current.FindColumn(longName)!).Values.ToArray());
    }

    [Fact]
    public async Task FromPredictionLogAsync_ComputesDriftOverTheWindow()
    {
        var reference = DriftReference.FromDataset(Dataset([Numbers("age", Normal(1, 2000, 40, 10))], Numbers("score", Normal(2, 2000, 0.5, 0.1))));
        var ages = Normal(3, 400, 55, 10);
        var records = Enumerable.Range(0, 100).Select(i =>
            Record(
                $"[{string.Join(",", Enumerable.Range(0, 4).Select(k => $"{{\"age\":{ages[(i * 4) + k].ToString(System.Globalization.CultureInfo.InvariantCulture)}}}"))}]",
                "[0.5,0.5,0.5,0.5]"));

        var current = await DriftCurrent.FromPredictionLogAsync(records.ToAsyncEnumerable(), reference);
        var result = DriftCalculator.Compute(reference, current);

        Assert.Equal(400, result.CurrentRows);
        Assert.True(result.Features[0].Drifted);
        Assert.True(result.DatasetDrift);
        Assert.True(result.PredictionDrift);
    }

    [Fact]
    public void FromColumns_DifferentLengths_Throws()
    {
        Assert.Throws<ArgumentException>(() => DriftCurrent.FromColumns([Numbers("a", [1, 2]), Numbers("b", [1])]));
    }

    private static PredictionRecord Record(string inputs, string outputs) =>
        new("r", DateTimeOffset.UnixEpoch, "m", 1, null, 0, Encoding.UTF8.GetBytes(inputs), Encoding.UTF8.GetBytes(outputs), 1);
}
