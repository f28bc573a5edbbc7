namespace Mlops.Core.Onnx.Samples;

/// <summary>The coefficients of <see cref="SampleModels.NamedColumns"/> and its reference evaluator.</summary>
internal static class NamedColumnsModel
{
    public const float AgeWeight = 0.03f;

    public const float IncomeWeight = 0.00001f;

    public const float Bias = -1f;

    /// <summary>The one-hot categories, in encoding order.</summary>
    public static IReadOnlyList<string> Plans { get; } = ["basic", "pro", "enterprise"];

    public static IReadOnlyDictionary<string, float> PlanWeights { get; } = new Dictionary<string, float>(StringComparer.Ordinal)
    {
        ["basic"] = 0f,
        ["pro"] = 0.5f,
        ["enterprise"] = 1.25f,
    };

    /// <summary>The expected <c>score</c>; an unknown plan contributes nothing.</summary>
    public static float Score(float age, float income, string plan) =>
        (AgeWeight * age) + (IncomeWeight * income) + PlanWeights.GetValueOrDefault(plan) + Bias;
}
