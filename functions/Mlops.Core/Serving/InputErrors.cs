using System.Buffers;
using System.Text.Json;
using Mlops.Core.Diagnostics;
using Mlops.Core.Onnx;

namespace Mlops.Core.Serving;

/// <summary>The 400s for values that do not fit a tensor element, worded as the conventions ask.</summary>
internal static class InputErrors
{
    private const int QuotedLength = 40;

    /// <summary>E.g. <c>Feature 'age' must be a number; got "abc".</c></summary>
    /// <param name="error">What was wrong.</param>
    /// <param name="subject">Who, e.g. <c>Feature 'age'</c>.</param>
    /// <param name="field">The field the problem details name.</param>
    /// <param name="reader">Positioned on the offending value.</param>
    /// <param name="where">Appended after the value, e.g. <c> in row 3</c>; empty for none.</param>
    /// <param name="kind">The element type expected.</param>
    /// <param name="allowMissing">Whether null would have been accepted as a missing value.</param>
    public static MlopsException Element(
        ElementError error, string subject, string field, ref Utf8JsonReader reader, string where, TensorElementKind kind, bool allowMissing)
    {
        var got = Describe(ref reader);
        var message = error switch
        {
            ElementError.NotFinite => $"{subject} must be a finite number; got {got}{where}." +
                (IsFloating(kind) && allowMissing ? " Send null for a missing value." : string.Empty),
            ElementError.OutOfRange => $"{subject} is out of range for {kind}; got {got}{where}.",
            ElementError.NotWhole => $"{subject} must be a whole number; got {got}{where}.",
            _ => $"{subject} must be {Expectation(kind)}; got {got}{where}.",
        };
        return MlopsException.Validation(message, field);
    }

    /// <summary>How a JSON value reads in a message: <c>"abc"</c>, <c>12</c>, <c>null</c>, <c>an array</c>.</summary>
    public static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => Quote(reader.GetString() ?? string.Empty),
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        _ => reader.TokenType.ToString(),
    };

    public static string Quote(string value) =>
        "\"" + (value.Length <= QuotedLength ? value : value[..QuotedLength] + "…") + "\"";

    public static string Expectation(TensorElementKind kind) => kind switch
    {
        TensorElementKind.Float or TensorElementKind.Double or TensorElementKind.Float16 => "a number",
        TensorElementKind.Bool => "true or false",
        TensorElementKind.String => "a string",
        _ => "a whole number",
    };

    public static bool IsFloating(TensorElementKind kind) => kind is TensorElementKind.Float or TensorElementKind.Double;
}
