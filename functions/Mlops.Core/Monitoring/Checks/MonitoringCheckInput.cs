using System.ComponentModel.DataAnnotations;

namespace Mlops.Core.Monitoring.Checks;

/// <summary>Input of the scheduled check.</summary>
/// <param name="Model">The model to check.</param>
/// <param name="DueAt">The schedule occurrence: the end of the window.</param>
internal sealed record MonitoringCheckInput([property: Required] string Model, DateTimeOffset DueAt);
