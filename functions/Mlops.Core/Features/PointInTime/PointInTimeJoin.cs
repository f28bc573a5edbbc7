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
        var frame = selection.Frame;
        var match = Match(entities, frame);
        var columns = new FrameColumn[selection.Features.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = frame.GetColumn(selection.Features[i]).Gather(selection.OutputNames[i], match.Rows);
        }

        return new JoinedView(frame.View, columns, match.Count(AsOfStatus.Present), match.Count(AsOfStatus.NotFound), match.Count(AsOfStatus.OutsideMaxAge));
    }

    public static AsOfMatch Match(EntityFrame entities, FeatureFrame frame)
    {
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(frame);
        var entityKeyColumns = new List<string?[]>(frame.KeyNames.Count);
        foreach (var name in frame.KeyNames)
        {
            entityKeyColumns.Add(entities.KeyColumns.TryGetValue(name, out var column)
                ? column
                : throw Diagnostics.MlopsException.Validation(
                    $"View '{frame.View}' is keyed by '{name}', which the entity rows do not have; they have {string.Join(", ", entities.KeyColumns.Keys.Select(k => $"'{k}'"))}.",
                    "entities"));
        }

        var index = AsOfIndex.Build(EntityKeys.Compose(frame.KeyColumns, "features"), frame.EventTicks);
        var ttl = frame.Ttl is { } t && t > TimeSpan.Zero ? t.Ticks : 0;
        return index.Match(EntityKeys.Compose(entityKeyColumns, "entities"), entities.Ticks, ttl);
    }
}
