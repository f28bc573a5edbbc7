using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mlops.Core.Diagnostics;
using Mlops.Core.Onnx;
using Mlops.Core.Onnx.Samples;
using Mlops.Core.Tests.Infrastructure;

namespace Mlops.Core.Tests.Onnx;

public sealed class OnnxModelInspectorTests
{
    private readonly OnnxModelInspector _inspector = new();

    [Fact]
    public void Inspect_LinearRegressor_ReadsFeaturesAndVariable()
    {
        var signature = _inspector.Inspect(SampleModels.LinearRegressor([1f, 2f, 3f, 4f], 0f));

        var input = Assert.Single(signature.Inputs);
        Assert.Equal(new TensorSpec("features", TensorElementKind.Float, [-1, 4]), input, SpecComparer.Instance);
        var output = Assert.Single(signature.Outputs);
        Assert.Equal(new TensorSpec("variable", TensorElementKind.Float, [-1, 1]), output, SpecComparer.Instance);
    }

    [Fact]
    public void Inspect_TreeEnsembleRegressor_ReadsSignature()
    {
        var signature = _inspector.Inspect(SampleModels.TreeEnsembleRegressor(trees: 5, features: 6, depth: 2));

        Assert.Equal(new TensorSpec("features", TensorElementKind.Float, [-1, 6]), Assert.Single(signature.Inputs), SpecComparer.Instance);
        Assert.Equal(new TensorSpec("variable", TensorElementKind.Float, [-1, 1]), Assert.Single(signature.Outputs), SpecComparer.Instance);
    }

    [Fact]
    public void Inspect_TreeEnsembleClassifier_ReadsLabelAndProbabilities()
    {
        var signature = _inspector.Inspect(SampleModels.TreeEnsembleClassifier(trees: 5, features: 3, depth: 2));

        Assert.Equal(new TensorSpec("features", TensorElementKind.Float, [-1, 3]), Assert.Single(signature.Inputs), SpecComparer.Instance);
        Assert.Equal(2, signature.Outputs.Count);
        Assert.Equal(new TensorSpec("label", TensorElementKind.Int64, [-1]), signature.Outputs[0], SpecComparer.Instance);
        Assert.Equal(new TensorSpec("probabilities", TensorElementKind.Float, [-1, 2]), signature.Outputs[1], SpecComparer.Instance);
    }

    [Fact]
    public void Inspect_ZipMapClassifier_ReportsSequenceOutput()
    {
        var model = SampleModels.TreeEnsemble(trees: 3, features: 2, depth: 2).ToBinaryClassifierOnnx(zipMap: true);

        var signature = _inspector.Inspect(model);

        Assert.Equal(new TensorSpec("probabilities", TensorElementKind.Float, [-1], ValueKind.Sequence), signature.Outputs[1], SpecComparer.Instance);
    }

    [Fact]
    public void Inspect_NamedColumns_ReadsOneInputPerColumnInGraphOrder()
    {
        var signature = _inspector.Inspect(SampleModels.NamedColumns());

        Assert.Equal(
            [
                new TensorSpec("age", TensorElementKind.Float, [-1, 1]),
                new TensorSpec("income", TensorElementKind.Float, [-1, 1]),
                new TensorSpec("plan", TensorElementKind.String, [-1, 1]),
            ],
            signature.Inputs,
            SpecComparer.Instance);
        Assert.Equal(new TensorSpec("score", TensorElementKind.Float, [-1, 1]), Assert.Single(signature.Outputs), SpecComparer.Instance);
    }

    [Fact]
    public void Inspect_MapInput_ReportsMapKindWithValueType()
    {
        var signature = _inspector.Inspect(TestModels.MapInput());

        Assert.Equal(new TensorSpec("fields", TensorElementKind.Float, [-1], ValueKind.Map), Assert.Single(signature.Inputs), SpecComparer.Instance);
        Assert.Equal(new TensorSpec("vector", TensorElementKind.Float, [1, 3]), Assert.Single(signature.Outputs), SpecComparer.Instance);
    }

    [Fact]
    public void Inspect_InitializerListedAsInput_LeavesItOut()
    {
        var signature = _inspector.Inspect(TestModels.InitializerListedAsInput());

        Assert.Equal("features", Assert.Single(signature.Inputs).Name);
    }

    [Fact]
    public void Inspect_EveryServedElementKind_MapsBackToItself()
    {
        var signature = _inspector.Inspect(TestModels.AllElementKinds());

        var kinds = Enum.GetValues<TensorElementKind>();
        Assert.Equal(kinds, signature.Inputs.Select(i => i.ElementType));
        Assert.Equal(kinds.Select(k => $"in_{k}"), signature.Inputs.Select(i => i.Name));
        Assert.Equal(kinds, signature.Outputs.Select(o => o.ElementType));
    }

    [Fact]
    public void Inspect_SliceOfLargerBuffer_ReadsSignature()
    {
        var model = TestModels.Linear();
        var buffer = new byte[model.Length + 20];
        model.CopyTo(buffer, 10);

        var signature = _inspector.Inspect(buffer.AsMemory(10, model.Length));

        Assert.Equal("features", Assert.Single(signature.Inputs).Name);
    }

    public static TheoryData<string, byte[]> InvalidModels()
    {
        var valid = TestModels.Linear();
        var random = new byte[4096];
        new Random(17).NextBytes(random);
        return new TheoryData<string, byte[]>
        {
            { "empty", [] },
            { "random bytes", random },
            { "text", "this is not an onnx model"u8.ToArray() },
            { "truncated", valid[..(valid.Length / 2)] },
            { "truncated by one byte", valid[..^1] },
            { "undefined node input", TestModels.UndefinedNodeInput() },
            { "unknown operator", TestModels.UnknownOperator() },
            { "type mismatch", TestModels.TypeMismatch() },
            { "inconsistent tree attributes", TestModels.InconsistentTreeAttributes() },
            { "no ir_version", TestModels.WithoutIrVersion() },
            { "no opset_import", TestModels.WithoutOpsetImports() },
            { "no ai.onnx.ml import", TestModels.WithoutMlOpsetImport() },
            { "no inputs", TestModels.NoInputs() },
            { "unproduced output", TestModels.UnproducedOutput() },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidModels))]
    public void Inspect_InvalidModel_Is422NamingModel(string description, byte[] model)
    {
        var ex = Assert.Throws<MlopsException>(() => _inspector.Inspect(model));

        Assert.True(ex.Category == ErrorCategory.Unprocessable, $"{description}: {ex.Category}");
        Assert.Equal("model", ex.Field);
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    [Fact]
    public void Inspect_Empty_SaysTheModelIsEmpty()
    {
        var ex = Assert.Throws<MlopsException>(() => _inspector.Inspect(ReadOnlyMemory<byte>.Empty));

        Assert.Contains("empty", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Inspect_UndefinedNodeInput_NamesTheValue()
    {
        var ex = Assert.Throws<MlopsException>(() => _inspector.Inspect(TestModels.UndefinedNodeInput()));

        Assert.Contains("'offset'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_UnknownOperator_CarriesOnnxRuntimeMessage()
    {
        var ex = Assert.Throws<MlopsException>(() => _inspector.Inspect(TestModels.UnknownOperator()));

        Assert.Contains("ONNX Runtime", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Frobnicate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_ManyCorruptions_NeverThrowsAnythingButA422()
    {
        var valid = SampleModels.NamedColumns();
        var random = new Random(23);
        for (var i = 0; i < 300; i++)
        {
            var corrupt = (byte[])valid.Clone();
            var flips = 1 + random.Next(8);
            for (var f = 0; f < flips; f++)
            {
                corrupt[random.Next(corrupt.Length)] = (byte)random.Next(256);
            }

            var length = random.Next(3) == 0 ? random.Next(corrupt.Length) : corrupt.Length;
            try
            {
                _inspector.Inspect(corrupt.AsMemory(0, length));
            }
            catch (MlopsException ex)
            {
                Assert.Equal(ErrorCategory.Unprocessable, ex.Category);
                Assert.Equal("model", ex.Field);
            }
        }
    }

    [Fact]
    public void AddOnnx_RegistersInspectorAsSingleton()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.AddOnnx();
        using var provider = builder.Services.BuildServiceProvider();

        var first = provider.GetRequiredService<IOnnxModelInspector>();

        Assert.IsType<OnnxModelInspector>(first);
        Assert.Same(first, provider.GetRequiredService<IOnnxModelInspector>());
    }

    [Fact]
    public async Task AddMlopsCore_CompositionRoot_ProvidesInspector()
    {
        await using var host = await CoreHost.StartAsync();

        var inspector = host.Services.GetRequiredService<IOnnxModelInspector>();

        Assert.Equal("features", Assert.Single(inspector.Inspect(TestModels.Linear()).Inputs).Name);
    }

    private sealed class SpecComparer : IEqualityComparer<TensorSpec>
    {
        public static readonly SpecComparer Instance = new();

        public bool Equals(TensorSpec? x, TensorSpec? y) =>
            x is not null && y is not null && x.Name == y.Name && x.ElementType == y.ElementType && x.Kind == y.Kind
            && x.Shape.SequenceEqual(y.Shape);

        public int GetHashCode(TensorSpec obj) => HashCode.Combine(obj.Name, obj.ElementType, obj.Kind);
    }
}
