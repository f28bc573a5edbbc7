using Mlops.Functions.Checks.Infrastructure;

namespace Mlops.Functions.Checks;

/// <summary>
/// functions/Mlops.Functions compiled against the real Mlops.Core and Mlops.AspNetCore: every call into them is checked,
/// and only "a Functions/DurableTask package is missing" is tolerated (<see cref="MissingFunctionsApi"/>).
/// </summary>
public sealed class CompileTests
{
    [Fact]
    public void Sources_CompiledAgainstMlops_OnlyMissPackages()
    {
        var project = FunctionsProject.Current;

        var unexpected = project.UnexpectedDiagnostics();

        Assert.Contains(project.Sources, tree => Path.GetFileName(tree.FilePath) == "Program.cs");
        Assert.True(unexpected.Count == 0,
            "functions/Mlops.Functions does not compile:" + Environment.NewLine + FunctionsProject.Describe(unexpected) + Environment.NewLine +
            "If a CS0246/CS0103 names a type of the Functions or DurableTask packages, add it to MissingFunctionsApi.TypeNames.");
    }

    [Theory]
    [InlineData("WrongArgument", "CS1503", """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Azure.Functions.Worker;
        using Mlops.AspNetCore;

        namespace Mlops.Functions;

        public static class Broken
        {
            [Function("Broken")]
            public static IActionResult Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "broken")] HttpRequest request) =>
                new ApiActionResult(1);
        }
        """)]
    [InlineData("MisspelledMlopsType", "CS0246", """
        using Microsoft.AspNetCore.Mvc;
        using Mlops.AspNetCore;

        namespace Mlops.Functions;

        public static class Broken
        {
            public static IActionResult Run() => new ApiActionResul("Health");
        }
        """)]
    [InlineData("MisspelledMlopsNamespace", "CS0234", """
        using Mlops.Cor.Hosting;

        namespace Mlops.Functions;

        public static class Broken
        {
            public static int Count() => 0;
        }
        """)]
    [InlineData("MisspelledMlopsMember", "CS1061", """
        using Microsoft.Extensions.Hosting;
        using Mlops.Core;

        namespace Mlops.Functions;

        public static class Broken
        {
            public static void Configure(IHostApplicationBuilder builder) => builder.AddMlopsCor();
        }
        """)]
    [InlineData("WrongArgumentType", "CS1503", """
        using Mlops.Core.Hosting;

        namespace Mlops.Functions;

        public static class Broken
        {
            public static string Route() => FunctionCatalog.GetHttp(42).Route;
        }
        """)]
    [InlineData("MisspelledFunctionsAttribute", "CS0246", """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Azure.Functions.Worker;
        using Mlops.AspNetCore;

        namespace Mlops.Functions;

        public static class Broken
        {
            [Function("Broken")]
            public static IActionResult Run([HttpTriger(AuthorizationLevel.Function, "get", Route = "broken")] HttpRequest request) =>
                new ApiActionResult("Broken");
        }
        """)]
    [InlineData("NullableWarning", "CS8600", """
        namespace Mlops.Functions;

        public static class Broken
        {
            public static int Length(string? text)
            {
                string value = text;
                return value.Length;
            }
        }
        """)]
    public void BrokenSource_IsReported(string example, string expectedId, string source)
    {
        var project = FunctionsProject.FromSources([($"{example}.cs", source)]);

        var unexpected = project.UnexpectedDiagnostics();

        Assert.Contains(unexpected, d => d.Id == expectedId && Path.GetFileName(d.Location.SourceTree?.FilePath) == $"{example}.cs");
    }

    [Fact]
    public void FunctionsAndDurableSource_IsAccepted()
    {
        // What later issues add (timers, blob drops, workflows, activities, a durable client) must pass the filter when
        // the calls into Mlops are right, or the check would push them to weaken it.
        const string source = """
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Azure.Functions.Worker;
            using Microsoft.DurableTask;
            using Microsoft.DurableTask.Client;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Logging;
            using Mlops.Core.Hosting;

            namespace Mlops.Functions;

            public static class Accepted
            {
                [Function("AcceptedWorkflow")]
                public static async Task<string> Workflow([OrchestrationTrigger] TaskOrchestrationContext context)
                {
                    var retry = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(5)));
                    return await context.CallActivityAsync<string>(nameof(Activity), FunctionCatalog.GetHttp("Health").Route, options: retry);
                }

                [Function(nameof(Activity))]
                public static string Activity([ActivityTrigger] string route, FunctionContext context)
                {
                    context.GetLogger(nameof(Activity)).LogInformation("Activity for {Route}", route);
                    return route;
                }

                [Function("AcceptedTimer")]
                public static Task Timer([TimerTrigger("%Drift__Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
                    Task.Delay(timer.ScheduleStatus is null ? 0 : 1, cancellationToken);

                [Function("AcceptedBlob")]
                public static Task Blob(
                    [BlobTrigger("training-data/{name}", Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] Stream blob,
                    string name) => Task.CompletedTask;

                [Function("AcceptedStart")]
                public static async Task<IActionResult> Start(
                    [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "accepted/{workflow}")] HttpRequest request,
                    [DurableClient] DurableTaskClient client,
                    string workflow)
                {
                    var instanceId = await client.ScheduleNewOrchestrationInstanceAsync(workflow, new StartOrchestrationOptions(InstanceId: "id"));
                    return new AcceptedResult(string.Empty, client.CreateHttpManagementPayload(instanceId, request));
                }

                public static IServiceCollection AddTelemetry(IServiceCollection services) =>
                    services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
            }
            """;
        var project = FunctionsProject.FromSources([("Accepted.cs", source)]);

        var unexpected = project.UnexpectedDiagnostics().Where(d => Path.GetFileName(d.Location.SourceTree?.FilePath) == "Accepted.cs").ToList();

        Assert.True(unexpected.Count == 0, FunctionsProject.Describe(unexpected));
    }
}
