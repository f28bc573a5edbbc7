using Mlops.Core.Diagnostics;
using Mlops.Core.Onnx;

namespace Mlops.Core.Serving;

/// <summary>
/// What serving needs to know about a model's graph, computed once per loaded version.
/// </summary>
/// <remarks>
/// The predict route maps JSON columns to inputs in one of two ways (<see cref="TabularLayout"/>):
/// <list type="bullet">
/// <item>Feature vector: the model has one input of shape [batch, F] (F &gt; 1, any element type). The columns are
/// named by the model metadata property <c>feature_names</c> (comma-separated, exactly F names) when present, and
/// otherwise <c>{input}_0</c> … <c>{input}_{F-1}</c>. Instead of the F columns a row may give one column named like the
/// input whose value is an array of the F values in model order.</item>
/// <item>One input per column: every input has shape [batch] or [batch, 1]; each column is named like its input
/// (a single such input takes its name from <c>feature_names</c> when that lists exactly one name).</item>
/// </list>
/// Other models (images, sequences) are served by the Open Inference Protocol only.
/// </remarks>
internal sealed class ModelSchema
{
    private ModelSchema(IReadOnlyList<ModelTensor> inputs, IReadOnlyList<ModelTensor> outputs, TabularLayout? tabular, string? tabularProblem)
    {
        Inputs = inputs;
        Outputs = outputs;
        InputNames = [.. inputs.Select(i => i.Name)];
        OutputNames = [.. outputs.Select(o => o.Name)];
        Tabular = tabular;
        TabularProblem = tabularProblem;
        TensorOutputs = [.. Enumerable.Range(0, outputs.Count).Where(i => outputs[i].ValueKind == ValueKind.Tensor)];
        OutputsPreallocatable = outputs.Count > 0 && outputs.All(o =>
            o.ValueKind == ValueKind.Tensor && o.IsFeedable && o.ElementKind != TensorElementKind.String && o.Shape.Length >= 1 && o.RowSize > 0);
    }

    /// <summary>The metadata property that names the features of a [batch, features] input.</summary>
    public const string FeatureNamesKey = "feature_names";

    public IReadOnlyList<ModelTensor> Inputs { get; }

    public IReadOnlyList<ModelTensor> Outputs { get; }

    public string[] InputNames { get; }

    public string[] OutputNames { get; }

    /// <summary>Indexes of the outputs that are dense tensors (what the Open Inference Protocol can return).</summary>
    public int[] TensorOutputs { get; }

    /// <summary>
    /// Whether every output is a numeric or boolean tensor whose shape is known once the batch size is, so serving can
    /// hand ONNX Runtime pooled buffers to write into instead of copying its results.
    /// </summary>
    public bool OutputsPreallocatable { get; }

    /// <summary>The column mapping of the predict route, or null when the inputs are not tabular.</summary>
    public TabularLayout? Tabular { get; }

    /// <summary>Why the inputs are not tabular, when <see cref="Tabular"/> is null.</summary>
    public string? TabularProblem { get; }

    public int FindInput(string name)
    {
        for (var i = 0; i < Inputs.Count; i++)
        {
            if (Inputs[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    public int FindOutput(string name)
    {
        for (var i = 0; i < Outputs.Count; i++)
        {
            if (Outputs[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Builds the schema, or throws a 422 when a graph input cannot be fed from JSON at all (a map or sequence input,
    /// or an element type serving does not read).
    /// </summary>
    public static ModelSchema Create(ModelSignature signature, string? featureNames)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var inputs = signature.Inputs.Select(s => new ModelTensor(s)).ToArray();
        var outputs = signature.Outputs.Select(s => new ModelTensor(s)).ToArray();
        foreach (var input in inputs)
        {
            if (!input.IsFeedable)
            {
                var what = input.ValueKind == ValueKind.Tensor ? $"a tensor of {input.ElementKind}" : $"a {input.ValueKind.ToString().ToLowerInvariant()}";
                throw MlopsException.Unprocessable(
                    $"Model input '{input.Name}' is {what}; serving feeds dense tensors of numbers, booleans or strings.", "model");
            }
        }

        var (tabular, problem) = CreateLayout(inputs, featureNames);
        return new ModelSchema(inputs, outputs, tabular, problem);
    }

    private static (TabularLayout? Layout, string? Problem) CreateLayout(ModelTensor[] inputs, string? featureNames)
    {
        if (inputs.Length == 0)
        {
            return (null, "the model has no inputs");
        }

        var names = ParseNames(featureNames);
        if (inputs.Length == 1 && inputs[0].Shape.Length == 2 && inputs[0].Shape[1] > 1)
        {
            var input = inputs[0];
            var width = checked((int)input.Shape[1]);
            if (names is not null && names.Length != width)
            {
                return (null, $"its metadata '{FeatureNamesKey}' lists {names.Length} names but input '{input.Name}' has {width} features");
            }

            names ??= [.. Enumerable.Range(0, width).Select(i => $"{input.Name}_{i}")];
            if (names.Any(string.IsNullOrEmpty) || names.Distinct(StringComparer.Ordinal).Count() != names.Length)
            {
                return (null, $"its metadata '{FeatureNamesKey}' has an empty or repeated name");
            }

            var columns = names.Select((name, i) => new InputColumn(name, 0, i, 1, i)).ToArray();
            var vector = names.Contains(input.Name, StringComparer.Ordinal) ? null : new InputColumn(input.Name, 0, 0, width, 0);
            return (new TabularLayout(columns, vector, isFeatureVector: true), null);
        }

        var perColumn = new InputColumn[inputs.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            var input = inputs[i];
            var isColumn = input.Shape.Length == 1 || (input.Shape.Length == 2 && input.Shape[1] == 1);
            if (!isColumn)
            {
                return (null, $"input '{input.Name}' has shape {input.ShapeText}, and predict needs either one [batch, features] input or one [batch] input per column");
            }

            var name = inputs.Length == 1 && names is [var single] ? single : input.Name;
            perColumn[i] = new InputColumn(name, i, 0, 1, i);
        }

        return (new TabularLayout(perColumn, null, isFeatureVector: false), null);
    }

    private static string[]? ParseNames(string? featureNames)
    {
        if (string.IsNullOrWhiteSpace(featureNames))
        {
            return null;
        }

        return featureNames.Split(',', StringSplitOptions.TrimEntries);
    }
}
