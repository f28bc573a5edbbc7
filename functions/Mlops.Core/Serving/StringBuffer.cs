using System.Buffers;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Mlops.Core.Onnx;

namespace Mlops.Core.Serving;

/// <summary>String elements kept as unescaped UTF-8 in one pooled byte array, so requests allocate no strings.</summary>
internal sealed class StringBuffer : TensorBuffer
{
    private (int Start, int Length)[] _items;
    private byte[] _bytes;
    private int _used;

    public StringBuffer(int capacity)
    {
        _items = ArrayPool<(int, int)>.Shared.Rent(Math.Max(capacity, 1));
        _bytes = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 1) * 16);
    }

    public override TensorElementKind Kind => TensorElementKind.String;

    public ReadOnlySpan<byte> this[int index] => _bytes.AsSpan(_items[index].Start, _items[index].Length);

    public override void EnsureCapacity(int elements)
    {
        if (elements <= _items.Length)
        {
            return;
        }

        var larger = ArrayPool<(int, int)>.Shared.Rent(Math.Max(elements, _items.Length * 2));
        _items.AsSpan().CopyTo(larger);
        ArrayPool<(int, int)>.Shared.Return(_items);
        _items = larger;
    }

    public override ElementError Read(ref Utf8JsonReader reader, int index, bool allowMissing)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                // Unescaping never makes a string longer than its escaped form.
                var span = Reserve(reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length);
                var length = reader.CopyString(span);
                _items[index] = (_used, length);
                _used += length;
                return ElementError.None;
            case JsonTokenType.Null:
                return ElementError.Null;
            default:
                return ElementError.NotString;
        }
    }

    public override OrtValue ToOrtValue(long[] shape, int count)
    {
        var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
        try
        {
            for (var i = 0; i < count; i++)
            {
                value.StringTensorSetElementAt(this[i], i);
            }

            return value;
        }
        catch
        {
            value.Dispose();
            throw;
        }
    }

    public override void CopyFrom(OrtValue value, int count)
    {
        EnsureCapacity(count);
        _used = 0;
        for (var i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> utf8 = value.GetStringElementAsSpan(i);
            utf8.CopyTo(Reserve(utf8.Length));
            _items[i] = (_used, utf8.Length);
            _used += utf8.Length;
        }
    }

    public override void WriteJson(Utf8JsonWriter writer, int index) => writer.WriteStringValue(this[index]);

    public override void WritePropertyName(Utf8JsonWriter writer, int index) => writer.WritePropertyName(this[index]);

    public override void Dispose()
    {
        if (_bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            ArrayPool<(int, int)>.Shared.Return(_items);
            _bytes = [];
            _items = [];
        }
    }

    private Span<byte> Reserve(int length)
    {
        if (_used + length > _bytes.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_used + length, _bytes.Length * 2));
            _bytes.AsSpan(0, _used).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = larger;
        }

        return _bytes.AsSpan(_used, length);
    }
}
