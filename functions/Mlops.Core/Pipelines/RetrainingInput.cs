using System.ComponentModel.DataAnnotations;
using Mlops.Core.Registry;
using Mlops.Core.Training.Workflows;

namespace Mlops.Core.Pipelines;

/// <summary>
/// Input of <see cref="PipelineWorkflowNames.Retraining"/>. Whoever starts a retraining (the schedule, a drift or
/// performance check, a data drop, a person) says why; the reason and its evidence go into the new version's lineage.
/// </summary>
/// <param name="Model">The registered model to retrain.</param>
/// <param name="Reason">Why: <c>schedule</c>, <c>drift</c>, <c>performance</c>, <c>dataDrop</c> or <c>manual</c> (<c>TrainingReasons</c>).</param>
/// <param name="Details">Free text shown with the run (e.g. which features drifted).</param>
/// <param name="ReportUri">The report that triggered it (a drift or performance report blob), when there is one.</param>
/// <param name="DataUri">The data to train on; when absent, the latest data for the model is chosen.</param>
public sealed record RetrainingInput(
    string Model,
    string Reason,
    string? Details = null,
    string? ReportUri = null,
    string? DataUri = null) : IValidatableObject
{
    /// <summary>Checked at start (a 400 naming the field): the model name and the reason.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        ModelNames.ValidateModel(Model, "model");
        TrainingReasons.Validate(Reason);
        return [];
    }
}
