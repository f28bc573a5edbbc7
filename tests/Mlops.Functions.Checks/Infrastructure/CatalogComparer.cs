using Mlops.Core.Api;

namespace Mlops.Functions.Checks.Infrastructure;

/// <summary>
/// Compares the <c>[Function]</c>s of the Functions app with the catalog, both ways: each function must be a catalog
/// entry with the same trigger details, and each catalog entry must have its function.
/// </summary>
internal static class CatalogComparer
{
    /// <summary>The only blob trigger source Flex Consumption supports.</summary>
    public const string EventGridSource = "BlobTriggerSource.EventGrid";

    public static IReadOnlyList<string> Compare(IReadOnlyList<FunctionDeclaration> functions, CatalogSnapshot catalog)
    {
        var problems = new List<string>();
        foreach (var function in functions)
        {
            problems.AddRange((function.Problems ?? []).Select(p => $"{function.Where} {function.Name} {p}"));
            problems.AddRange(Check(function, catalog).Select(p => $"{function.Where} {function.Name}: {p}"));
        }

        problems.AddRange(functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .Select(g => $"'{g.Key}' is declared {g.Count()} times ({string.Join(", ", g.Select(f => f.Where))}); function names are unique"));

        problems.AddRange(Missing(functions, TriggerKind.Http, catalog.Http.Select(h => (h.Name, $"{h.Method} {h.Route}")), "FunctionCatalog.Http"));
        problems.AddRange(Missing(functions, TriggerKind.Timer, catalog.Timers.Select(t => (t.Name, $"%{t.ScheduleSetting}%")), "FunctionCatalog.Timers"));
        problems.AddRange(Missing(functions, TriggerKind.Blob, catalog.Blobs.Select(b => (b.Name, b.Path)), "FunctionCatalog.Blobs"));
        problems.AddRange(Missing(functions, TriggerKind.Orchestration, catalog.Workflows.Select(w => (w, "workflow")), "FunctionCatalog.Workflows"));
        problems.AddRange(Missing(functions, TriggerKind.Activity, catalog.Activities.Select(a => (a, "activity")), "FunctionCatalog.Activities"));
        return problems;
    }

    private static IEnumerable<string> Check(FunctionDeclaration function, CatalogSnapshot catalog)
    {
        switch (function.Trigger)
        {
            case TriggerKind.Http:
                var http = catalog.Http.FirstOrDefault(h => h.Name == function.Name);
                if (http is null)
                {
                    yield return "has an HttpTrigger but is not in FunctionCatalog.Http";
                    yield break;
                }

                if (function.AuthorizationLevel != AuthorizationLevelOf(http.Access))
                {
                    yield return $"authorization level is '{function.AuthorizationLevel ?? "(not stated)"}'; the catalog says AuthorizationLevel.{AuthorizationLevelOf(http.Access)}";
                }

                if (function.Methods is not [var method] || !string.Equals(method, http.Method, StringComparison.OrdinalIgnoreCase))
                {
                    yield return $"methods are [{string.Join(", ", function.Methods ?? [])}]; the catalog says \"{http.Method}\" only";
                }

                if (function.Route != http.Route)
                {
                    yield return $"route is '{function.Route ?? "(none)"}'; the catalog says \"{http.Route}\"";
                }

                break;

            case TriggerKind.Timer:
                var timer = catalog.Timers.FirstOrDefault(t => t.Name == function.Name);
                if (timer is null)
                {
                    yield return "has a TimerTrigger but is not in FunctionCatalog.Timers";
                }
                else if (function.Schedule != $"%{timer.ScheduleSetting}%")
                {
                    yield return $"schedule is '{function.Schedule}'; the catalog says \"%{timer.ScheduleSetting}%\" (the setting, so both hosts read the same value)";
                }

                break;

            case TriggerKind.Blob:
                var blob = catalog.Blobs.FirstOrDefault(b => b.Name == function.Name);
                if (blob is null)
                {
                    yield return "has a BlobTrigger but is not in FunctionCatalog.Blobs";
                    yield break;
                }

                if (function.BlobPath != blob.Path)
                {
                    yield return $"blob path is '{function.BlobPath}'; the catalog says \"{blob.Path}\"";
                }

                if (function.BlobSource != EventGridSource)
                {
                    yield return $"blob trigger source is '{function.BlobSource ?? "(default: polling)"}'; Flex Consumption needs Source = {EventGridSource}";
                }

                break;

            case TriggerKind.Orchestration when !catalog.Workflows.Contains(function.Name):
                yield return "has an OrchestrationTrigger but is not in FunctionCatalog.Workflows";
                break;

            case TriggerKind.Activity when !catalog.Activities.Contains(function.Name):
                yield return "has an ActivityTrigger but is not in FunctionCatalog.Activities";
                break;

            case TriggerKind.Unknown when function.TriggerName is not null:
                yield return $"is triggered by [{function.TriggerName}], which the catalog has no list for; add one to FunctionCatalog and to this check";
                break;
        }
    }

    private static IEnumerable<string> Missing(
        IReadOnlyList<FunctionDeclaration> functions, TriggerKind trigger, IEnumerable<(string Name, string Detail)> entries, string list) =>
        entries.Where(entry => !functions.Any(f => f.Trigger == trigger && f.Name == entry.Name))
            .Select(entry => $"{list} entry '{entry.Name}' ({entry.Detail}) has no [Function(\"{entry.Name}\")] with a {trigger}Trigger in functions/Mlops.Functions");

    private static string AuthorizationLevelOf(AccessLevel access) => access switch
    {
        AccessLevel.Anonymous => "Anonymous",
        AccessLevel.Function => "Function",
        AccessLevel.Admin => "Admin",
        _ => throw new ArgumentOutOfRangeException(nameof(access), access, "No Functions authorization level for this access level."),
    };
}
