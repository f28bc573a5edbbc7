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
    private long _lastUsed;

    public ServedModel(ModelVersion version, InferenceSession session, ModelSchema schema, long loadedAt, Action<ServedModel> onDisposed)
    {
        Version = version;
        VersionText = version.Version.ToString(CultureInfo.InvariantCulture);
        _session = session;
        Schema = schema;
        _lastUsed = loadedAt;
        _onDisposed = onDisposed;
    }

    public ModelVersion Version { get; }

    public string Name => Version.Name;

    public int Number => Version.Version;

    public string VersionText { get; }

    public ModelSchema Schema { get; }

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> of the last lease.</summary>
    public long LastUsed => Volatile.Read(ref _lastUsed);

    public bool IsDisposed => Volatile.Read(ref _references) == 0;

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
            foreach (var output in outputs ?? [])
            {
                output?.Dispose();
            }

            if (ex is OnnxRuntimeException)
            {
                throw MlopsException.Unprocessable(
                    $"Model '{Name}' version {VersionText} could not run on this input: {ex.Message}", "inputs", ex);
            }

            throw;
        }
        finally
        {
            foreach (var input in inputs)
            {
                input.Dispose();
            }
        }
    }
}
