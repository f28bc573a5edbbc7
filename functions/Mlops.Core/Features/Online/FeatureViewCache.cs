using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Features.Online;

/// <summary>
/// The latest version of each view for online reads, kept for <see cref="OnlineFeatureOptions.ViewCacheSeconds"/>: a
/// lookup would otherwise read the registry table once per view per request, which would dominate its latency.
/// </summary>
internal sealed class FeatureViewCache(IFeatureRegistry registry, IOptions<OnlineFeatureOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (FeatureView View, long Expires)> _views = new(StringComparer.Ordinal);

    /// <summary>The view's latest version; a 404 naming <paramref name="field"/> when there is none.</summary>
    public async ValueTask<FeatureView> GetAsync(string name, string field, CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        if (_views.TryGetValue(name, out var cached) && now < cached.Expires)
        {
            return cached.View;
        }

        var view = await registry.FindAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false)
            ?? throw MlopsException.NotFound($"There is no feature view '{name}'; GET /api/features/views lists them.", field);
        var seconds = options.Value.ViewCacheSeconds;
        if (seconds > 0)
        {
            _views[name] = (view, now + (seconds * time.TimestampFrequency));
        }

        return view;
    }
}
