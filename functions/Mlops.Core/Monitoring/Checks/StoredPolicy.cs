namespace Mlops.Core.Monitoring.Checks;

/// <summary>A model's policy row.</summary>
internal sealed record StoredPolicy(
    string Model,
    MonitoringPolicy Policy,
    bool IsStored,
    string? UpdatedBy,
    DateTimeOffset? UpdatedAt,
    string? LastRetrainingInstanceId,
    DateTimeOffset? LastRetrainingAt);
