using System.ComponentModel.DataAnnotations;

namespace Mlops.Core.Features;

/// <summary>Feature store settings, bound from the <c>Features</c> section (<c>Features__ChunkSize</c> as an app setting).</summary>
public sealed class FeaturesOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Features";

    /// <summary>
    /// The time span one materialization chunk covers (one workflow activity, one offline file): a duration that divides a
    /// day, from 1m to 1d. Default <c>1d</c>. A chunk also reads the history its longest window needs.
    /// </summary>
    [Required]
    public string ChunkSize { get; set; } = "1d";

    /// <summary>Six-field cron of incremental materialization of every view (the workflow scheduler runs it). Default hourly
    /// (<c>0 0 * * * *</c>); empty turns it off.</summary>
    public string? Schedule { get; set; } = "0 0 * * * *";

    /// <summary>A JSON file of view definitions (an array, or <c>{"views": [...]}</c>) defined at startup; none by default.</summary>
    public string? DefinitionsFile { get; set; }

    /// <summary>The most chunks one materialization run plans. Default 5,000.</summary>
    [Range(1, 100_000)]
    public int MaxChunksPerRun { get; set; } = 5_000;
}
