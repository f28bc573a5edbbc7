namespace Mlops.Core.Registry;

/// <summary>One append-only audit record: who changed what, when, from what to what.</summary>
/// <param name="Timestamp">When.</param>
/// <param name="Actor">Who (the key name).</param>
/// <param name="Action">What, e.g. <c>version.registered</c>, <c>alias.set</c>, <c>alias.deleted</c>.</param>
/// <param name="Model">The model.</param>
/// <param name="Target">The version or alias acted on.</param>
/// <param name="From">The value before (e.g. the alias's previous version), if any.</param>
/// <param name="To">The value after, if any.</param>
public sealed record AuditEntry(DateTimeOffset Timestamp, string Actor, string Action, string Model, string? Target, string? From, string? To);
