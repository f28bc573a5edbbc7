namespace Mlops.Core.Features.PointInTime;

/// <summary>What the join found for one view: the output columns and how many rows got values, and why not.</summary>
/// <param name="View">The view.</param>
/// <param name="Columns">One column per requested feature, named as the training set names it.</param>
/// <param name="Present">Rows that got the view's values.</param>
/// <param name="NotFound">Rows whose entity had no feature row at or before their time.</param>
/// <param name="OutsideMaxAge">Rows whose latest feature row was older than the TTL.</param>
internal sealed record JoinedView(string View, IReadOnlyList<FeatureColumn> Columns, int Present, int NotFound, int OutsideMaxAge);
