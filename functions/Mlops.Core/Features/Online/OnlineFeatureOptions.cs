using System.ComponentModel.DataAnnotations;

namespace Mlops.Core.Features.Online;

/// <summary>Online feature lookups (section <c>Features:Online</c>).</summary>
public sealed class OnlineFeatureOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Features:Online";

    /// <summary>Most entities one <c>POST /api/features/online</c> (or one entity-keyed prediction) may ask for; more is a 413.</summary>
    [Range(1, 100_000)]
    public int MaxEntities { get; set; } = 1000;
}
