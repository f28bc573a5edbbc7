using System.Buffers;
using Microsoft.ML.OnnxRuntime;

namespace Mlops.Core.Serving;

/// <summary>The parsed inputs of one request: a pooled buffer and a shape per model input, in model input order.</summary>
internal sealed class InputBatch : IDisposable
{
    private (int Start, int Length)[] _rawValues = [];

    public InputBatch(ModelSchema schema, int initialRows)
    {
        Schema = schema;
        Buffers = new TensorBuffer[schema.Inputs.Count];
        Shapes = new long[schema.Inputs.Count][];
        Counts = new int[schema.Inputs.Count];
        for (var i = 0; i < Buffers.Length; i++)
        {
            var input = schema.Inputs[i];
            Buffers[i] = TensorBuffer.Create(input.ElementKind, input.RowSize > 0 ? input.RowSize * initialRows : 0);
        }
    }

    public ModelSchema Schema { get; }

    public TensorBuffer[] Buffers { get; }

    public long[][] Shapes { get; }

    /// <summary>Elements per input.</summary>
    public int[] Counts { get; }

    /// <summary>
    /// For tabular requests, where each value's JSON token is in the request body, by row and column position, so the
    /// prediction log can copy the values as sent instead of formatting numbers again; empty otherwise.
    /// </summary>
    public ReadOnlySpan<(int Start, int Length)> RawValues => _rawValues.AsSpan(0, Rows * (Schema.Tabular?.PositionCount ?? 0));

    /// <summary>Batch rows (the first dimension shared by the inputs; 1 for scalar inputs).</summary>
    public int Rows { get; set; }

    public void EnsureRawCapacity(int rows)
    {
        var needed = rows * (Schema.Tabular?.PositionCount ?? 0);
        if (needed <= _rawValues.Length)
        {
            return;
        }

        var larger = ArrayPool<(int, int)>.Shared.Rent(Math.Max(needed, _rawValues.Length * 2));
        _rawValues.AsSpan().CopyTo(larger);
        ReturnRawValues();
        _rawValues = larger;
    }

    public void SetRawValue(int row, int position, long start, long end) =>
        _rawValues[(row * Schema.Tabular!.PositionCount) + position] = ((int)start, (int)(end - start));

    /// <summary>Sets the shapes of a tabular batch of <paramref name="rows"/> rows.</summary>
    public void SetRows(int rows)
    {
        Rows = rows;
        for (var i = 0; i < Buffers.Length; i++)
        {
            var input = Schema.Inputs[i];
            Shapes[i] = input.BatchShape(rows);
            Counts[i] = rows * input.RowSize;
        }
    }

    /// <summary>Creates the ONNX Runtime values over the buffers; the caller disposes them before this batch.</summary>
    public OrtValue[] CreateValues()
    {
        var values = new OrtValue[Buffers.Length];
        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = Buffers[i].ToOrtValue(Shapes[i], Counts[i]);
            }

            return values;
        }
        catch
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }

            throw;
        }
    }

    public void Dispose()
    {
        ReturnRawValues();
        foreach (var buffer in Buffers)
        {
            buffer?.Dispose();
        }
    }

    private void ReturnRawValues()
    {
        if (_rawValues.Length > 0)
        {
            ArrayPool<(int, int)>.Shared.Return(_rawValues);
            _rawValues = [];
        }
    }
}
