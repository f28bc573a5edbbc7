namespace Mlops.Core.Training.Workflows;

/// <summary>Per-model workflow policies (training settings, gate, retraining schedule).</summary>
public interface IModelPolicyStore
{
    /// <summary>A model's policy, or null.</summary>
    Task<ModelPolicy?> FindAsync(string model, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces a model's policy (validated: a 400 naming the field otherwise); returns it as stored.</summary>
    Task<ModelPolicy> SaveAsync(string model, ModelPolicy policy, string actor, CancellationToken cancellationToken = default);

    /// <summary>Deletes a model's policy; false when there was none.</summary>
    Task<bool> DeleteAsync(string model, CancellationToken cancellationToken = default);

    /// <summary>Every stored policy with its model name.</summary>
    IAsyncEnumerable<(string Model, ModelPolicy Policy)> ListAsync(CancellationToken cancellationToken = default);
}
