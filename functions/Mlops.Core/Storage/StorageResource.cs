namespace Mlops.Core.Storage;

/// <summary>A table, container or queue an area needs; created at startup when <see cref="StorageOptions.CreateIfNotExists"/> is on.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="LogicalName">The name before <see cref="StorageOptions.Prefix"/>.</param>
public sealed record StorageResource(StorageResourceKind Kind, string LogicalName);
