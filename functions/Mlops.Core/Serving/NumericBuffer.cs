using System.Buffers.Text;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Mlops.Core.Onnx;

namespace Mlops.Core.Serving;

/// <summary>Numeric elements. The <c>typeof(T)</c> tests are constants per instantiation, so the JIT drops the other branches.</summary>
internal sealed class NumericBuffer<T>(TensorElementKind kind, int capacity) : BlittableBuffer<T>(capacity)
    where T : unmanaged, INumber<T>, IMinMaxValue<T>
{
    private static readonly bool IsFloating = typeof(T) == typeof(float) || typeof(T) == typeof(double);
    private static readonly bool IsUnsigned = typeof(T) == typeof(byte) || typeof(T) == typeof(ushort) || typeof(T) == typeof(uint) || typeof(T) == typeof(ulong);
    private static readonly double MinAsDouble = double.CreateTruncating(T.MinValue);
    private static readonly double MaxAsDouble = double.CreateTruncating(T.MaxValue);

    public override TensorElementKind Kind => kind;

    public override ElementError Read(ref Utf8JsonReader reader, int index, bool allowMissing)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return IsFloating ? ReadFloating(ref reader, index) : ReadInteger(ref reader, index);
            case JsonTokenType.Null when IsFloating:
                if (!allowMissing)
                {
                    return ElementError.NotNumber;
                }

                Items[index] = T.CreateTruncating(double.NaN);
                return ElementError.None;
            case JsonTokenType.Null:
                return ElementError.Null;
            case JsonTokenType.String when IsFloating && IsNonFiniteText(ref reader):
                return ElementError.NotFinite;
            default:
                return ElementError.NotNumber;
        }
    }

    public override void WriteJson(Utf8JsonWriter writer, int index) => Write(writer, Items[index]);

    public override void WritePropertyName(Utf8JsonWriter writer, int index)
    {
        Span<byte> text = stackalloc byte[32];
        var value = Items[index];
        var written = 0;
        var ok = IsFloating
            ? Utf8Formatter.TryFormat(double.CreateTruncating(value), text, out written)
            : IsUnsigned
                ? Utf8Formatter.TryFormat(ulong.CreateTruncating(value), text, out written)
                : Utf8Formatter.TryFormat(long.CreateTruncating(value), text, out written);
        writer.WritePropertyName(ok ? text[..written] : "?"u8);
    }

    public static void Write(Utf8JsonWriter writer, T value)
    {
        if (typeof(T) == typeof(float))
        {
            var f = float.CreateTruncating(value);
            if (float.IsFinite(f))
            {
                writer.WriteNumberValue(f);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
        else if (typeof(T) == typeof(double))
        {
            var d = double.CreateTruncating(value);
            if (double.IsFinite(d))
            {
                writer.WriteNumberValue(d);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
        else if (IsUnsigned)
        {
            writer.WriteNumberValue(ulong.CreateTruncating(value));
        }
        else
        {
            writer.WriteNumberValue(long.CreateTruncating(value));
        }
    }

    private ElementError ReadFloating(ref Utf8JsonReader reader, int index)
    {
        // Overflow parses as infinity; a float32 feature can also overflow when narrowed.
        if (!reader.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            return ElementError.NotFinite;
        }

        var value = T.CreateTruncating(number);
        if (!T.IsFinite(value))
        {
            return ElementError.OutOfRange;
        }

        Items[index] = value;
        return ElementError.None;
    }

    private ElementError ReadInteger(ref Utf8JsonReader reader, int index)
    {
        if (reader.TryGetInt64(out var whole))
        {
            if (whole < MinAsDouble || whole > MaxAsDouble)
            {
                return ElementError.OutOfRange;
            }

            Items[index] = T.CreateTruncating(whole);
            return ElementError.None;
        }

        if (typeof(T) == typeof(ulong) && reader.TryGetUInt64(out var large))
        {
            Items[index] = T.CreateTruncating(large);
            return ElementError.None;
        }

        // Clients that serialize every number as a float (pandas) send 3.0 for an integer column.
        if (!reader.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            return ElementError.NotFinite;
        }

        if (number != Math.Floor(number))
        {
            return ElementError.NotWhole;
        }

        if (number < MinAsDouble || number > MaxAsDouble)
        {
            return ElementError.OutOfRange;
        }

        Items[index] = T.CreateTruncating(number);
        return ElementError.None;
    }

    private static bool IsNonFiniteText(ref Utf8JsonReader reader)
    {
        Span<byte> text = stackalloc byte[16];
        if (reader.HasValueSequence || reader.ValueSpan.Length > text.Length)
        {
            return false;
        }

        var length = reader.CopyString(text);
        var value = text[..length].Trim(" "u8);
        if (value.Length > 0 && (value[0] == (byte)'+' || value[0] == (byte)'-'))
        {
            value = value[1..];
        }

        return Ascii.EqualsIgnoreCase(value, "nan"u8) || Ascii.EqualsIgnoreCase(value, "infinity"u8) || Ascii.EqualsIgnoreCase(value, "inf"u8);
    }
}
