using Microsoft.ML.OnnxRuntime;
using Mlops.Core.Onnx;

namespace Mlops.Core.Tests.Onnx;

/// <summary>The checker the exporter tests rely on catches each kind of inconsistency it claims to.</summary>
public sealed class OnnxTypeShapeCheckerTests
{
    [Fact]
    public void FindProblems_ConsistentGraph_FindsNone()
    {
        var model = new OnnxModelBuilder()
            .Input("x", TensorElementKind.Float, -1, 3)
            .Initializer("w", new float[6], 3, 2)
            .Initializer("b", new float[2], 2)
            .Node("MatMul", ["x", "w"], ["xw"])
            .Node("Add", ["xw", "b"], ["scores"])
            .Node("Softmax", ["scores"], ["p"], a => a.Int("axis", 1))
            .Node("ArgMax", ["p"], ["label"], a => a.Int("axis", 1).Int("keepdims", 0))
            .Output("p", TensorElementKind.Float, -1, 2)
            .Output("label", TensorElementKind.Int64, -1)
            .ToBytes();

        Assert.Empty(OnnxTypeShapeChecker.FindProblems(model));
        OnnxTypeShapeChecker.LoadStrictly(model);
    }

    [Fact]
    public void FindProblems_InnerDimensionsDiffer_Reported()
    {
        var model = new OnnxModelBuilder()
            .Input("x", TensorElementKind.Float, -1, 3)
            .Initializer("w", new float[8], 4, 2)
            .Node("MatMul", ["x", "w"], ["y"])
            .Output("y", TensorElementKind.Float, -1, 2)
            .ToBytes();

        Assert.Contains(OnnxTypeShapeChecker.FindProblems(model), p => p.Contains("inner dimensions differ", StringComparison.Ordinal));
    }

    [Fact]
    public void FindProblems_DeclaredOutputShapeDisagrees_ReportedAndStrictOnnxRuntimeRefuses()
    {
        var model = new OnnxModelBuilder()
            .Input("x", TensorElementKind.Float, -1, 1)
            .Node("Sigmoid", ["x"], ["y"])
            .Output("y", TensorElementKind.Float, -1, 3)
            .ToBytes();

        var problem = Assert.Single(OnnxTypeShapeChecker.FindProblems(model));
        Assert.Contains("'y' is declared with shape [N,3] but its node produces [N,1]", problem, StringComparison.Ordinal);
        Assert.ThrowsAny<OnnxRuntimeException>(() => OnnxTypeShapeChecker.LoadStrictly(model));
    }

    [Fact]
    public void FindProblems_DeclaredOutputTypeDisagrees_Reported()
    {
        var model = new OnnxModelBuilder()
            .Input("x", TensorElementKind.Float, -1, 1)
            .Node("Cast", ["x"], ["y"], a => a.Int("to", (long)TensorElementKind.Int64))
            .Output("y", TensorElementKind.Float, -1, 1)
            .ToBytes();

        Assert.Contains(OnnxTypeShapeChecker.FindProblems(model), p => p.Contains("element type 1 but its node produces 7", StringComparison.Ordinal));
    }

    [Fact]
    public void FindProblems_ConcatOfDifferentWidthsAlongTheBatch_Reported()
    {
        var model = new OnnxModelBuilder()
            .Input("a", TensorElementKind.Float, -1, 1)
            .Input("b", TensorElementKind.Float, -1, 2)
            .Node("Concat", ["a", "b"], ["y"], a => a.Int("axis", 0))
            .Output("y", TensorElementKind.Float, -1, 1)
            .ToBytes();

        Assert.Contains(OnnxTypeShapeChecker.FindProblems(model), p => p.Contains("differ in dimension 1", StringComparison.Ordinal));
    }

    [Fact]
    public void FindProblems_OneHotEncoderOnNumbersWithStringCategories_Reported()
    {
        var model = new OnnxModelBuilder()
            .Input("x", TensorElementKind.Float, -1, 1)
            .Node("OneHotEncoder", ["x"], ["y"], a => a.Strings("cats_strings", ["a", "b"]).Int("zeros", 1), OnnxDomains.Ml)
            .Output("y", TensorElementKind.Float, -1, 1, 2)
            .ToBytes();

        Assert.Contains(OnnxTypeShapeChecker.FindProblems(model), p => p.Contains("takes element type 8; got 1", StringComparison.Ordinal));
    }

    [Fact]
    public void FindProblems_OperatorWithoutARule_Reported()
    {
        var model = new OnnxModelBuilder()
            .Input("x", TensorElementKind.Float, -1, 1)
            .Node("Relu", ["x"], ["y"])
            .Output("y", TensorElementKind.Float, -1, 1)
            .ToBytes();

        Assert.Contains(OnnxTypeShapeChecker.FindProblems(model), p => p.Contains("no type and shape rule for operator 'Relu'", StringComparison.Ordinal));
    }
}
