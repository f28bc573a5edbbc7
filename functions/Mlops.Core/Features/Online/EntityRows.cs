using Mlops.Core.Diagnostics;

namespace Mlops.Core.Features.Online;

/// <summary>An entity-keyed predict request turned into the model's rows.</summary>
/// <param name="Rows">The rows as <c>{"inputs": [...]}</c>: the looked-up features and the request-time columns.</param>
/// <param name="Lineage">The log record's <c>features</c> object.</param>
/// <param name="Count">The number of entities (rows).</param>
/// <param name="RequestColumns">The request-time columns (<c>request_context</c>).</param>
internal sealed record EntityRows(byte[] Rows, byte[] Lineage, int Count, IReadOnlyList<string> RequestColumns)
{
    /// <summary>
    /// Scoring names a refused value by its column; a request-time column is named as the request gave it,
    /// <c>request_context.{column}</c>. Other errors stay as they are.
    /// </summary>
    public MlopsException Rename(MlopsException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Field is { } field && RequestColumns.Contains(field, StringComparer.Ordinal)
            ? new MlopsException(error.Category, error.Message, $"{EntityPredictionInput.RequestContextField}.{field}", error)
            : error;
    }
}
