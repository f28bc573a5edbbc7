using Mlops.Core.Diagnostics;
using Mlops.Core.Onnx;
using Mlops.Core.Onnx.Proto;
using Mlops.Core.Onnx.Samples;

namespace Mlops.Core.Tests.Onnx;

public sealed class OnnxModelValidatorTests
{
    public static TheoryData<string, byte[]> Samples() => new()
    {
        { "linear", SampleModels.LinearRegressor([1f, 2f], 0f) },
        { "trees", SampleModels.TreeEnsembleRegressor(trees: 3, features: 2, depth: 2) },
        { "classifier", SampleModels.TreeEnsembleClassifier(trees: 3, features: 2, depth: 2) },
        { "zipmap", SampleModels.TreeEnsemble(trees: 3, features: 2, depth: 2).ToBinaryClassifierOnnx(zipMap: true) },
        { "named columns", SampleModels.NamedColumns() },
        { "map input", TestModels.MapInput() },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void FindProblems_SampleModel_FindsNone(string description, byte[] model)
    {
        var problems = OnnxModelValidator.FindProblems(ModelProto.Parser.ParseFrom(model));

        Assert.True(problems.Count == 0, $"{description}: {string.Join(" ", problems)}");
    }

    [Fact]
    public void FindProblems_UndefinedInput_NamesValueAndNode()
    {
        var problem = Assert.Single(OnnxModelValidator.FindProblems(ModelProto.Parser.ParseFrom(TestModels.UndefinedNodeInput())));

        Assert.Contains("'offset'", problem, StringComparison.Ordinal);
        Assert.Contains("(Add)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FindProblems_NodesOutOfOrder_AcceptedAsOnnxRuntimeDoes()
    {
        var model = ModelProto.Parser.ParseFrom(SampleModels.LinearRegressor([1f], 0f));
        var add = model.Graph.Node[1];
        model.Graph.Node.RemoveAt(1);
        model.Graph.Node.Insert(0, add);

        Assert.Empty(OnnxModelValidator.FindProblems(model));
    }

    [Fact]
    public void FindProblems_TwoProducersOfOneValue_Reported()
    {
        var model = ModelProto.Parser.ParseFrom(SampleModels.LinearRegressor([1f], 0f));
        model.Graph.Node[1].Output[0] = "multiplied";

        Assert.Contains(OnnxModelValidator.FindProblems(model), p => p.Contains("'multiplied'", StringComparison.Ordinal) && p.Contains("one producer", StringComparison.Ordinal));
    }

    [Fact]
    public void FindProblems_OmittedOptionalInput_IsNotUndefined()
    {
        var model = ModelProto.Parser.ParseFrom(SampleModels.LinearRegressor([1f], 0f));
        model.Graph.Node[0].Input.Add(string.Empty);

        Assert.Empty(OnnxModelValidator.FindProblems(model));
    }

    [Fact]
    public void FindProblems_InputWithoutType_Reported()
    {
        var model = ModelProto.Parser.ParseFrom(SampleModels.LinearRegressor([1f], 0f));
        model.Graph.Input[0].Type = null;

        Assert.Contains(OnnxModelValidator.FindProblems(model), p => p.Contains("'features' has no type", StringComparison.Ordinal));
    }

    [Fact]
    public void FindProblems_EmptyMessage_SaysNotAnOnnxModel()
    {
        var problem = Assert.Single(OnnxModelValidator.FindProblems(new ModelProto()));

        Assert.Contains("do not look like an ONNX model", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ManyProblems_ListsFirstFiveAndCountsTheRest()
    {
        var builder = new OnnxModelBuilder().Input("x", TensorElementKind.Float, -1);
        for (var i = 0; i < 8; i++)
        {
            builder.Node("Add", ["x", $"missing{i}"], [$"y{i}"]);
        }

        var model = builder.Output("y0", TensorElementKind.Float, -1).Build();

        var ex = Assert.Throws<MlopsException>(() => OnnxModelValidator.Validate(model));

        Assert.Equal(ErrorCategory.Unprocessable, ex.Category);
        Assert.Equal("model", ex.Field);
        Assert.Contains("'missing4'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'missing5'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3 more problems", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Garbage_Is422NamingModel()
    {
        var ex = Assert.Throws<MlopsException>(() => OnnxModelValidator.Parse(new byte[] { 0xFF, 0xFF, 0xFF }));

        Assert.Equal((ErrorCategory.Unprocessable, "model"), (ex.Category, ex.Field));
    }
}
