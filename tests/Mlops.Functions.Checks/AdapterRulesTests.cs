using Microsoft.CodeAnalysis.CSharp;
using Mlops.Functions.Checks.Infrastructure;

namespace Mlops.Functions.Checks;

/// <summary>Functions stay adapters: short, and no Azure SDK (the core owns storage).</summary>
public sealed class AdapterRulesTests
{
    [Fact]
    public void FunctionsApp_FunctionsAreThin()
    {
        var problems = AdapterRules.ThickFunctions(FunctionsProject.Current.Sources);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void ThickFunctions_LongBody_Reported()
    {
        var statements = string.Concat(Enumerable.Range(0, AdapterRules.MaxStatements + 1).Select(i => $"        var x{i} = {i};\n"));
        var source = $$"""
            public static class Functions
            {
                [Function("Long")]
                public static int Long([ActivityTrigger] int input)
                {
            {{statements}}
                    return input;
                }

                [Function("Short")]
                public static int Short([ActivityTrigger] int input)
                {
                    var doubled = input * 2;
                    return doubled;
                }
            }
            """;

        var problems = AdapterRules.ThickFunctions([CSharpSyntaxTree.ParseText(source, path: "Functions.cs")]);

        var problem = Assert.Single(problems);
        Assert.Contains("Long:", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FunctionsApp_DoesNotUseAzureSdk()
    {
        var problems = AdapterRules.AzureSdkUses(FunctionsProject.Current);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [InlineData("TableCall", "Azure.Data.Tables", """
        namespace Mlops.Functions;

        public static class SdkUse
        {
            public static void Run() => new Azure.Data.Tables.TableClient("UseDevelopmentStorage=true", "models").CreateIfNotExists();
        }
        """)]
    [InlineData("BlobRead", "Azure.Storage.Blobs", """
        using Azure.Storage.Blobs;
        using Microsoft.Azure.Functions.Worker;

        namespace Mlops.Functions;

        public static class SdkUse
        {
            [Function("Drop")]
            public static Task Drop([BlobTrigger("training-data/{name}", Source = BlobTriggerSource.EventGrid)] BlobClient blob) =>
                blob.DownloadContentAsync();
        }
        """)]
    public void AzureSdkUses_SdkCall_Reported(string example, string assembly, string source)
    {
        var project = FunctionsProject.FromSources([($"{example}.cs", source)]);

        var problems = AdapterRules.AzureSdkUses(project);

        Assert.Contains(problems, p => p.StartsWith($"{example}.cs:", StringComparison.Ordinal) && p.Contains(assembly, StringComparison.Ordinal));
    }

    [Fact]
    public void AzureSdkUses_TriggerParameterType_Allowed()
    {
        const string source = """
            using Azure.Storage.Blobs;
            using Microsoft.Azure.Functions.Worker;

            namespace Mlops.Functions;

            public static class BlobBinding
            {
                [Function("Drop")]
                public static Task Drop([BlobTrigger("training-data/{name}", Source = BlobTriggerSource.EventGrid)] BlobClient blob, string name) =>
                    Task.CompletedTask;
            }
            """;
        var project = FunctionsProject.FromSources([("BlobBinding.cs", source)]);

        var problems = AdapterRules.AzureSdkUses(project);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
