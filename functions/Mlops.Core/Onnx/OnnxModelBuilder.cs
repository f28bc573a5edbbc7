using Google.Protobuf;
using Mlops.Core.Onnx.Proto;

namespace Mlops.Core.Onnx;

/// <summary>
/// A small fluent writer for ONNX models: the project trains and exports its own models, and tests, the demo and the
/// benchmarks build theirs, without Python. It writes what it is told; <see cref="OnnxModelValidator"/> checks it.
/// </summary>
/// <example><code>
/// var bytes = new OnnxModelBuilder()
///     .Input("features", TensorElementKind.Float, -1, 3)
///     .Initializer("W", [0.5f, -1f, 2f], 3, 1)
///     .Node("MatMul", ["features", "W"], ["variable"])
///     .Output("variable", TensorElementKind.Float, -1, 1)
///     .ToBytes();
/// </code></example>
internal sealed class OnnxModelBuilder
{
    /// <summary>The symbolic name given to a dynamic leading (batch) dimension.</summary>
    public const string BatchDimension = "N";

    private readonly GraphProto _graph;
    private readonly Dictionary<string, long> _opsets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _metadata = new(StringComparer.Ordinal);
    private long _irVersion = OnnxDomains.IrVersion;
    private string _producerName = "mlops";
    private string _producerVersion = "1.0";
    private string _docString = string.Empty;

    public OnnxModelBuilder(string graphName = "main")
    {
        ArgumentException.ThrowIfNullOrEmpty(graphName);
        _graph = new GraphProto { Name = graphName };
    }

    public OnnxModelBuilder IrVersion(long version)
    {
        _irVersion = version;
        return this;
    }

    /// <summary>Imports an operator set; without it the default domain gets opset 17 and "ai.onnx.ml" opset 3 when used.</summary>
    public OnnxModelBuilder Opset(string domain, long version)
    {
        ArgumentNullException.ThrowIfNull(domain);
        _opsets[OnnxDomains.IsDefault(domain) ? OnnxDomains.Default : domain] = version;
        return this;
    }

    public OnnxModelBuilder Producer(string name, string version = "")
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(version);
        _producerName = name;
        _producerVersion = version;
        return this;
    }

    public OnnxModelBuilder Doc(string docString)
    {
        ArgumentNullException.ThrowIfNull(docString);
        _docString = docString;
        return this;
    }

    public OnnxModelBuilder Metadata(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        _metadata[key] = value;
        return this;
    }

    /// <summary>Adds a tensor graph input; a -1 dimension is dynamic (the first one is named "N", the batch).</summary>
    public OnnxModelBuilder Input(string name, TensorElementKind elementType, params long[] shape) =>
        Input(TensorValue(name, elementType, shape));

    public OnnxModelBuilder Input(ValueInfoProto value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _graph.Input.Add(value);
        return this;
    }

    /// <summary>Adds a tensor graph output; a -1 dimension is dynamic (the first one is named "N", the batch).</summary>
    public OnnxModelBuilder Output(string name, TensorElementKind elementType, params long[] shape) =>
        Output(TensorValue(name, elementType, shape));

    public OnnxModelBuilder Output(ValueInfoProto value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _graph.Output.Add(value);
        return this;
    }

    public OnnxModelBuilder Initializer(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentException.ThrowIfNullOrEmpty(tensor.Name, nameof(tensor));
        _graph.Initializer.Add(tensor);
        return this;
    }

    /// <summary>A float constant; no dims means 1-D.</summary>
    public OnnxModelBuilder Initializer(string name, float[] values, params long[] dims) =>
        Initializer(OnnxTensors.Float(name, values, dims));

    /// <summary>An int64 constant; no dims means 1-D.</summary>
    public OnnxModelBuilder Initializer(string name, long[] values, params long[] dims) =>
        Initializer(OnnxTensors.Int64(name, values, dims));

    /// <summary>A string constant; no dims means 1-D.</summary>
    public OnnxModelBuilder Initializer(string name, string[] values, params long[] dims) =>
        Initializer(OnnxTensors.String(name, values, dims));

    /// <summary>Appends a node; nodes must be added in topological order (producers before consumers).</summary>
    public OnnxModelBuilder Node(
        string opType,
        IReadOnlyList<string> inputs,
        IReadOnlyList<string> outputs,
        Action<OnnxAttributes>? attributes = null,
        string domain = OnnxDomains.Default,
        string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(domain);

        var node = new NodeProto
        {
            OpType = opType,
            Domain = domain,
            Name = name ?? $"{opType}_{_graph.Node.Count}",
        };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        if (attributes is not null)
        {
            var collected = new OnnxAttributes();
            attributes(collected);
            node.Attribute.AddRange(collected.Items);
        }

        _graph.Node.Add(node);
        return this;
    }

    /// <summary>The model as a proto (a fresh copy: the builder can go on).</summary>
    public ModelProto Build()
    {
        var model = new ModelProto
        {
            IrVersion = _irVersion,
            ProducerName = _producerName,
            ProducerVersion = _producerVersion,
            DocString = _docString,
            Graph = _graph.Clone(),
        };

        var opsets = new Dictionary<string, long>(_opsets, StringComparer.Ordinal);
        opsets.TryAdd(OnnxDomains.Default, OnnxDomains.DefaultOpset);
        if (_graph.Node.Any(n => n.Domain == OnnxDomains.Ml))
        {
            opsets.TryAdd(OnnxDomains.Ml, OnnxDomains.MlOpset);
        }

        // Default domain first, then by name: byte-identical output for identical input.
        foreach (var (domain, version) in opsets.OrderBy(o => o.Key.Length == 0 ? 0 : 1).ThenBy(o => o.Key, StringComparer.Ordinal))
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = version });
        }

        foreach (var (key, value) in _metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }

    public byte[] ToBytes() => Build().ToByteArray();

    /// <summary>A tensor value description; -1 dimensions are dynamic (the first named "N").</summary>
    public static ValueInfoProto TensorValue(string name, TensorElementKind elementType, params long[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new ValueInfoProto { Name = name, Type = TensorType(elementType, shape) };
    }

    /// <summary>A sequence of maps, the shape of ZipMap's output (e.g. int64 → float per row).</summary>
    public static ValueInfoProto SequenceOfMapsValue(string name, TensorElementKind keyType, TensorElementKind valueType)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var map = new TypeProto { MapType = new TypeProto.Types.Map { KeyType = (int)keyType, ValueType = ScalarType(valueType) } };
        return new ValueInfoProto { Name = name, Type = new TypeProto { SequenceType = new TypeProto.Types.Sequence { ElemType = map } } };
    }

    /// <summary>A map value (e.g. DictVectorizer's input).</summary>
    public static ValueInfoProto MapValue(string name, TensorElementKind keyType, TensorElementKind valueType)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { MapType = new TypeProto.Types.Map { KeyType = (int)keyType, ValueType = ScalarType(valueType) } },
        };
    }

    private static TypeProto ScalarType(TensorElementKind elementType) =>
        new() { TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType } };

    private static TypeProto TensorType(TensorElementKind elementType, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var tensor = new TypeProto.Types.Tensor { ElemType = (int)elementType, Shape = new TensorShapeProto() };
        var dynamicCount = 0;
        foreach (var dim in shape)
        {
            if (dim >= 0)
            {
                tensor.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = dim });
            }
            else if (dim == -1)
            {
                tensor.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = dynamicCount++ == 0 ? BatchDimension : $"d{dynamicCount - 1}" });
            }
            else
            {
                throw new ArgumentOutOfRangeException(nameof(shape), dim, "A dimension is a size (>= 0) or -1 for dynamic.");
            }
        }

        return new TypeProto { TensorType = tensor };
    }
}
