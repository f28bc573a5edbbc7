using System.Globalization;
using System.Text;
using System.Text.Json;
using Mlops.Core.Onnx.Samples;
using static Mlops.Core.Tests.Serving.ServingApiHost;

namespace Mlops.Core.Tests.Serving;

/// <summary>Many multi-row requests on one session at once: every prediction is the model's for its own row.</summary>
public sealed class ConcurrentPredictTests : IDisposable
{
    private readonly ServingApiHost _host = new();

    [Fact]
    public async Task Predict_ConcurrentMultiRowRequestsOnOneSession_EachGetsItsOwnRowsPredictions()
    {
        await _host.Registry.AddAsync("named", SampleModels.NamedColumns(), alias: "champion");
        var plans = NamedColumnsModel.Plans;

        var failures = await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var wrong = new List<string>();
            for (var i = 0; i < 300; i++)
            {
                var rows = Enumerable.Range(0, 1 + ((worker + i) % 3)).Select(r => (Age: worker * 10f + r, Income: i * 1f, Plan: plans[(i + r) % plans.Count])).ToArray();
                var body = new StringBuilder("""{"dataframe_split":{"columns":["age","income","plan"],"data":[""");
                body.AppendJoin(',', rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"[{r.Age},{r.Income},\"{r.Plan}\"]")));
                body.Append("]}}");
                var response = await _host.PredictAsync("named", body.ToString());
                using var json = Json(response);
                var predictions = json.RootElement.GetProperty("predictions");
                for (var r = 0; r < rows.Length; r++)
                {
                    var expected = NamedColumnsModel.Score(rows[r].Age, rows[r].Income, rows[r].Plan);
                    if (predictions[r].ValueKind != JsonValueKind.Number || Math.Abs(predictions[r].GetSingle() - expected) > 1e-2)
                    {
                        wrong.Add($"worker {worker} request {i} row {r}: {predictions[r]} instead of {expected}");
                    }
                }
            }

            return wrong;
        })));

        Assert.Empty(failures.SelectMany(f => f));
    }

    public void Dispose() => _host.Dispose();
}
