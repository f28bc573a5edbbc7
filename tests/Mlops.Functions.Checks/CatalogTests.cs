using Microsoft.CodeAnalysis.CSharp;
using Mlops.Core.Api;
using Mlops.Core.Hosting;
using Mlops.Functions.Checks.Infrastructure;

namespace Mlops.Functions.Checks;

/// <summary>The Functions app declares exactly the catalog's functions, with the catalog's routes, schedules and paths.</summary>
public sealed class CatalogTests
{
    // One entry of each kind, and a source that declares each correctly; the cases below break one thing at a time.
    private static readonly CatalogSnapshot Catalog = new(
        [new HttpFunction("Predict", "post", "api/models/{name}/predict", AccessLevel.Function)],
        [new TimerFunction("DriftCheck", "Drift__Schedule", "0 0 * * * *")],
        [new BlobFunction("TrainOnDrop", "training-data/{name}")],
        ["Training"],
        ["ValidateData"]);

    private const string Complete = """
        public static class Functions
        {
            [Function(nameof(Predict))]
            public static IActionResult Predict(
                [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/models/{name}/predict")] HttpRequest request) =>
                new ApiActionResult(nameof(Predict));

            [Function("DriftCheck")]
            public static Task DriftCheck([TimerTrigger("%Drift__Schedule%")] TimerInfo timer) => Task.CompletedTask;

            [Function("TrainOnDrop")]
            public static Task TrainOnDrop(
                [BlobTrigger("training-data/{name}", Source = BlobTriggerSource.EventGrid)] Stream blob, string name) => Task.CompletedTask;

            [Function("Training")]
            public static Task<string> Training([OrchestrationTrigger] TaskOrchestrationContext context) => Task.FromResult("");

            [Function("ValidateData")]
            public static string ValidateData([ActivityTrigger] string input) => input;
        }
        """;

    [Fact]
    public void FunctionsApp_MatchesFunctionCatalog()
    {
        var functions = FunctionDeclarations.Read(FunctionsProject.Current.Sources);

        var problems = CatalogComparer.Compare(functions, CatalogSnapshot.Current);

        Assert.Equal(FunctionCatalog.Http.Count, functions.Count(f => f.Trigger == TriggerKind.Http));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Compare_EveryKindDeclaredAsCataloged_NoProblems()
    {
        var problems = Check(Complete);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [InlineData("Route = \"api/models/{name}/predict\"", "Route = \"api/models/{name}/score\"", "route is 'api/models/{name}/score'")]
    [InlineData("Route = \"api/models/{name}/predict\"", "", "route is '(none)'")]
    [InlineData("\"post\", Route", "\"get\", Route", "methods are [get]")]
    [InlineData("\"post\", Route", "\"get\", \"post\", Route", "methods are [get, post]")]
    [InlineData("AuthorizationLevel.Function", "AuthorizationLevel.Anonymous", "authorization level is 'Anonymous'")]
    [InlineData("[Function(nameof(Predict))]", "[Function(\"Score\")]", "Score: has an HttpTrigger but is not in FunctionCatalog.Http")]
    [InlineData("[Function(nameof(Predict))]", "[Function(\"Score\")]", "FunctionCatalog.Http entry 'Predict' (post api/models/{name}/predict) has no")]
    [InlineData("\"%Drift__Schedule%\"", "\"0 0 * * * *\"", "schedule is '0 0 * * * *'")]
    [InlineData("[Function(\"DriftCheck\")]", "[Function(\"Drift\")]", "Drift: has a TimerTrigger but is not in FunctionCatalog.Timers")]
    [InlineData("[Function(\"DriftCheck\")]", "[Function(\"Drift\")]", "FunctionCatalog.Timers entry 'DriftCheck' (%Drift__Schedule%) has no")]
    [InlineData(", Source = BlobTriggerSource.EventGrid", "", "blob trigger source is '(default: polling)'")]
    [InlineData("BlobTrigger(\"training-data/{name}\"", "BlobTrigger(\"scoring-input/{name}\"", "blob path is 'scoring-input/{name}'")]
    [InlineData("[Function(\"TrainOnDrop\")]", "[Function(\"Drop\")]", "FunctionCatalog.Blobs entry 'TrainOnDrop' (training-data/{name}) has no")]
    [InlineData("[Function(\"Training\")]", "[Function(\"Train\")]", "Train: has an OrchestrationTrigger but is not in FunctionCatalog.Workflows")]
    [InlineData("[Function(\"Training\")]", "[Function(\"Train\")]", "FunctionCatalog.Workflows entry 'Training' (workflow) has no")]
    [InlineData("[Function(\"ValidateData\")]", "[Function(\"Validate\")]", "Validate: has an ActivityTrigger but is not in FunctionCatalog.Activities")]
    [InlineData("[Function(\"ValidateData\")]", "[Function(\"Validate\")]", "FunctionCatalog.Activities entry 'ValidateData' (activity) has no")]
    [InlineData("[Function(\"ValidateData\")]", "[Function(\"Training\")]", "'Training' is declared 2 times")]
    [InlineData("[OrchestrationTrigger]", "[ActivityTrigger]", "Training: has an ActivityTrigger but is not in FunctionCatalog.Activities")]
    [InlineData("[ActivityTrigger] string input", "[EventGridTrigger] string input", "is triggered by [EventGridTrigger], which the catalog has no list for")]
    [InlineData("[ActivityTrigger] string input", "string input", "has 0 trigger parameters")]
    [InlineData("Route = \"api/models/{name}/predict\"", "Route = Routes.Predict", "spells the HttpTrigger Route as 'Routes.Predict'")]
    [InlineData("[Function(\"ValidateData\")]", "[Function(Names.Validate)]", "names itself with 'Names.Validate'")]
    public void Compare_OneThingBroken_Reported(string find, string replace, string expected)
    {
        Assert.Contains(find, Complete, StringComparison.Ordinal);

        var problems = Check(Complete.Replace(find, replace, StringComparison.Ordinal));

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_QualifiedAttributeNames_AreRecognized()
    {
        var source = Complete
            .Replace("[Function(", "[Microsoft.Azure.Functions.Worker.FunctionAttribute(", StringComparison.Ordinal)
            .Replace("[HttpTrigger(", "[HttpTriggerAttribute(", StringComparison.Ordinal);

        var problems = Check(source);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static IReadOnlyList<string> Check(string source) =>
        CatalogComparer.Compare(FunctionDeclarations.Read([CSharpSyntaxTree.ParseText(source, path: "Functions.cs")]), Catalog);
}
