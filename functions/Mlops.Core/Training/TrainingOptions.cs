using System.ComponentModel.DataAnnotations;

namespace Mlops.Core.Training;

/// <summary>Training settings, bound from the <c>Training</c> section (<c>Training__MaxRows</c> as app settings).</summary>
public sealed class TrainingOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Training";

    /// <summary>
    /// The most rows <c>POST /api/train</c> trains on synchronously; more is a 413 (train larger data through the
    /// training workflow). Default 100,000.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxRows { get; set; } = 100_000;

    /// <summary>The most candidates one sweep may train; a request may ask for fewer. Default 50.</summary>
    [Range(1, 10_000)]
    public int MaxCandidates { get; set; } = 50;

    /// <summary>Candidates trained at once (each trainer runs on one thread). Default 0: one per processor.</summary>
    [Range(0, 1024)]
    public int MaxParallelism { get; set; }

    /// <summary>The draws of a random search when the request does not say. Default 10.</summary>
    [Range(1, 10_000)]
    public int DefaultSamples { get; set; } = 10;

    /// <summary>The effective parallelism: <see cref="MaxParallelism"/>, or the processor count when it is 0.</summary>
    public int EffectiveParallelism => MaxParallelism > 0 ? MaxParallelism : Environment.ProcessorCount;
}
