using System.Text.Json.Serialization;

namespace Mlops.Core.Training.Workflows;

/// <summary>A model's promotion gate: whether and how a freshly trained version replaces the champion.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record GatePolicy
{
    /// <summary>The longest approval wait allowed.</summary>
    public static readonly TimeSpan MaxApprovalTimeout = TimeSpan.FromDays(30);

    /// <summary><c>automatic</c> (default) or <c>approval</c>.</summary>
    public GateMode Mode { get; init; } = GateMode.Automatic;

    /// <summary>The metric compared on the test rows; default the training metric.</summary>
    public string? Metric { get; init; }

    /// <summary>How much better (in the metric's direction) the challenger must be; default 0 (at least as good).</summary>
    public double Margin { get; init; }

    /// <summary>How long an approval is waited for before the version is rejected; default 3 days.</summary>
    public TimeSpan ApprovalTimeout { get; init; } = TimeSpan.FromDays(3);

    /// <summary>The alias a promoted version gets; default <c>champion</c>. The current holder is the champion compared against.</summary>
    public string ChampionAlias { get; init; } = "champion";

    /// <summary>An alias every registered version that is not promoted gets (e.g. <c>challenger</c>); default none.</summary>
    public string? ChallengerAlias { get; init; }
}
