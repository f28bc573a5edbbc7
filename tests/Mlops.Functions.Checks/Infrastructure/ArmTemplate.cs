using System.Text.Json;

namespace Mlops.Functions.Checks.Infrastructure;

/// <summary>Reads a compiled ARM template: resources at any depth (modules are nested deployments) and their parts.</summary>
internal static class ArmTemplate
{
    /// <summary>Every resource of <paramref name="type"/>, in nested deployments too.</summary>
    public static IReadOnlyList<JsonElement> Resources(JsonElement template, string type) =>
        Objects(template)
            .Where(o => o.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == type
                && o.TryGetProperty("apiVersion", out _))
            .ToList();

    /// <summary>The one resource of <paramref name="type"/>.</summary>
    public static JsonElement Single(JsonElement template, string type) => Assert.Single(Resources(template, type));

    /// <summary>The template of the module deployed under <paramref name="deploymentName"/>.</summary>
    public static JsonElement Module(JsonElement template, string deploymentName) =>
        Resources(template, "Microsoft.Resources/deployments")
            .Single(d => d.GetProperty("name").GetString() == deploymentName)
            .GetProperty("properties").GetProperty("template");

    /// <summary>A string-valued property path, e.g. <c>Path(site, "properties", "functionAppConfig", "runtime", "name")</c>.</summary>
    public static JsonElement Path(JsonElement element, params string[] names) =>
        names.Aggregate(element, (current, name) => current.GetProperty(name));

    private static IEnumerable<JsonElement> Objects(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            yield return element;
            foreach (var property in element.EnumerateObject())
            {
                foreach (var nested in Objects(property.Value))
                {
                    yield return nested;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (var nested in Objects(item))
                {
                    yield return nested;
                }
            }
        }
    }
}
