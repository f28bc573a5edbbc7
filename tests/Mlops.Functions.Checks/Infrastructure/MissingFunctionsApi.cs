using System.Collections.Frozen;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Mlops.Functions.Checks.Infrastructure;

/// <summary>
/// Decides which compile diagnostics of functions/Mlops.Functions only say "a Functions, DurableTask or Application
/// Insights package is missing" (this machine's feed lacks them) and which are real errors.
/// </summary>
/// <remarks>
/// Expected, and nothing else:
/// <list type="bullet">
/// <item>CS0234 (no type or namespace 'X' in namespace 'Y') when the whole dotted name starts with one of
/// <see cref="Namespaces"/>: <c>using Microsoft.Azure.Functions.Worker;</c> or a fully qualified reference.</item>
/// <item>CS0246 (type or namespace not found) and CS0103 (name does not exist) when the name is one of <see cref="TypeNames"/>:
/// the same missing type in a type position (<c>TimerInfo timer</c>, <c>[Function(...)]</c>, which Roslyn reports for both
/// <c>Function</c> and <c>FunctionAttribute</c>) or an expression position (<c>AuthorizationLevel.Admin</c>,
/// <c>FunctionsApplication.CreateBuilder(args)</c>).</item>
/// <item>CS1061 (no member or extension method 'M' on a type that exists) when M is one of <see cref="ExtensionMethods"/>: an extension
/// method a missing package adds to a type this machine has, e.g. <c>services.AddApplicationInsightsTelemetryWorkerService()</c>.</item>
/// </list>
/// Nothing else needs allowing because Roslyn reports no follow-on errors on an unresolved type: members, arguments,
/// conversions and awaits involving it are silently accepted. Matching by name rather than by code keeps a misspelled
/// Mlops type (<c>ApiActionResul</c>), namespace (<c>Mlops.Cor</c>) or member (<c>AddMlopsCor</c>) an error, and so is a
/// misspelled Functions name (<c>HttpTriger</c>), which would fail the real build too. A blind spot remains: calls made
/// on a value whose type is missing (<c>context.CallActivityAsync(...)</c> on a TaskOrchestrationContext) are not checked;
/// arguments built from Mlops types still are.
/// </remarks>
internal static class MissingFunctionsApi
{
    /// <summary>Namespaces of the packages the feed does not serve.</summary>
    public static readonly IReadOnlyList<string> Namespaces =
        ["Microsoft.Azure.Functions", "Microsoft.DurableTask", "Microsoft.ApplicationInsights"];

    /// <summary>
    /// Types those packages declare (attributes without the suffix) that the Functions app may use. Using a new one in
    /// functions/Mlops.Functions means adding it here; the check's failure message says so.
    /// </summary>
    public static readonly FrozenSet<string> TypeNames = FrozenSet.ToFrozenSet(
    [
        // Microsoft.Azure.Functions.Worker (+ .Builder, .Http, .Middleware)
        "FunctionsApplication", "FunctionsApplicationBuilder", "IFunctionsWorkerApplicationBuilder",
        "Function", "FunctionContext", "IFunctionsWorkerMiddleware", "FunctionExecutionDelegate",
        "HttpTrigger", "AuthorizationLevel", "HttpRequestData", "HttpResponseData", "FromBody",
        "TimerTrigger", "TimerInfo", "ScheduleStatus",
        "BlobTrigger", "BlobTriggerSource", "BlobInput", "BlobOutput",
        "EventGridTrigger", "EventGridOutput", "QueueTrigger", "QueueOutput",
        "FixedDelayRetry", "ExponentialBackoffRetry",

        // Microsoft.Azure.Functions.Worker.Extensions.DurableTask and Microsoft.DurableTask(.Client, .Entities)
        "OrchestrationTrigger", "ActivityTrigger", "EntityTrigger", "DurableClient",
        "TaskOrchestrationContext", "TaskActivityContext", "TaskEntityDispatcher", "DurableTaskClient",
        "TaskName", "TaskOptions", "SubOrchestrationOptions", "RetryPolicy", "TaskRetryOptions", "AsyncRetryHandler",
        "RetryContext", "StartOrchestrationOptions", "OrchestrationMetadata", "OrchestrationRuntimeStatus",
        "OrchestrationQuery", "PurgeResult", "PurgeInstancesFilter", "TerminateInstanceOptions", "HttpManagementPayload",
        "TaskFailedException", "TaskFailureDetails",
    ], StringComparer.Ordinal);

    /// <summary>
    /// Extension methods those packages add to types that exist here (IServiceCollection, IHostBuilder). Extension methods
    /// on their own types (<c>client.CreateHttpManagementPayload</c>) need no entry: the receiver is unresolved.
    /// </summary>
    public static readonly FrozenSet<string> ExtensionMethods = FrozenSet.ToFrozenSet(
    [
        "AddApplicationInsightsTelemetryWorkerService", "ConfigureFunctionsApplicationInsights",
        "ConfigureFunctionsWebApplication", "ConfigureFunctionsWorkerDefaults",
    ], StringComparer.Ordinal);

    public static bool Explains(Diagnostic diagnostic)
    {
        var tree = diagnostic.Location.SourceTree;
        if (tree is null)
        {
            return false;
        }

        var node = tree.GetRoot().FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return diagnostic.Id switch
        {
            "CS0234" => IsInMissingNamespace(node),
            "CS0246" or "CS0103" => TypeNames.Contains(SimpleName(node)),
            "CS1061" => ExtensionMethods.Contains(SimpleName(node)),
            _ => false,
        };
    }

    private static bool IsInMissingNamespace(SyntaxNode node)
    {
        // The diagnostic sits on one segment ('Azure' in Microsoft.Azure.Functions.Worker); judge the whole dotted name.
        while (node.Parent is QualifiedNameSyntax or MemberAccessExpressionSyntax or AliasQualifiedNameSyntax)
        {
            node = node.Parent;
        }

        var name = node.ToString();
        return Namespaces.Any(ns => name == ns || name.StartsWith(ns + ".", StringComparison.Ordinal));
    }

    private static string SimpleName(SyntaxNode node)
    {
        var name = node switch
        {
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            AttributeSyntax attribute => SyntaxNames.Rightmost(attribute.Name),
            _ => node.ToString(),
        };
        return SyntaxNames.WithoutAttributeSuffix(name);
    }
}
