using Microsoft.Extensions.Logging;
using Mlops.Core.Diagnostics;
using Mlops.Core.Features.Online;
using Mlops.Core.Training.Data;

namespace Mlops.Core.Features.PointInTime;

/// <summary>
/// Builds a training set from entity rows and feature views (Feast's historical retrieval): reads the entity rows,
/// reads each view's offline files over the rows' time range minus the TTL (keeping only the rows' entities), joins
/// point-in-time (<see cref="PointInTimeJoin"/>) and writes the joined set as Parquet. Views are read and joined one at
/// a time, so memory holds the entity rows, the output and one view's matching feature rows.
/// </summary>
internal sealed partial class HistoricalFeatureJoiner(IFeatureRegistry registry, IOfflineFeatureStore offline, ILogger<HistoricalFeatureJoiner> logger)
{
    public const string Field = "features";
    private const string RefsField = Field + ".refs";
    private const string TimestampField = Field + ".timestampColumn";
    private const string FullNamesField = Field + ".fullFeatureNames";

    /// <summary>Checks a request without reading anything: references, no duplicates, column names that do not collide.</summary>
    public static (IReadOnlyList<FeatureReference> References, string[] ColumnNames, string TimestampColumn) Validate(FeatureJoinRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var references = FeatureReference.ParseAll(request.Refs?.ToList<string?>(), RefsField);
        var names = FeatureReference.ColumnNames(references, request.FullFeatureNames, RefsField, FullNamesField);
        var timestamp = request.TimestampColumn ?? FeatureJoinRequest.DefaultTimestampColumn;
        if (string.IsNullOrWhiteSpace(timestamp))
        {
            throw MlopsException.Validation("'features.timestampColumn' must name the entity rows' timestamp column.", TimestampField);
        }

        return (references, names, timestamp);
    }

    /// <summary>
    /// Checks a request against the feature registry without reading data: <see cref="Validate"/>, then every view and
    /// feature must exist (a 404 naming <c>features.refs[i]</c> otherwise).
    /// </summary>
    public async Task CheckAsync(FeatureJoinRequest request, CancellationToken cancellationToken = default)
    {
        var (references, _, _) = Validate(request);
        await ResolveViewsAsync(references, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Joins the features of <paramref name="request"/> to the entity rows in <paramref name="entities"/> and writes the result to <paramref name="output"/> as Parquet.</summary>
    public async Task<FeatureJoinSummary> JoinAsync(Stream entities, DataFormat format, DatasetRequest request, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var join = request.Features ?? throw new ArgumentException("The request joins no features.", nameof(request));
        var (references, names, timestampColumn) = Validate(join);
        var views = await ResolveViewsAsync(references, cancellationToken).ConfigureAwait(false);

        var data = await ReadEntitiesAsync(entities, format, request, timestampColumn, names, cancellationToken).ConfigureAwait(false);
        foreach (var (name, position) in names.Select((n, i) => (n, i)))
        {
            if (data.Schema.Find(name) is not null)
            {
                throw MlopsException.Validation(
                    $"The entity rows already have a column '{name}', which feature '{references[position]}' would be named; rename the column or set features.fullFeatureNames.",
                    $"{RefsField}[{position}]");
            }
        }

        var frame = EntityFrameOf(data, timestampColumn, views.Select(v => v.View));
        var (first, last) = TimeRange(frame.Ticks);
        var columns = new FeatureColumn[references.Count];
        var summaries = new List<JoinedView>(views.Count);
        foreach (var (view, positions) in views)
        {
            var features = positions.Select(p => references[p].Feature).ToArray();
            var types = features.Select(f => view.FindFeature(f)!.ValueType).ToArray();
            var keys = PointInTimeJoin.ComposeEntityKeys(frame, view.Name, view.Definition.Entities);
            var wanted = keys.OfType<string>().ToHashSet(StringComparer.Ordinal);
            var frames = new List<FeatureFrame>();
            if (first is not null)
            {
                var from = first.Value - view.Ttl;
                await foreach (var part in offline.ReadAsync(view, from, last!.Value.AddTicks(1), cancellationToken).ConfigureAwait(false))
                {
                    var kept = FeatureFrames.Filter(part, wanted);
                    if (kept.RowCount > 0)
                    {
                        frames.Add(kept);
                    }
                }
            }

            var rows = FeatureFrames.Concat(view.Definition.Entities, frames, features, types);
            var joined = PointInTimeJoin.JoinView(frame, new ViewSelection(view.Name, rows, view.Ttl, features, [.. positions.Select(p => names[p])]));
            for (var i = 0; i < positions.Count; i++)
            {
                columns[positions[i]] = joined.Columns[i];
            }

            summaries.Add(joined);
            LogJoined(logger, view.Name, view.Version, rows.RowCount, joined.Present, joined.NotFound, joined.OutsideMaxAge);
        }

        await TrainingSetParquet.WriteAsync(output, data, columns, cancellationToken).ConfigureAwait(false);
        var keyColumns = views.SelectMany(v => v.View.Definition.Entities).Distinct(StringComparer.Ordinal).ToArray();
        return new FeatureJoinSummary(references, names, keyColumns, timestampColumn, data.RowCount, summaries, [.. views.Select(v => v.View)]);
    }

    private async Task<List<(FeatureView View, List<int> Positions)>> ResolveViewsAsync(IReadOnlyList<FeatureReference> references, CancellationToken cancellationToken)
    {
        var views = new List<(FeatureView View, List<int> Positions)>();
        for (var i = 0; i < references.Count; i++)
        {
            var reference = references[i];
            var group = views.FindIndex(v => v.View.Name == reference.View);
            if (group < 0)
            {
                var view = await registry.FindAsync(reference.View, cancellationToken: cancellationToken).ConfigureAwait(false)
                    ?? throw MlopsException.NotFound($"There is no feature view '{reference.View}'; GET /api/features/views lists them.", $"{RefsField}[{i}]");
                views.Add((view, []));
                group = views.Count - 1;
            }

            var found = views[group].View;
            if (found.FindFeature(reference.Feature) is null)
            {
                throw MlopsException.NotFound(
                    $"Feature view '{found.Name}' has no feature '{reference.Feature}'; its features are {string.Join(", ", found.Definition.Features.Select(f => $"'{f.Name}'"))}.",
                    $"{RefsField}[{i}]");
            }

            views[group].Positions.Add(i);
        }

        return views;
    }

    private static async Task<TabularDataset> ReadEntitiesAsync(
        Stream entities, DataFormat format, DatasetRequest request, string timestampColumn, string[] featureColumns, CancellationToken cancellationToken)
    {
        // Declarations of the joined feature columns apply to the joined set, not to the entity rows that lack them.
        // The timestamp is read as one whatever inference says; what the caller declares about it wins.
        var columns = (request.Columns ?? new Dictionary<string, ColumnOverride>())
            .Where(c => !featureColumns.Contains(c.Key, StringComparer.Ordinal))
            .ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        var declared = columns.ContainsKey(timestampColumn);
        if (!declared)
        {
            columns[timestampColumn] = new ColumnOverride(Kind: ColumnKind.Timestamp);
        }

        try
        {
            var read = await DatasetReader.ReadAsync(entities, format, new DatasetReadOptions { Label = request.Label, Columns = columns }, cancellationToken).ConfigureAwait(false);
            return read.Data;
        }
        catch (MlopsException ex) when (!declared && ex.Field == timestampColumn)
        {
            throw MlopsException.Validation($"The entity rows have no timestamp column '{timestampColumn}' ({ex.Message}); name it with features.timestampColumn.", TimestampField, ex);
        }
    }

    private static EntityFrame EntityFrameOf(TabularDataset data, string timestampColumn, IEnumerable<FeatureView> views)
    {
        if (data.FindColumn(timestampColumn) is not TimestampColumn timestamps)
        {
            throw MlopsException.Validation($"The entity rows' column '{timestampColumn}' is not a loaded timestamp column.", TimestampField);
        }

        var keys = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        foreach (var view in views)
        {
            foreach (var name in view.Definition.Entities)
            {
                if (keys.ContainsKey(name))
                {
                    continue;
                }

                // Formatted as keys are everywhere (numbers in their shortest invariant form), so 1001 read as a number matches "1001".
                var column = data.FindColumn(name) ?? throw MlopsException.Validation(
                    $"Feature view '{view.Name}' is keyed by '{name}', which the entity rows do not have (or declare ignored); add the column to the data.", "data");
                var texts = new string?[data.RowCount];
                for (var r = 0; r < texts.Length; r++)
                {
                    texts[r] = column.FormatValue(r);
                }

                keys[name] = texts;
            }
        }

        var ticks = new long[data.RowCount];
        var values = timestamps.Values.Span;
        for (var r = 0; r < ticks.Length; r++)
        {
            ticks[r] = values[r]?.UtcTicks ?? long.MinValue;
        }

        return new EntityFrame(keys, ticks);
    }

    private static (DateTimeOffset? First, DateTimeOffset? Last) TimeRange(long[] ticks)
    {
        long min = long.MaxValue, max = long.MinValue;
        foreach (var t in ticks)
        {
            if (t == long.MinValue)
            {
                continue;
            }

            min = Math.Min(min, t);
            max = Math.Max(max, t);
        }

        return max == long.MinValue ? (null, null) : (new DateTimeOffset(min, TimeSpan.Zero), new DateTimeOffset(max, TimeSpan.Zero));
    }

    [LoggerMessage(EventId = LogEvents.Features + 50, Level = LogLevel.Information,
        Message = "Point-in-time join of {View} v{Version}: {FeatureRows} feature rows; {Present} entity rows present, {NotFound} not found, {OutsideMaxAge} outside the TTL")]
    private static partial void LogJoined(ILogger logger, string view, int version, int featureRows, int present, int notFound, int outsideMaxAge);
}
