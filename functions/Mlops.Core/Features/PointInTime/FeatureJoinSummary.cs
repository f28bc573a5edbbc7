using Mlops.Core.Features.Online;

namespace Mlops.Core.Features.PointInTime;

/// <summary>What a historical join did: the features and their column names, the entity key and timestamp columns, and per view what matched.</summary>
internal sealed record FeatureJoinSummary(
    IReadOnlyList<FeatureReference> References,
    IReadOnlyList<string> ColumnNames,
    IReadOnlyList<string> KeyColumns,
    string TimestampColumn,
    int Rows,
    IReadOnlyList<JoinedView> Views,
    IReadOnlyList<FeatureView> ViewVersions);
