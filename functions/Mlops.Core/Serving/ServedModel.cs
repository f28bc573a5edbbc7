using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Mlops.Core.Diagnostics;
using Mlops.Core.Registry;

namespace Mlops.Core.Serving;

/// <summary>
/// One loaded model version: its ONNX Runtime session (shared by every request; <c>Run</c> is thread-safe) and schema.
/// Reference-counted: the session cache holds one reference and each request a lease, so a version that is unloaded
/// while requests are running is disposed only after the last of them.
/// </summary>
internal sealed class ServedModel
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly Action<ServedModel> _onDisposed;
    private int _references = 1;
    private bool _preallocate;
    private long _lastUsed;

    public ServedModel(ModelVersion version, InferenceSession session, ModelSchema schema, long loadedAt, Action<ServedModel> onDisposed)
    {
        Version = version;
        VersionText = version.Version.ToString(CultureInfo.InvariantCulture);
        _session = session;
        Schema = schema;
        _lastUsed = loadedAt;
        _onDisposed = onDisposed;
        _preallocate = schema.OutputsPreallocatable;
    }

    public ModelVersion Version { get; }

    public string Name => Version.Name;

    public int Number => Version.Version;

    public string VersionText { get; }

    public ModelSchema Schema { get; }

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> of the last lease.</summary>
    public long LastUsed => Volatile.Read(ref _lastUsed);

    public bool IsDisposed => Volatile.Read(ref _references) == 0;

    /// <summary>Whether runs write into pooled buffers (see <see cref="ModelSchema.OutputsPreallocatable"/>).</summary>
    public bool PreallocatesOutputs => Volatile.Read(ref _preallocate);

    /// <summary>Takes a reference unless the model has already been disposed.</summary>
    public bool TryAcquire(long now)
    {
        var current = Volatile.Read(ref _references);
        while (current > 0)
        {
            var seen = Interlocked.CompareExchange(ref _references, current + 1, current);
            if (seen == current)
            {
                Volatile.Write(ref _lastUsed, now);
                return true;
            }

            current = seen;
        }

        return false;
    }

    /// <summary>Drops a reference; the last one disposes the session.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _session.Dispose();
            _runOptions.Dispose();
            _onDisposed(this);
        }
    }

    /// <summary>Runs the model on a batch; the caller disposes the outputs. Needs a lease.</summary>
    public OutputValue[] Run(InputBatch batch)
    {
        var inputs = batch.CreateValues();
        try
        {
            var preallocated = Volatile.Read(ref _preallocate) && batch.Rows > 0;
            if (preallocated && TryRunIntoBuffers(inputs, batch.Rows) is { } written)
            {
                return written;
            }

            var copied = RunAndCopy(inputs);
            if (preallocated)
            {
                // Runs with ONNX Runtime's own buffers but not with ours: the graph's declared output shapes are not
                // what it produces, so stop preallocating for this model.
                Volatile.Write(ref _preallocate, false);
            }

            return copied;
        }
        finally
        {
            foreach (var input in inputs)
            {
                input.Dispose();
            }
        }
    }

    /// <summary>ONNX Runtime writes straight into pooled buffers shaped from the signature: no copy, no shape queries.</summary>
    private OutputValue[]? TryRunIntoBuffers(OrtValue[] inputs, int rows)
    {
        var outputs = new OutputValue[Schema.Outputs.Count];
        var values = new OrtValue[outputs.Length];
        try
        {
            for (var i = 0; i < outputs.Length; i++)
            {
                var spec = Schema.Outputs[i];
                if (spec.FixedRows is { } fixedRows && fixedRows != rows)
                {
                    Discard(outputs);
                    return null;
                }

                var count = rows * spec.RowSize;
                var buffer = TensorBuffer.Create(spec.ElementKind, count);
                var shape = spec.BatchShape(rows);
                outputs[i] = new TensorOutput(spec, buffer, shape, count);
                values[i] = buffer.ToOrtValue(shape, count);
            }

            _session.Run(_runOptions, Schema.InputNames, inputs, Schema.OutputNames, values);
            return outputs;
        }
        catch (OnnxRuntimeException)
        {
            // A bad input or an output shape other than declared: the copying run below tells which.
            Discard(outputs);
            return null;
        }
        catch
        {
            Discard(outputs);
            throw;
        }
        finally
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }
        }
    }

    private OutputValue[] RunAndCopy(OrtValue[] inputs)
    {
        OutputValue[]? outputs = null;
        try
        {
            using var results = _session.Run(_runOptions, Schema.InputNames, inputs, Schema.OutputNames);
            outputs = new OutputValue[results.Count];
            var i = 0;
            foreach (var result in results)
            {
                outputs[i] = OutputValue.Copy(result, Schema.Outputs[i]);
                i++;
            }

            return outputs;
        }
        catch (Exception ex)
        {
            Discard(outputs);
            if (ex is OnnxRuntimeException)
            {
                throw MlopsException.Unprocessable(
                    $"Model '{Name}' version {VersionText} could not run on this input: {ex.Message}", "inputs", ex);
            }

            throw;
        }
    }

    private static void Discard(OutputValue[]? outputs)
    {
        foreach (var output in outputs ?? [])
        {
            output?.Dispose();
        }
    }
}
