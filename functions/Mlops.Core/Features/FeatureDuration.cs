using System.Globalization;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Features;

/// <summary>
/// Durations of TTLs and windows as authors write them: a positive whole number and a unit, <c>s</c>, <c>m</c>, <c>h</c>,
/// <c>d</c> or <c>w</c> (e.g. <c>30m</c>, <c>1h</c>, <c>7d</c>, <c>30d</c>), at most 3650 days.
/// </summary>
public static class FeatureDuration
{
    /// <summary>The longest duration accepted: ten years.</summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(3650);

    /// <summary>Parses a duration, or throws a validation error naming <paramref name="field"/>.</summary>
    public static TimeSpan Parse(string? text, string field)
    {
        if (TryParse(text, out var value))
        {
            return value;
        }

        throw MlopsException.Validation(
            $"'{text}' is not a duration: use a positive whole number and a unit s, m, h, d or w (e.g. 1h, 7d, 30d), at most 3650d.", field);
    }

    /// <summary>Parses a duration.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length < 2 || text.Length > 12)
        {
            return false;
        }

        var unit = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            'w' => TimeSpan.FromDays(7),
            _ => TimeSpan.Zero,
        };
        var digits = text.AsSpan(0, text.Length - 1);
        if (unit == TimeSpan.Zero || !digits.ContainsOnlyDigits() || digits[0] == '0'
            || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count > Maximum.Ticks / unit.Ticks)
        {
            return false;
        }

        value = TimeSpan.FromTicks(unit.Ticks * count);
        return value <= Maximum;
    }

    private static bool ContainsOnlyDigits(this ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return !text.IsEmpty;
    }
}
