using System.Globalization;

namespace Mlops.Core.Training.Data;

/// <summary>How text from a file is read as missing, numbers, booleans and timestamps: one set of rules for every reader.</summary>
internal static class TextValues
{
    // pandas' default NA strings, without "None": that is a real category in many data sets (e.g. internet service).
    private static readonly string[] MissingTokens = ["NA", "N/A", "NaN", "-NaN", "NULL", "#N/A", "<NA>"];
    private static readonly string[] TrueTokens = ["true", "yes", "y", "t"];
    private static readonly string[] FalseTokens = ["false", "no", "n", "f"];

    /// <summary>Empty, whitespace or a missing-value token (NA, N/A, NaN, NULL, #N/A, &lt;NA&gt;; any case).</summary>
    public static bool IsMissing(ReadOnlySpan<char> text)
    {
        var trimmed = text.Trim();
        if (trimmed.IsEmpty)
        {
            return true;
        }

        foreach (var token in MissingTokens)
        {
            if (trimmed.Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An invariant-culture number (no thousands separators); infinities do not count.</summary>
    public static bool TryParseNumber(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>true/false, yes/no, y/n, t/f in any case; also 1/0 when <paramref name="allowDigits"/>.</summary>
    public static bool TryParseBoolean(ReadOnlySpan<char> text, bool allowDigits, out bool value)
    {
        var trimmed = text.Trim();
        foreach (var token in TrueTokens)
        {
            if (trimmed.Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                value = true;
                return true;
            }
        }

        foreach (var token in FalseTokens)
        {
            if (trimmed.Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                value = false;
                return true;
            }
        }

        value = false;
        if (allowDigits && trimmed.Length == 1 && trimmed[0] is '0' or '1')
        {
            value = trimmed[0] == '1';
            return true;
        }

        return false;
    }

    /// <summary>A date or date-time in the invariant culture; without an offset it is taken as UTC.</summary>
    public static bool TryParseTimestamp(ReadOnlySpan<char> text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out value);

    /// <summary>
    /// Starts like an ISO 8601 date (<c>yyyy-MM-dd</c>). Inference only calls a column a timestamp when its values look
    /// like this, since the invariant culture also reads text such as "1/2" as a date.
    /// </summary>
    public static bool LooksLikeIsoDate(ReadOnlySpan<char> text)
    {
        var t = text.Trim();
        return t.Length >= 10
            && char.IsAsciiDigit(t[0]) && char.IsAsciiDigit(t[1]) && char.IsAsciiDigit(t[2]) && char.IsAsciiDigit(t[3])
            && t[4] == '-' && char.IsAsciiDigit(t[5]) && char.IsAsciiDigit(t[6])
            && t[7] == '-' && char.IsAsciiDigit(t[8]) && char.IsAsciiDigit(t[9]);
    }

    /// <summary>Cuts long values short for reports and messages.</summary>
    public static string Shorten(string value) => value.Length <= 100 ? value : string.Concat(value.AsSpan(0, 100), "…");
}
