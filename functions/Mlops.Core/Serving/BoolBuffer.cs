using System.Text.Json;
using Mlops.Core.Onnx;

namespace Mlops.Core.Serving;

internal sealed class BoolBuffer(int capacity) : BlittableBuffer<bool>(capacity)
{
    public override TensorElementKind Kind => TensorElementKind.Bool;

    public override ElementError Read(ref Utf8JsonReader reader, int index, bool allowMissing)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                Items[index] = true;
                return ElementError.None;
            case JsonTokenType.False:
                Items[index] = false;
                return ElementError.None;
            case JsonTokenType.Null:
                return ElementError.Null;
            default:
                return ElementError.NotBoolean;
        }
    }

    public override void WriteJson(Utf8JsonWriter writer, int index) => writer.WriteBooleanValue(Items[index]);

    public override void WritePropertyName(Utf8JsonWriter writer, int index) => writer.WritePropertyName(Items[index] ? "true"u8 : "false"u8);
}
