using System.Buffers;
using Microsoft.ML.OnnxRuntime;

namespace Mlops.Core.Serving;

/// <summary>A tensor buffer over a pooled array of an unmanaged element type, handed to ONNX Runtime pinned.</summary>
internal abstract class BlittableBuffer<T> : TensorBuffer
    where T : unmanaged
{
    protected BlittableBuffer(int capacity)
    {
        Items = ArrayPool<T>.Shared.Rent(Math.Max(capacity, 1));
    }

    protected T[] Items { get; private set; }

    public T this[int index] => Items[index];

    public override void EnsureCapacity(int elements)
    {
        if (elements <= Items.Length)
        {
            return;
        }

        var larger = ArrayPool<T>.Shared.Rent(Math.Max(elements, Items.Length * 2));
        Items.AsSpan().CopyTo(larger);
        ArrayPool<T>.Shared.Return(Items);
        Items = larger;
    }

    public override OrtValue ToOrtValue(long[] shape, int count) =>
        OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<T>(Items, 0, count), shape);

    public override void CopyFrom(OrtValue value, int count)
    {
        EnsureCapacity(count);
        value.GetTensorDataAsSpan<T>()[..count].CopyTo(Items);
    }

    public override void Dispose()
    {
        var items = Items;
        Items = [];
        if (items.Length > 0)
        {
            ArrayPool<T>.Shared.Return(items);
        }
    }
}
