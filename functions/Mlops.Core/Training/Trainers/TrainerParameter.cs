namespace Mlops.Core.Training.Trainers;

/// <summary>
/// One hyperparameter a trainer accepts: its valid range (bounds inclusive unless <see cref="MinimumExclusive"/>),
/// whether it is an integer, and its default (null: the ML.NET trainer chooses, some auto-tune from the data).
/// </summary>
/// <param name="Name">The canonical (camelCase) name; names match case-insensitively.</param>
/// <param name="Minimum">The smallest valid value.</param>
/// <param name="Maximum">The largest valid value.</param>
/// <param name="IsInteger">Whether only whole numbers are valid.</param>
/// <param name="Default">The value used when none is given; null lets ML.NET choose.</param>
/// <param name="Description">What it controls, for error messages and the sweep docs.</param>
/// <param name="MinimumExclusive">Whether <paramref name="Minimum"/> itself is invalid (e.g. a learning rate of 0).</param>
public sealed record TrainerParameter(
    string Name,
    double Minimum,
    double Maximum,
    bool IsInteger,
    double? Default,
    string Description,
    bool MinimumExclusive = false)
{
    /// <summary>Whether <paramref name="value"/> is valid for this parameter.</summary>
    public bool Accepts(double value) =>
        double.IsFinite(value)
        && (MinimumExclusive ? value > Minimum : value >= Minimum)
        && value <= Maximum
        && (!IsInteger || Math.Floor(value) == value);

    /// <summary>The valid range in words, e.g. "an integer in [2, 1024]".</summary>
    public string DescribeRange() =>
        $"{(IsInteger ? "an integer" : "a number")} in {(MinimumExclusive ? "(" : "[")}{Minimum.ToString(System.Globalization.CultureInfo.InvariantCulture)}, {Maximum.ToString(System.Globalization.CultureInfo.InvariantCulture)}]";
}
