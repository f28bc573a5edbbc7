using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mlops.Server.Tests.Infrastructure;
using Parquet;
using Parquet.Schema;

namespace Mlops.Server.Tests.Training;

/// <summary><c>POST /api/train</c> through the real server pipeline against Azurite.</summary>
public sealed class TrainApiTests : IClassFixture<ServerFactory>
{
    private const int MaxRows = 1000;
    private readonly ServerFactory _factory;

    public TrainApiTests(ServerFactory factory)
    {
        _factory = factory;

        // Read when the server is first built (by the first test to make a client); every test sets the same value.
        _factory.Settings["Training:MaxRows"] = MaxRows.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _factory.Settings["SOURCE_REVISION"] = "0123abc";
    }

    [Fact]
    public async Task Train_ChurnCsv_Is201WithTheRegisteredUnpromotedVersionRunsAndBaseline()
    {
        using var admin = _factory.CreateAdminClient();
        using var reader = _factory.CreateFunctionClient();
        var model = TrainingUploads.NewName("churn");
        var data = await TrainingUploads.UploadAsync(_factory, $"{model}/data.csv", await TrainingUploads.ChurnCsvAsync(600));

        using var response = await admin.PostAsJsonAsync("/api/train", new
        {
            model,
            data,
            label = "churned",
            seed = 2,
            trainers = new object[]
            {
                new { trainer = "lightgbm", parameters = new { numberOfIterations = 20 }, search = new { numberOfLeaves = new[] { 4, 8 } } },
                new { trainer = "linear" },
            },
            tags = new { team = "growth" },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/models/{model}/versions/1", response.Headers.Location?.OriginalString);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, body.GetProperty("version").GetProperty("version").GetInt32());
        Assert.Equal("growth", body.GetProperty("version").GetProperty("tags").GetProperty("team").GetString());
        Assert.Equal(3, body.GetProperty("runIds").GetArrayLength());
        Assert.Contains(body.GetProperty("runIds").EnumerateArray(), r => r.GetString() == body.GetProperty("bestRunId").GetString());
        var metric = body.GetProperty("metric");
        Assert.Equal(("auc", "maximize"), (metric.GetProperty("name").GetString(), metric.GetProperty("goal").GetString()));
        Assert.Equal(0.5, metric.GetProperty("baseline").GetDouble());
        Assert.True(metric.GetProperty("test").GetDouble() > metric.GetProperty("baseline").GetDouble());
        Assert.Equal("binary-classification", body.GetProperty("task").GetString());
        var confusion = body.GetProperty("testConfusionMatrix");
        Assert.Equal(["false", "true"], confusion.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(
            body.GetProperty("rows").GetProperty("test").GetInt64(),
            confusion.GetProperty("counts").EnumerateArray().Sum(row => row.EnumerateArray().Sum(c => c.GetInt64())));

        var lineage = await reader.GetFromJsonAsync<JsonElement>($"/api/models/{model}/versions/1/lineage");
        Assert.Equal("0123abc", lineage.GetProperty("lineage").GetProperty("codeRevision").GetString());
        Assert.Equal(body.GetProperty("bestRunId").GetString(), lineage.GetProperty("lineage").GetProperty("runId").GetString());
        Assert.Equal(body.GetProperty("dataDigest").GetString(), lineage.GetProperty("lineage").GetProperty("trainingDataDigest").GetString());
        Assert.True(lineage.GetProperty("lineage").GetProperty("environment").TryGetProperty("Microsoft.ML.OnnxRuntime", out _));
        var registered = await reader.GetFromJsonAsync<JsonElement>($"/api/models/{model}");
        Assert.Empty(registered.GetProperty("aliases").EnumerateObject());
        using var champion = await reader.GetAsync($"/api/models/{model}/aliases/champion");
        Assert.Equal(HttpStatusCode.NotFound, champion.StatusCode);

        var profile = await reader.GetFromJsonAsync<JsonElement>($"/api/models/{model}/versions/1/profile");
        Assert.Equal(600, profile.GetProperty("rowCount").GetInt64());
        Assert.Contains(profile.GetProperty("features").EnumerateArray(), f => f.GetProperty("name").GetString() == "contract" && f.GetProperty("categories").GetArrayLength() == 3);
    }

    [Fact]
    public async Task GetProfile_VersionRegisteredWithoutTraining_Is404()
    {
        using var admin = _factory.CreateAdminClient();
        var model = TrainingUploads.NewName("upload");
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Mlops.Core.Tests.Registry.RegistryTestModels.Model(model)), "model", "model.onnx");
        (await admin.PostAsync($"/api/models/{model}/versions", form)).Dispose();

        using var response = await admin.GetAsync($"/api/models/{model}/versions/1/profile");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no training profile", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty", HttpStatusCode.UnprocessableEntity, "data", "empty")]
    [InlineData("header-only", HttpStatusCode.UnprocessableEntity, "data", "no data rows")]
    [InlineData("missing-label", HttpStatusCode.BadRequest, "churned", "'churned' is not in the data")]
    [InlineData("one-class", HttpStatusCode.UnprocessableEntity, "churned", "only one value")]
    [InlineData("all-missing", HttpStatusCode.UnprocessableEntity, "empty1", "declare it ignored")]
    [InlineData("parquet-binary", HttpStatusCode.UnprocessableEntity, "blob", "binary")]
    [InlineData("bad-search", HttpStatusCode.BadRequest, "trainers[0].search.numberOfLeaves", "must be an integer in [2, 1024]; got 1")]
    [InlineData("too-many-rows", HttpStatusCode.RequestEntityTooLarge, "data", "1,001 rows")]
    public async Task Train_BadInput_ClearErrorAndNothingRegisteredOrRun(string input, HttpStatusCode status, string field, string message)
    {
        using var admin = _factory.CreateAdminClient();
        var model = TrainingUploads.NewName("bad");
        var (file, bytes) = input switch
        {
            "empty" => ("data.csv", Array.Empty<byte>()),
            "header-only" => ("data.csv", "age,plan,churned\n"u8.ToArray()),
            "missing-label" => ("data.csv", "age,Churned\n30,true\n40,false\n"u8.ToArray()),
            "one-class" => ("data.csv", "age,churned\n30,yes\n40,yes\n50,yes\n"u8.ToArray()),
            "all-missing" => ("data.csv", "empty1,empty2,churned\n,,true\n,NA,false\n"u8.ToArray()),
            "parquet-binary" => ("data.parquet", await ParquetWithBinaryColumnAsync()),
            "too-many-rows" => ("data.csv", await TrainingUploads.ChurnCsvAsync(MaxRows + 1)),
            _ => ("data.csv", await TrainingUploads.ChurnCsvAsync(50)),
        };
        var data = await TrainingUploads.UploadAsync(_factory, $"{model}/{file}", bytes);
        object search = input == "bad-search" ? new { numberOfLeaves = new[] { 8, 1 } } : new { numberOfLeaves = new[] { 8 } };

        using var response = await admin.PostAsJsonAsync("/api/train", new { model, data, label = "churned", trainers = new[] { new { trainer = "lightgbm", search } } });

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Contains(message, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var registered = await admin.GetAsync($"/api/models/{model}");
        Assert.Equal(HttpStatusCode.NotFound, registered.StatusCode);
        using var runs = await admin.GetAsync($"/api/experiments/{model}/runs");
        Assert.Equal(HttpStatusCode.NotFound, runs.StatusCode);
    }

    [Theory]
    [InlineData("""{"model": "m", "data": "blob://training-data/m.csv", "label": "y", "trainers": [{"trainer": "lightgbm", "search": {"numberOfLeaves": "many"}}]}""", "$.trainers[0].search.numberOfLeaves")]
    [InlineData("""{"model": "m", "data": "blob://training-data/m.csv", "label": "y", "seeed": 3}""", "$.seeed")]
    [InlineData("""{"model": "m", "label": "y"}""", "data")]
    [InlineData("""{"model": "m", "data": "/etc/passwd", "label": "y"}""", "data")]
    public async Task Train_MalformedRequest_Is400NamingTheField(string json, string field)
    {
        using var admin = _factory.CreateAdminClient();

        using var response = await admin.PostAsync("/api/train", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Train_FunctionKey_Is403()
    {
        using var reader = _factory.CreateFunctionClient();

        using var response = await reader.PostAsJsonAsync("/api/train", new { model = "m" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static async Task<byte[]> ParquetWithBinaryColumnAsync()
    {
        var x = new DataField<double>("x");
        var blob = new DataField<byte[]>("blob");
        var y = new DataField<bool>("churned");
        using var file = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(x, blob, y), file))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<double>(x, new[] { 1.5, 2.5 }, null, null, default);
            await group.WriteAsync(blob, new[] { new byte[] { 1 }, new byte[] { 2 } }, null);
            await group.WriteAsync<bool>(y, new[] { true, false }, null, null, default);
        }

        return file.ToArray();
    }
}
