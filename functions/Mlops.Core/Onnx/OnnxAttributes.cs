using System.Text;
using Google.Protobuf;
using Mlops.Core.Onnx.Proto;

namespace Mlops.Core.Onnx;

/// <summary>Collects the attributes of one node for <see cref="OnnxModelBuilder.Node"/>.</summary>
internal sealed class OnnxAttributes
{
    private readonly List<AttributeProto> _attributes = [];

    public IReadOnlyList<AttributeProto> Items => _attributes;

    public OnnxAttributes Float(string name, float value) =>
        Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value });

    public OnnxAttributes Int(string name, long value) =>
        Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value });

    public OnnxAttributes String(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFrom(value, Encoding.UTF8) });
    }

    public OnnxAttributes Floats(string name, IEnumerable<float> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Floats };
        attribute.Floats.AddRange(values);
        return Add(attribute);
    }

    public OnnxAttributes Ints(string name, IEnumerable<long> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return Add(attribute);
    }

    public OnnxAttributes Strings(string name, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        attribute.Strings.AddRange(values.Select(v => ByteString.CopyFrom(v, Encoding.UTF8)));
        return Add(attribute);
    }

    public OnnxAttributes Tensor(string name, TensorProto value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = value });
    }

    private OnnxAttributes Add(AttributeProto attribute)
    {
        if (string.IsNullOrEmpty(attribute.Name))
        {
            throw new ArgumentException("An attribute needs a name.", nameof(attribute));
        }

        if (_attributes.Any(a => a.Name == attribute.Name))
        {
            throw new ArgumentException($"Attribute '{attribute.Name}' is set twice.", nameof(attribute));
        }

        _attributes.Add(attribute);
        return this;
    }
}
