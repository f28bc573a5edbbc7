using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Features;

/// <summary>
/// Defines the views of <see cref="FeaturesOptions.DefinitionsFile"/> at startup (after the storage initializer made the
/// tables). Defining is idempotent, so restarts add no versions. A bad file stops the host with a message naming the view
/// and the field, rather than leaving a half-loaded catalog.
/// </summary>
internal sealed class FeatureDefinitionsLoader(IFeatureRegistry registry, IOptions<FeaturesOptions> options, ILogger<FeatureDefinitionsLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.DefinitionsFile is not { Length: > 0 } path)
        {
            return;
        }

        try
        {
            var views = await LoadAsync(path, cancellationToken).ConfigureAwait(false);
            FeaturesLog.DefinitionsLoaded(logger, views.Count, path);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            FeaturesLog.DefinitionsFailed(logger, ex, path);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Defines every view in a JSON file: an array of definitions, or an object with a <c>views</c> array.</summary>
    public async Task<IReadOnlyList<FeatureView>> LoadAsync(string path, CancellationToken cancellationToken)
    {
        var definitions = Parse(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false), path);
        var views = new List<FeatureView>(definitions.Count);
        for (var i = 0; i < definitions.Count; i++)
        {
            try
            {
                views.Add(await registry.DefineAsync(definitions[i], cancellationToken).ConfigureAwait(false));
            }
            catch (MlopsException ex)
            {
                throw new MlopsException(ex.Category, $"Feature view definitions file '{path}', views[{i}] ('{definitions[i]?.Name}'): {ex.Message}", $"views[{i}].{ex.Field}", ex);
            }
        }

        return views;
    }

    public static IReadOnlyList<FeatureViewDefinition> Parse(ReadOnlySpan<byte> json, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var array = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("views", out var views)
                ? views
                : document.RootElement;
            if (array.ValueKind != JsonValueKind.Array)
            {
                throw MlopsException.Validation($"Feature view definitions file '{path}' must hold an array of views or {{\"views\": [...]}}.", "views");
            }

            return array.Deserialize<List<FeatureViewDefinition>>(MlopsJson.Options) ?? [];
        }
        catch (JsonException ex)
        {
            throw MlopsException.Validation($"Feature view definitions file '{path}' is not valid JSON at {ex.Path} (line {ex.LineNumber + 1}): {ex.Message}", ex.Path ?? "views", ex);
        }
    }
}
