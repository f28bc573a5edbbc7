using Mlops.Core.Features;

namespace Mlops.Core.Tests.Features;

public sealed class OnlineKeysTests
{
    private static readonly string[][] Awkward =
    [
        new[] { "a/b" },
        new[] { "a\\b" },
        new[] { "#1?" },
        new[] { "tab\there" },
        new[] { "\u0001\u007f\u0085" },
        new[] { "%41" },
        new[] { "a|b" },
        new[] { "~h" },
        new[] { string.Empty },
        new[] { "lone\ud800surrogate" },
        new[] { "emoji 😀 ok" },
        new[] { new string('x', 2000) },
        new[] { "a", "b" },
        new[] { "a|b", string.Empty },
    ];

    public static TheoryData<string[]> AwkwardKeys => new(Awkward);

    [Theory]
    [MemberData(nameof(AwkwardKeys))]
    public void RowKey_AnyText_IsAValidTableKey(string[] values)
    {
        var (rowKey, _) = OnlineKeys.RowKey(new EntityKey(values));

        Assert.InRange(rowKey.Length, 1, OnlineKeys.MaxRowKeyChars);
        Assert.DoesNotContain(rowKey, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
        Assert.False(HasLoneSurrogate(rowKey));
    }

    [Fact]
    public void RowKey_DistinctKeys_GiveDistinctRowKeys()
    {
        var keys = Awkward.Select(values => new EntityKey(values)).Concat(
        [
            new EntityKey("a", "b|"),
            new EntityKey("a|", "b"),
            new EntityKey("%002F"),
            new EntityKey("/"),
            new EntityKey(new string('x', 2001)),
        ]).ToArray();

        var rowKeys = keys.Select(k => OnlineKeys.RowKey(k).RowKey).ToArray();

        Assert.Equal(keys.Length, rowKeys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void RowKey_LongKey_IsHashed()
    {
        var (rowKey, hashed) = OnlineKeys.RowKey(new EntityKey(new string('x', 600)));

        Assert.True(hashed);
        Assert.StartsWith("~", rowKey, StringComparison.Ordinal);
    }

    [Fact]
    public void EntityKey_EqualValues_AreEqual()
    {
        Assert.Equal(new EntityKey("a", "b"), new EntityKey(["a", "b"]));
        Assert.NotEqual(new EntityKey("a", "b"), new EntityKey("a|b"));
        Assert.Equal("1001", EntityKey.FormatNumber(1001.0));
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
