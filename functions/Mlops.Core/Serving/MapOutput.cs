using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Serving;

/// <summary>
/// A map output, or a sequence of maps with one per row (the <c>ZipMap</c> probabilities of converted scikit-learn
/// classifiers), written as JSON objects such as <c>{"0": 0.2, "1": 0.8}</c>.
/// </summary>
internal sealed class MapOutput : OutputValue
{
    private readonly List<(TensorBuffer Keys, TensorBuffer Values, int Count)> _maps;
    private readonly bool _perRow;

    private MapOutput(ModelTensor spec, List<(TensorBuffer, TensorBuffer, int)> maps, bool perRow)
        : base(spec)
    {
        _maps = maps;
        _perRow = perRow;
    }

    public static MapOutput Create(OrtValue value, ModelTensor spec)
    {
        var maps = new List<(TensorBuffer, TensorBuffer, int)>();
        var output = new MapOutput(spec, maps, value.OnnxType == OnnxValueType.ONNX_TYPE_SEQUENCE);
        try
        {
            if (value.OnnxType == OnnxValueType.ONNX_TYPE_MAP)
            {
                maps.Add(ReadMap(value, spec));
                return output;
            }

            var count = value.GetValueCount();
            for (var i = 0; i < count; i++)
            {
                using var element = value.GetValue(i, OrtAllocator.DefaultInstance);
                if (element.OnnxType != OnnxValueType.ONNX_TYPE_MAP)
                {
                    throw MlopsException.Unprocessable(
                        $"Model output '{spec.Name}' is a sequence of {element.OnnxType}; serving returns sequences of maps only.", "model");
                }

                maps.Add(ReadMap(element, spec));
            }

            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    public override void WriteRow(Utf8JsonWriter writer, int row, int rows)
    {
        var index = _perRow ? row : 0;
        if (index >= _maps.Count)
        {
            writer.WriteNullValue();
            return;
        }

        var (keys, values, count) = _maps[index];
        writer.WriteStartObject();
        for (var i = 0; i < count; i++)
        {
            keys.WritePropertyName(writer, i);
            values.WriteJson(writer, i);
        }

        writer.WriteEndObject();
    }

    public override void Dispose()
    {
        foreach (var (keys, values, _) in _maps)
        {
            keys.Dispose();
            values.Dispose();
        }

        _maps.Clear();
    }

    private static (TensorBuffer, TensorBuffer, int) ReadMap(OrtValue map, ModelTensor spec)
    {
        using var keys = map.GetValue(0, OrtAllocator.DefaultInstance);
        using var values = map.GetValue(1, OrtAllocator.DefaultInstance);
        var keyInfo = keys.GetTensorTypeAndShape();
        var valueInfo = values.GetTensorTypeAndShape();
        var count = checked((int)keyInfo.ElementCount);
        var keyBuffer = TensorBuffer.Create(CheckedKind(keyInfo, spec), count);
        var valueBuffer = TensorBuffer.Create(CheckedKind(valueInfo, spec), count);
        keyBuffer.CopyFrom(keys, count);
        valueBuffer.CopyFrom(values, count);
        return (keyBuffer, valueBuffer, count);
    }
}
