using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Mlops.Core.Registry;
using Mlops.Core.Training.Data;

namespace Mlops.Core.Training.Workflows;

/// <summary>
/// Input of <c>TrainingWorkflow</c> (<c>PipelineWorkflowNames.Training</c>): which model, which data, and optionally settings
/// that replace the model's stored policy for this run. Checked at start (a 400 naming the field): the model name, the
/// data location, the reason, and the training and gate overrides when given.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TrainingInput : IValidatableObject
{
    /// <summary>The model to train (registry name rules).</summary>
    public required string Model { get; init; }

    /// <summary>The data: <c>blob://training-data/churn/2025-06.csv</c> or a blob URL in the platform's account.</summary>
    public required string Data { get; init; }

    /// <summary>The data blob's ETag when a drop started the run (the instance id derives from it).</summary>
    public string? ETag { get; init; }

    /// <summary>Training settings for this run instead of the policy's (<c>model</c> and <c>data</c> are taken from above).</summary>
    public TrainingRequest? Training { get; init; }

    /// <summary>A gate for this run instead of the policy's.</summary>
    public GatePolicy? Gate { get; init; }

    /// <summary>Why: a <see cref="TrainingReasons"/> value; default <c>manual</c>.</summary>
    public string Reason { get; init; } = TrainingReasons.Manual;

    /// <summary>The reason's details (e.g. which features drifted).</summary>
    public string? Details { get; init; }

    /// <summary>The report that triggered the run, if any.</summary>
    public string? ReportUri { get; init; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        ModelNames.ValidateModel(Model, "model");
        TrainingReasons.Validate(Reason);
        if (Gate is { } gate)
        {
            ModelPolicyRules.ValidateGate(gate, "gate.");
        }

        // Without services (a check outside the launcher) only what needs none is checked.
        if (validationContext.GetService(typeof(TrainingService)) is TrainingService training)
        {
            if (Training is { } request)
            {
                ModelPolicyRules.Prefixed("training.", () => training.Validate(request with
                {
                    Model = Model,
                    Data = Data,
                    Label = string.IsNullOrWhiteSpace(request.Label) ? "label" : request.Label,
                }));
            }
            else
            {
                training.ValidateData(Data);
            }
        }
        else if (string.IsNullOrWhiteSpace(Data))
        {
            yield return new ValidationResult($"data is required, e.g. blob://{DatasetContainers.TrainingData}/{Model}/data.csv.", ["data"]);
        }
    }
}
