namespace Mlops.Core.Features;

/// <summary>An online read of one view: the features asked for, and a row per entity in the order asked.</summary>
/// <param name="View">The view's name.</param>
/// <param name="Version">The view version whose definition the read used.</param>
/// <param name="Features">The feature names, in the order of each row's values.</param>
/// <param name="Rows">One row per requested entity, in request order.</param>
public sealed record OnlineFeatureResult(string View, int Version, IReadOnlyList<string> Features, IReadOnlyList<OnlineFeatureRow> Rows);
