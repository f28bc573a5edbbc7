using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Mlops.Core.Registry;
using Mlops.Core.Training;

namespace Mlops.Core.Serving.Batch;

/// <summary>
/// Input of <c>BatchScoringWorkflow</c> (<c>PipelineWorkflowNames.BatchScoring</c>): which model scores which file. A drop in
/// <c>scoring-input/{model}/...</c> starts it with the champion; checked at start (a 400 naming the field).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BatchScoringInput : IValidatableObject
{
    /// <summary>The registered model.</summary>
    public required string Model { get; init; }

    /// <summary>The rows to score (CSV, TSV or Parquet): <c>blob://scoring-input/churn/2025-06.csv</c> or a blob URL of the account.</summary>
    public required string Data { get; init; }

    /// <summary>The data blob's ETag when a drop started the run.</summary>
    public string? ETag { get; init; }

    /// <summary>The alias that picks the version; default <c>champion</c> (ignored when <see cref="Version"/> is set).</summary>
    public string? Alias { get; init; }

    /// <summary>A version number instead of an alias.</summary>
    public int? Version { get; init; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        ModelNames.ValidateModel(Model, "model");
        if (Alias is not null)
        {
            ModelNames.ValidateAlias(Alias, "alias");
        }

        if (Version is < 1)
        {
            yield return new ValidationResult("version must be 1 or more.", ["version"]);
        }

        if (validationContext.GetService(typeof(TrainingService)) is TrainingService training)
        {
            training.ValidateData(Data);
        }
    }

    internal ModelReference Reference => Version is { } number ? new ModelReference(number, null) : new ModelReference(null, Alias ?? ModelReference.DefaultAlias);
}
