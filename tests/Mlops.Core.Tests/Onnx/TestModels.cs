using Google.Protobuf;
using Mlops.Core.Onnx;
using Mlops.Core.Onnx.Proto;
using Mlops.Core.Onnx.Samples;

namespace Mlops.Core.Tests.Onnx;

/// <summary>Test-only models: broken ones for rejection tests and odd-but-valid ones for the inspector.</summary>
public static class TestModels
{
    /// <summary>A valid linear model over 3 features (the sample), for inputs that need "some valid model".</summary>
    public static byte[] Linear() => SampleModels.LinearRegressor([1f, 2f, 3f], 0.5f);

    /// <summary>The Add node reads "offset", which nothing defines.</summary>
    public static byte[] UndefinedNodeInput() => LinearGraph()
        .Node("Add", ["multiplied", "offset"], ["variable"])
        .Output("variable", TensorElementKind.Float, -1, 1)
        .ToBytes();

    /// <summary>Structurally sound, but the default domain has no operator "Frobnicate".</summary>
    public static byte[] UnknownOperator() => new OnnxModelBuilder()
        .Input("x", TensorElementKind.Float, -1, 2)
        .Node("Frobnicate", ["x"], ["y"])
        .Output("y", TensorElementKind.Float, -1, 2)
        .ToBytes();

    /// <summary>MatMul of a float input by an int64 constant: loads nowhere (type constraint violated).</summary>
    public static byte[] TypeMismatch() => new OnnxModelBuilder()
        .Input("x", TensorElementKind.Float, -1, 2)
        .Initializer("w", [1L, 2L], 2, 1)
        .Node("MatMul", ["x", "w"], ["y"])
        .Output("y", TensorElementKind.Float, -1, 1)
        .ToBytes();

    /// <summary>A TreeEnsembleRegressor whose node arrays disagree in length: ORT rejects it when creating the kernel.</summary>
    public static byte[] InconsistentTreeAttributes() => new OnnxModelBuilder()
        .Input("features", TensorElementKind.Float, -1, 2)
        .Node("TreeEnsembleRegressor", ["features"], ["variable"], a => a
            .Ints("nodes_treeids", [0, 0, 0]).Ints("nodes_nodeids", [0, 1]).Ints("nodes_featureids", [0, 0, 0])
            .Floats("nodes_values", [0.5f, 0f, 0f]).Strings("nodes_modes", ["BRANCH_LEQ", "LEAF", "LEAF"])
            .Ints("nodes_truenodeids", [1, 0, 0]).Ints("nodes_falsenodeids", [2, 0, 0])
            .Ints("target_treeids", [0, 0]).Ints("target_nodeids", [1, 2]).Ints("target_ids", [0, 0])
            .Floats("target_weights", [1f, 2f]).Int("n_targets", 1),
            OnnxDomains.Ml)
        .Output("variable", TensorElementKind.Float, -1, 1)
        .ToBytes();

    /// <summary>The linear sample with ir_version cleared.</summary>
    public static byte[] WithoutIrVersion() => Edit(Linear(), m => m.IrVersion = 0);

    /// <summary>The linear sample with opset_import cleared.</summary>
    public static byte[] WithoutOpsetImports() => Edit(Linear(), m => m.OpsetImport.Clear());

    /// <summary>The tree sample without its "ai.onnx.ml" opset import.</summary>
    public static byte[] WithoutMlOpsetImport() =>
        Edit(SampleModels.TreeEnsembleRegressor(trees: 2, features: 2, depth: 1), m =>
        {
            var ml = m.OpsetImport.Single(o => o.Domain == OnnxDomains.Ml);
            m.OpsetImport.Remove(ml);
        });

    /// <summary>Only a constant: no input to predict from.</summary>
    public static byte[] NoInputs() => new OnnxModelBuilder()
        .Initializer("c", [1f, 2f], 2)
        .Node("Identity", ["c"], ["y"])
        .Output("y", TensorElementKind.Float, 2)
        .ToBytes();

    /// <summary>The linear sample with its output declared but never produced.</summary>
    public static byte[] UnproducedOutput() =>
        Edit(Linear(), m => m.Graph.Output.Add(OnnxModelBuilder.TensorValue("extra", TensorElementKind.Float, -1)));

    /// <summary>Old exporters list initializers among the graph inputs; the signature must leave them out.</summary>
    public static byte[] InitializerListedAsInput() =>
        Edit(Linear(), m => m.Graph.Input.Add(OnnxModelBuilder.TensorValue("coefficients", TensorElementKind.Float, 3, 1)));

    /// <summary>A DictVectorizer: one map(string → float) input, a float[1, 3] output.</summary>
    public static byte[] MapInput() => new OnnxModelBuilder()
        .Input(OnnxModelBuilder.MapValue("fields", TensorElementKind.String, TensorElementKind.Float))
        .Node("DictVectorizer", ["fields"], ["vector"], a => a.Strings("string_vocabulary", ["a", "b", "c"]), OnnxDomains.Ml)
        .Output("vector", TensorElementKind.Float, 1, 3)
        .ToBytes();

    /// <summary>Every element kind we serve, each passed through Identity, with a fixed and a dynamic dimension.</summary>
    public static byte[] AllElementKinds()
    {
        var builder = new OnnxModelBuilder();
        foreach (var kind in Enum.GetValues<TensorElementKind>())
        {
            builder.Input($"in_{kind}", kind, -1, 2)
                .Node("Identity", [$"in_{kind}"], [$"out_{kind}"])
                .Output($"out_{kind}", kind, -1, 2);
        }

        return builder.ToBytes();
    }

    internal static byte[] Edit(byte[] model, Action<ModelProto> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var proto = ModelProto.Parser.ParseFrom(model);
        edit(proto);
        return proto.ToByteArray();
    }

    private static OnnxModelBuilder LinearGraph() => new OnnxModelBuilder()
        .Input("features", TensorElementKind.Float, -1, 3)
        .Initializer("coefficients", [1f, 2f, 3f], 3, 1)
        .Node("MatMul", ["features", "coefficients"], ["multiplied"]);
}
