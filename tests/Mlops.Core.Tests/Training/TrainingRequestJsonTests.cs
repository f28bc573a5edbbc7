using System.Text;
using System.Text.Json;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;
using Mlops.Core.Training;
using Mlops.Core.Training.Data;
using Mlops.Core.Training.Evaluation;
using Mlops.Core.Training.Sweeps;

namespace Mlops.Core.Tests.Training;

public sealed class TrainingRequestJsonTests
{
    private const string Full = """
        {
          "model": "churn",
          "data": "blob://training-data/churn/data.csv",
          "format": "csv",
          "label": "churned",
          "task": "binary-classification",
          "columns": {"customer_id": {"role": "id"}, "age": {"kind": "numeric", "minimum": 0, "maximum": 120}},
          "trainers": [
            {"trainer": "lightgbm", "parameters": {"numberOfIterations": 50},
             "search": {"numberOfLeaves": [15, 31], "learningRate": {"min": 0.02, "max": 0.3, "scale": "log"}}, "samples": 4},
            {"trainer": "linear", "search": {"l2Regularization": {"values": [0.1, 1]}}}
          ],
          "metric": "auc",
          "goal": "maximize",
          "split": {"strategy": "time", "validationFraction": 0.2, "testFraction": 0.1, "timeColumn": "signup_date"},
          "seed": 7,
          "maxCandidates": 10,
          "experiment": "churn-weekly",
          "description": "weekly",
          "tags": {"team": "growth"}
        }
        """;

    [Fact]
    public void Parse_FullRequest_ReadsEveryField()
    {
        var request = Parse(Full);

        Assert.Equal(("churn", "blob://training-data/churn/data.csv", DataFormat.Csv, "churned", "binary-classification"), (request.Model, request.Data, request.Format, request.Label, request.Task));
        Assert.Equal(ColumnRole.Id, request.Columns!["customer_id"].Role);
        Assert.Equal((ColumnKind.Numeric, 0.0, 120.0), (request.Columns["age"].Kind, request.Columns["age"].Minimum, request.Columns["age"].Maximum));
        var lightgbm = request.Trainers![0];
        Assert.Equal(("lightgbm", 50.0, 4), (lightgbm.Trainer, lightgbm.Parameters!["numberOfIterations"], lightgbm.Samples));
        Assert.Equal([15.0, 31.0], lightgbm.Search!["numberOfLeaves"].Values!);
        Assert.Equal((0.02, 0.3, SearchScale.Log), (lightgbm.Search["learningRate"].Min, lightgbm.Search["learningRate"].Max, lightgbm.Search["learningRate"].Scale));
        Assert.Equal([0.1, 1.0], request.Trainers[1].Search!["l2Regularization"].Values!);
        Assert.Equal(("auc", MetricGoal.Maximize, 7, 10), (request.Metric, request.Goal, request.Seed, request.MaxCandidates));
        Assert.Equal(new SplitOptions(SplitStrategy.Time, 0.2, 0.1, "signup_date"), request.Split);
        Assert.Equal(("churn-weekly", "weekly", "growth"), (request.Experiment, request.Description, request.Tags!["team"]));
    }

    [Fact]
    public void Serialize_ThenParse_RoundTrips()
    {
        var request = Parse(Full);

        var again = Parse(JsonSerializer.Serialize(request, MlopsJson.Options));

        Assert.Equal(JsonSerializer.Serialize(request, MlopsJson.Options), JsonSerializer.Serialize(again, MlopsJson.Options));
    }

    [Theory]
    [InlineData("""{"model": "m", "trainer": "lightgbm"}""", "trainer")]
    [InlineData("""{"model": "m", "trainers": [{"trainer": "lightgbm", "searchSpace": {}}]}""", "searchSpace")]
    [InlineData("""{"model": "m", "trainers": [{"trainer": "lightgbm", "search": {"numberOfLeaves": "31"}}]}""", "list of values")]
    [InlineData("""{"model": "m", "trainers": [{"trainer": "lightgbm", "search": {"numberOfLeaves": [15, "x"]}}]}""", "Expected a number")]
    [InlineData("""{"model": "m", "trainers": [{"trainer": "lightgbm", "search": {"learningRate": {"min": 0.1, "max": 0.2, "scale": "cubic"}}}]}""", "'scale'")]
    [InlineData("""{"model": "m", "trainers": [{"trainer": "lightgbm", "search": {"learningRate": {"low": 0.1}}}]}""", "no field 'low'")]
    [InlineData("""{"model": "m", "seed": "7"}""", "seed")]
    public void Parse_MalformedRequest_Is400(string json, string mention)
    {
        var ex = Assert.Throws<MlopsException>(() => Parse(json));

        Assert.Equal(ErrorCategory.Validation, ex.Category);
        Assert.Contains(mention, ex.Message, StringComparison.Ordinal);
    }

    private static TrainingRequest Parse(string json) => ApiRequestExtensions.ParseJson<TrainingRequest>(Encoding.UTF8.GetBytes(json));
}
