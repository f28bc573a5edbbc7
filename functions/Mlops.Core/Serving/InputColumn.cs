using System.Text;
using System.Text.Json;

namespace Mlops.Core.Serving;

/// <summary>
/// A JSON column of the predict route and where its values go: model input <see cref="Input"/>, positions
/// <see cref="Offset"/> .. <see cref="Offset"/> + <see cref="Width"/> - 1 within each batch row of that input.
/// </summary>
internal sealed class InputColumn
{
    public InputColumn(string name, int input, int offset, int width, int position)
    {
        Name = name;
        Utf8Name = Encoding.UTF8.GetBytes(name);
        JsonName = JsonEncodedText.Encode(name);
        PropertyPrefix = [(byte)'"', .. JsonName.EncodedUtf8Bytes, (byte)'"', (byte)':'];
        Input = input;
        Offset = offset;
        Width = width;
        Position = position;
    }

    public string Name { get; }

    public byte[] Utf8Name { get; }

    public JsonEncodedText JsonName { get; }

    /// <summary>The name as a JSON property, <c>"age":</c>, for writing log rows by hand.</summary>
    public byte[] PropertyPrefix { get; }

    /// <summary>Index of the model input it feeds.</summary>
    public int Input { get; }

    /// <summary>First element within a row of that input.</summary>
    public int Offset { get; }

    /// <summary>Elements it supplies per row: 1, or the whole feature vector for the vector form.</summary>
    public int Width { get; }

    /// <summary>First position in the row's fill map (positions number every element of a row across inputs).</summary>
    public int Position { get; }

    public bool IsVector => Width > 1;
}
