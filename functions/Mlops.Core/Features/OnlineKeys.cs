using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Mlops.Core.Features;

/// <summary>
/// Table keys of the online store. Row key: the entity key's values, each with the characters Table keys cannot hold
/// (<c>/ \ # ?</c>, control characters, lone surrogates) and the escape characters themselves (<c>% | ~</c>) written as
/// <c>%XXXX</c>, joined with '|'; keys longer than <see cref="MaxRowKeyChars"/> become <c>~</c> + SHA-256, with the
/// original key kept in the row to check on read. Partition key: <c>{view}.{bucket}</c>, the bucket a hash of the row
/// key over <see cref="Buckets"/>: entities spread over partitions (no hot partition), yet each partition gathers
/// enough entities to fill entity-group batches of 100. Each bucket is also its own table (<see cref="Table"/>): free in
/// Azure, and it keeps every table small in Azurite, whose inserts slow down with the size of the table (a million
/// entities in one table made batch upserts several times slower than in 32 tables).
/// </summary>
internal static class OnlineKeys
{
    /// <summary>Partitions per view. Fixed: changing it would orphan every stored row.</summary>
    public const int Buckets = 32;

    public const int MaxRowKeyChars = 512;

    /// <summary>The logical table of a bucket.</summary>
    public static string Table(int bucket) =>
        FeatureStoreNames.OnlineTable + bucket.ToString("D2", CultureInfo.InvariantCulture);

    public static string PartitionKey(string view, int bucket) =>
        string.Create(CultureInfo.InvariantCulture, $"{view}.{bucket:D2}");


    public static int Bucket(string rowKey) =>
        (int)(XxHash32.HashToUInt32(MemoryMarshal.AsBytes(rowKey.AsSpan())) % Buckets);

    /// <summary>The row key of an entity, and whether it was hashed (then the row must also hold the original key).</summary>
    public static (string RowKey, bool Hashed) RowKey(EntityKey key)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < key.Values.Count; i++)
        {
            if (i > 0)
            {
                builder.Append('|');
            }

            Escape(key.Values[i], builder);
        }

        if (builder.Length == 0)
        {
            // An empty row key is legal in Azure but not everywhere; '%' followed by a non-hex character never occurs otherwise.
            return ("%-", false);
        }

        if (builder.Length <= MaxRowKeyChars)
        {
            return (builder.ToString(), false);
        }

        return ("~" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString()))), true);
    }

    /// <summary>The original key text stored beside hashed keys.</summary>
    public static string Original(EntityKey key) => string.Join('\u001f', key.Values);

    private static void Escape(string value, StringBuilder builder)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var paired = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            if (paired)
            {
                builder.Append(c).Append(value[++i]);
            }
            else if (c is '/' or '\\' or '#' or '?' or '%' or '|' or '~' || char.IsControl(c) || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
            {
                builder.Append('%').Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }
    }
}
