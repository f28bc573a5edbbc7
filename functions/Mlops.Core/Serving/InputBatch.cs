using Microsoft.ML.OnnxRuntime;

namespace Mlops.Core.Serving;

/// <summary>The parsed inputs of one request: a pooled buffer and a shape per model input, in model input order.</summary>
internal sealed class InputBatch : IDisposable
{
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
    /// Where in the request body the rows are already a JSON array of objects keyed by column (the records formats
    /// without the vector form), so the prediction log can keep them as sent; null otherwise.
    /// </summary>
    public Range? RawRows { get; set; }

    /// <summary>Batch rows (the first dimension shared by the inputs; 1 for scalar inputs).</summary>
    public int Rows { get; set; }

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
        foreach (var buffer in Buffers)
        {
            buffer?.Dispose();
        }
    }
}
