namespace Mlops.Core.Onnx.Samples;

/// <summary>
/// Small, deterministic ONNX models for tests, the demo and the benchmarks, each with a way to compute its expected
/// output in C#. The 100-tree regressor over 8 features is the benchmark model.
/// </summary>
internal static class SampleModels
{
    /// <summary>
    /// <c>variable = features · weights + bias</c>: input <c>features</c> float[N,F] (F = weights.Length), MatMul + Add,
    /// output <c>variable</c> float[N,1].
    /// </summary>
    public static byte[] LinearRegressor(float[] weights, float bias)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfZero(weights.Length, nameof(weights));

        return new OnnxModelBuilder("linear_regressor")
            .Metadata("sample", "linear-regressor")
            .Input("features", TensorElementKind.Float, -1, weights.Length)
            .Initializer("coefficients", weights, weights.Length, 1)
            .Initializer("intercept", [bias], 1)
            .Node("MatMul", ["features", "coefficients"], ["multiplied"])
            .Node("Add", ["multiplied", "intercept"], ["variable"])
            .Output("variable", TensorElementKind.Float, -1, 1)
            .ToBytes();
    }

    /// <summary>The ensemble behind <see cref="TreeEnsembleRegressor"/>, for its reference evaluator.</summary>
    public static SampleTreeEnsemble TreeEnsemble(int trees = 100, int features = 8, int depth = 4, int seed = 42) =>
        SampleTreeEnsemble.Random(trees, features, depth, seed);

    /// <summary>
    /// An <c>ai.onnx.ml</c> TreeEnsembleRegressor: input <c>features</c> float[N,F], output <c>variable</c> float[N,1].
    /// Expected values: <see cref="SampleTreeEnsemble.Score"/> of <see cref="TreeEnsemble"/> with the same arguments.
    /// </summary>
    public static byte[] TreeEnsembleRegressor(int trees = 100, int features = 8, int depth = 4, int seed = 42) =>
        TreeEnsemble(trees, features, depth, seed).ToRegressorOnnx();

    /// <summary>
    /// A binary TreeEnsembleClassifier (no ZipMap): outputs <c>label</c> int64[N] and <c>probabilities</c> float[N,2].
    /// Expected P(1): <see cref="SampleTreeEnsemble.Probability"/> of <see cref="TreeEnsemble"/> with the same arguments.
    /// </summary>
    public static byte[] TreeEnsembleClassifier(int trees = 100, int features = 8, int depth = 4, int seed = 42) =>
        TreeEnsemble(trees, features, depth, seed).ToBinaryClassifierOnnx();

    /// <summary>
    /// One named input per column: <c>age</c> float[N,1], <c>income</c> float[N,1], <c>plan</c> string[N,1]
    /// (one-hot encoded in the graph over <see cref="NamedColumnsModel.Plans"/>; unknown plans encode as zeros),
    /// concatenated and scored linearly into <c>score</c> float[N,1]. Expected values: <see cref="NamedColumnsModel.Score"/>.
    /// </summary>
    public static byte[] NamedColumns()
    {
        var plans = NamedColumnsModel.Plans;
        var weights = new float[2 + plans.Count];
        weights[0] = NamedColumnsModel.AgeWeight;
        weights[1] = NamedColumnsModel.IncomeWeight;
        for (var i = 0; i < plans.Count; i++)
        {
            weights[2 + i] = NamedColumnsModel.PlanWeights[plans[i]];
        }

        return new OnnxModelBuilder("named_columns")
            .Metadata("sample", "named-columns")
            .Input("age", TensorElementKind.Float, -1, 1)
            .Input("income", TensorElementKind.Float, -1, 1)
            .Input("plan", TensorElementKind.String, -1, 1)
            .Initializer("plan_shape", [-1L, plans.Count], 2)
            .Initializer("coefficients", weights, weights.Length, 1)
            .Initializer("intercept", [NamedColumnsModel.Bias], 1)
            .Node("OneHotEncoder", ["plan"], ["plan_onehot3d"], a => a.Strings("cats_strings", plans).Int("zeros", 1), OnnxDomains.Ml)
            .Node("Reshape", ["plan_onehot3d", "plan_shape"], ["plan_onehot"])
            .Node("Concat", ["age", "income", "plan_onehot"], ["row"], a => a.Int("axis", 1))
            .Node("MatMul", ["row", "coefficients"], ["multiplied"])
            .Node("Add", ["multiplied", "intercept"], ["score"])
            .Output("score", TensorElementKind.Float, -1, 1)
            .ToBytes();
    }
}
