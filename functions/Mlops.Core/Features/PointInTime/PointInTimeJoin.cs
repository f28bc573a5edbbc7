using Mlops.Core.Diagnostics;

namespace Mlops.Core.Features.PointInTime;

/// <summary>
/// The as-of join of entity rows with feature views: for each entity row and view, the values of the view's latest
/// feature row for that entity at or before the row's time, within the view's TTL; missing otherwise (see
/// <see cref="AsOfIndex"/> for the exact rules). Views are joined one at a time, so besides the entity rows and the
/// output only one view's index is held at once; the entity rows are never sorted or copied.
/// </summary>
internal static class PointInTimeJoin
{
    public static IReadOnlyList<JoinedView> Join(EntityFrame entities, IReadOnlyList<ViewSelection> views)
    {
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(views);
        var joined = new List<JoinedView>(views.Count);
        foreach (var selection in views)
        {
            joined.Add(JoinView(entities, selection));
        }

        return joined;
    }

    public static JoinedView JoinView(EntityFrame entities, ViewSelection selection)
    {
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(selection);
        var match = Match(entities, selection.View, selection.Frame, selection.Ttl);
        var columns = new FeatureColumn[selection.Features.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            var source = selection.Frame.FindFeature(selection.Features[i])
                ?? throw new KeyNotFoundException($"View '{selection.View}' has no loaded feature '{selection.Features[i]}'.");
            columns[i] = FeatureFrames.Gather(source, selection.OutputNames[i], match.Rows);
        }

        return new JoinedView(selection.View, columns, match.Count(FeatureStatus.Present), match.Count(FeatureStatus.NotFound), match.Count(FeatureStatus.OutsideMaxAge));
    }

    public static AsOfMatch Match(EntityFrame entities, string view, FeatureFrame frame, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(frame);
        var index = AsOfIndex.Build(EntityKeys.Compose([.. frame.EntityColumns], "features"), FeatureFrames.Ticks(frame.EventTimestamps));
        return index.Match(ComposeEntityKeys(entities, view, frame.EntityNames), entities.Ticks, ttl > TimeSpan.Zero ? ttl.Ticks : 0);
    }

    /// <summary>The entity rows' keys for a view keyed by <paramref name="keyNames"/>; a 400 naming <c>entities</c> when a key column is missing.</summary>
    public static string?[] ComposeEntityKeys(EntityFrame entities, string view, IReadOnlyList<string> keyNames)
    {
        var columns = new List<string?[]>(keyNames.Count);
        foreach (var name in keyNames)
        {
            columns.Add(entities.KeyColumns.TryGetValue(name, out var column)
                ? column
                : throw MlopsException.Validation(
                    $"View '{view}' is keyed by '{name}', which the entity rows do not have; they have {string.Join(", ", entities.KeyColumns.Keys.Select(k => $"'{k}'"))}.",
                    "entities"));
        }

        return EntityKeys.Compose(columns, "entities");
    }
}
