using System.Text;
using Mlops.Core.Onnx;
using Mlops.Core.Onnx.Proto;

namespace Mlops.Core.Tests.Onnx;

public sealed class OnnxModelBuilderTests
{
    [Fact]
    public void ToBytes_DefaultOnly_ImportsDefaultOpsetAndIrVersion()
    {
        var model = Parse(new OnnxModelBuilder()
            .Input("x", TensorElementKind.Float, -1, 2)
            .Node("Identity", ["x"], ["y"])
            .Output("y", TensorElementKind.Float, -1, 2)
            .ToBytes());

        Assert.Equal(OnnxDomains.IrVersion, model.IrVersion);
        var opset = Assert.Single(model.OpsetImport);
        Assert.Equal((string.Empty, OnnxDomains.DefaultOpset), (opset.Domain, opset.Version));
    }

    [Fact]
    public void ToBytes_MlNode_AlsoImportsMlOpset()
    {
        var model = Parse(new OnnxModelBuilder()
            .Input("x", TensorElementKind.Float, -1, 2)
            .Node("Normalizer", ["x"], ["y"], a => a.String("norm", "L1"), OnnxDomains.Ml)
            .Output("y", TensorElementKind.Float, -1, 2)
            .ToBytes());

        Assert.Equal(
            [(string.Empty, OnnxDomains.DefaultOpset), (OnnxDomains.Ml, OnnxDomains.MlOpset)],
            model.OpsetImport.Select(o => (o.Domain, o.Version)));
    }

    [Fact]
    public void ToBytes_ExplicitSettings_AreWritten()
    {
        var model = Parse(new OnnxModelBuilder("g")
            .IrVersion(9)
            .Opset("ai.onnx", 19)
            .Producer("trainer", "2.1")
            .Doc("a doc")
            .Metadata("b", "2")
            .Metadata("a", "1")
            .Input("x", TensorElementKind.Float, -1, 2)
            .Node("Identity", ["x"], ["y"], name: "copy")
            .Output("y", TensorElementKind.Float, -1, 2)
            .ToBytes());

        Assert.Equal(9, model.IrVersion);
        Assert.Equal(19, Assert.Single(model.OpsetImport).Version);
        Assert.Equal(("trainer", "2.1", "a doc"), (model.ProducerName, model.ProducerVersion, model.DocString));
        Assert.Equal([("a", "1"), ("b", "2")], model.MetadataProps.Select(p => (p.Key, p.Value)));
        Assert.Equal("g", model.Graph.Name);
        Assert.Equal("copy", Assert.Single(model.Graph.Node).Name);
    }

    [Fact]
    public void Input_DynamicDimensions_AreNamedBatchFirst()
    {
        var model = Parse(new OnnxModelBuilder()
            .Input("x", TensorElementKind.Float, -1, 3, -1)
            .Node("Identity", ["x"], ["y"])
            .Output("y", TensorElementKind.Float, -1, 3, -1)
            .ToBytes());

        var dims = model.Graph.Input[0].Type.TensorType.Shape.Dim;
        Assert.Equal(OnnxModelBuilder.BatchDimension, dims[0].DimParam);
        Assert.Equal(3, dims[1].DimValue);
        Assert.Equal("d1", dims[2].DimParam);
        Assert.Equal((int)TensorElementKind.Float, model.Graph.Input[0].Type.TensorType.ElemType);
    }

    [Fact]
    public void Node_EveryAttributeKind_RoundTrips()
    {
        var model = Parse(new OnnxModelBuilder()
            .Input("x", TensorElementKind.Float, -1)
            .Node("Custom", ["x"], ["y"], a => a
                .Float("f", 1.5f).Int("i", -7).String("s", "héllo")
                .Floats("fs", [1f, 2f]).Ints("is", [3, 4]).Strings("ss", ["a", "b"])
                .Tensor("t", OnnxTensors.Int64("t", [5, 6, 7, 8], 2, 2)),
                "com.example")
            .Opset("com.example", 1)
            .Output("y", TensorElementKind.Float, -1)
            .ToBytes());

        var attributes = model.Graph.Node[0].Attribute.ToDictionary(a => a.Name);
        Assert.Equal("com.example", model.Graph.Node[0].Domain);
        Assert.Equal((AttributeProto.Types.AttributeType.Float, 1.5f), (attributes["f"].Type, attributes["f"].F));
        Assert.Equal((AttributeProto.Types.AttributeType.Int, -7L), (attributes["i"].Type, attributes["i"].I));
        Assert.Equal("héllo", Encoding.UTF8.GetString(attributes["s"].S.Span));
        Assert.Equal([1f, 2f], attributes["fs"].Floats);
        Assert.Equal([3L, 4L], attributes["is"].Ints);
        Assert.Equal(["a", "b"], attributes["ss"].Strings.Select(s => s.ToStringUtf8()));
        Assert.Equal([2L, 2L], attributes["t"].T.Dims);
        Assert.Equal([5L, 6L, 7L, 8L], attributes["t"].T.Int64Data);
        Assert.Equal(AttributeProto.Types.AttributeType.Tensor, attributes["t"].Type);
    }

    [Fact]
    public void Node_SameAttributeTwice_Throws() =>
        Assert.Throws<ArgumentException>(() => new OnnxModelBuilder().Node("Identity", ["x"], ["y"], a => a.Int("k", 1).Int("k", 2)));

    [Fact]
    public void Initializer_WrongValueCount_Throws() =>
        Assert.Throws<ArgumentException>(() => new OnnxModelBuilder().Initializer("w", [1f, 2f, 3f], 2, 2));

    [Fact]
    public void Initializers_OfEveryKind_LoadAndRunInOnnxRuntime()
    {
        // Constant (tensor attribute) + float/int64/string initializers, each reaching an output.
        var bytes = new OnnxModelBuilder()
            .Input("x", TensorElementKind.Float, -1, 2)
            .Initializer("shift", [10f, 20f], 2)
            .Initializer("shape", [-1L, 1L], 2)
            .Initializer("names", ["a", "b"], 2)
            .Node("Constant", [], ["scale"], a => a.Tensor("value", OnnxTensors.FloatScalar("scale", 2f)))
            .Node("Mul", ["x", "scale"], ["scaled"])
            .Node("Add", ["scaled", "shift"], ["shifted"])
            .Node("Reshape", ["shifted", "shape"], ["y"])
            .Node("Identity", ["names"], ["labels"])
            .Output("y", TensorElementKind.Float, -1, 1)
            .Output("labels", TensorElementKind.String, 2)
            .ToBytes();
        using var runner = new OrtTestRunner(bytes);

        var y = runner.RunFloats(OrtTestRunner.Floats("x", [1f, 2f, 3f, 4f], 2, 2))["y"];

        Assert.Equal([4, 1], y.Dimensions.ToArray());
        Assert.Equal([12f, 24f, 16f, 28f], y.ToArray());
    }

    [Fact]
    public void Build_ReturnsCopy_BuilderCanContinue()
    {
        var builder = new OnnxModelBuilder().Input("x", TensorElementKind.Float, -1);
        var first = builder.Build();

        builder.Node("Identity", ["x"], ["y"]).Output("y", TensorElementKind.Float, -1);

        Assert.Empty(first.Graph.Node);
        Assert.Single(builder.Build().Graph.Node);
    }

    private static ModelProto Parse(byte[] bytes) => ModelProto.Parser.ParseFrom(bytes);
}
