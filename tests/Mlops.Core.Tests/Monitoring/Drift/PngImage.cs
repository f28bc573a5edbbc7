using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Mlops.Core.Tests.Monitoring.Drift;

/// <summary>
/// A minimal PNG decoder for screenshots: 8-bit greyscale, RGB or RGBA, not interlaced (what Chromium writes). The
/// IDAT chunks are inflated with <see cref="ZLibStream"/> and the five scanline filters undone, so pixels are real.
/// </summary>
internal sealed class PngImage
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    private PngImage(int width, int height, byte[] rgba)
    {
        Width = width;
        Height = height;
        Rgba = rgba;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Four bytes per pixel, row by row.</summary>
    public byte[] Rgba { get; }

    public static PngImage Decode(byte[] png)
    {
        if (png.Length < 8 || !png.AsSpan(0, 8).SequenceEqual(Signature))
        {
            throw new InvalidDataException("Not a PNG file.");
        }

        int width = 0, height = 0, channels = 0, offset = 8;
        using var compressed = new MemoryStream();
        while (offset + 12 <= png.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset));
            var type = Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
                    height = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                    var (bitDepth, colorType, interlace) = (data[8], data[9], data[12]);
                    if (bitDepth != 8 || interlace != 0)
                    {
                        throw new NotSupportedException($"Only 8-bit, non-interlaced PNGs are supported (bit depth {bitDepth}, interlace {interlace}).");
                    }

                    channels = colorType switch
                    {
                        0 => 1,
                        2 => 3,
                        4 => 2,
                        6 => 4,
                        _ => throw new NotSupportedException($"PNG color type {colorType} is not supported."),
                    };
                    break;
                case "IDAT":
                    compressed.Write(data);
                    break;
                case "IEND":
                    offset = png.Length;
                    continue;
            }

            offset += 12 + length;
        }

        if (width <= 0 || height <= 0 || channels == 0)
        {
            throw new InvalidDataException("The PNG has no image header.");
        }

        compressed.Position = 0;
        using var inflate = new ZLibStream(compressed, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflate.CopyTo(raw);
        var scanlines = raw.ToArray();
        var stride = width * channels;
        if (scanlines.Length < height * (stride + 1))
        {
            throw new InvalidDataException($"The PNG data holds {scanlines.Length} bytes; {height * (stride + 1)} expected.");
        }

        var pixels = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = scanlines[y * (stride + 1)];
            var source = scanlines.AsSpan((y * (stride + 1)) + 1, stride);
            var row = pixels.AsSpan(y * stride, stride);
            var above = y == 0 ? new byte[stride] : pixels.AsSpan((y - 1) * stride, stride);
            for (var x = 0; x < stride; x++)
            {
                int left = x >= channels ? row[x - channels] : 0;
                int up = above[x];
                int upLeft = x >= channels && y > 0 ? above[x - channels] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"Unknown PNG filter {filter} on row {y}."),
                };
                row[x] = (byte)(source[x] + predictor);
            }
        }

        var rgba = new byte[width * height * 4];
        for (var p = 0; p < width * height; p++)
        {
            var s = p * channels;
            (rgba[p * 4], rgba[(p * 4) + 1], rgba[(p * 4) + 2], rgba[(p * 4) + 3]) = channels switch
            {
                1 => (pixels[s], pixels[s], pixels[s], (byte)255),
                2 => (pixels[s], pixels[s], pixels[s], pixels[s + 1]),
                3 => (pixels[s], pixels[s + 1], pixels[s + 2], (byte)255),
                _ => (pixels[s], pixels[s + 1], pixels[s + 2], pixels[s + 3]),
            };
        }

        return new PngImage(width, height, rgba);
    }

    /// <summary>Pixels per RGB color (alpha ignored).</summary>
    public Dictionary<int, int> ColorCounts()
    {
        var counts = new Dictionary<int, int>();
        for (var p = 0; p < Width * Height; p++)
        {
            var color = (Rgba[p * 4] << 16) | (Rgba[(p * 4) + 1] << 8) | Rgba[(p * 4) + 2];
            counts[color] = counts.GetValueOrDefault(color) + 1;
        }

        return counts;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
