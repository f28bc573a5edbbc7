using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Mlops.Core.Monitoring.Drift;

/// <summary>The report's charts as inline SVG: no script, no external reference, every label HTML-encoded.</summary>
internal static class SvgCharts
{
    public const string ReferenceColor = "#4c78a8";
    public const string CurrentColor = "#f58518";
    private const string DriftColor = "#c0392b";
    private const string AxisColor = "#888";
    private const int MaxLabelChars = 14;

    /// <summary>Reference and current fractions per bin as paired bars, with the bin labels below.</summary>
    public static void Histogram(StringBuilder html, DriftHistogram histogram, string title)
    {
        const int width = 640, height = 230, left = 48, right = 12, top = 14, bottom = 70;
        var bins = histogram.Labels.Count;
        var plotWidth = width - left - right;
        var plotHeight = height - top - bottom;
        var max = 0.0;
        for (var k = 0; k < bins; k++)
        {
            max = Math.Max(max, Math.Max(histogram.Reference[k], histogram.Current[k]));
        }

        max = max > 0 ? NiceCeiling(max) : 1;
        var slot = (double)plotWidth / Math.Max(bins, 1);
        var bar = Math.Max(1, (slot * 0.8) / 2);
        Append(html, $"<svg class=\"histogram\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\">");
        Append(html, $"<title>{Encode(title)}</title>");
        Axes(html, left, top, plotWidth, plotHeight, max, asPercent: true);
        for (var k = 0; k < bins; k++)
        {
            var x = left + (slot * k) + (slot * 0.1);
            Bar(html, x, top, plotHeight, bar, histogram.Reference[k] / max, ReferenceColor, $"{histogram.Labels[k]}: reference {Percent(histogram.Reference[k])}");
            Bar(html, x + bar, top, plotHeight, bar, histogram.Current[k] / max, CurrentColor, $"{histogram.Labels[k]}: current {Percent(histogram.Current[k])}");
        }

        // Every label when they fit, else about ten evenly spaced ones.
        var step = bins <= 12 ? 1 : (int)Math.Ceiling(bins / 10.0);
        for (var k = 0; k < bins; k += step)
        {
            var x = left + (slot * (k + 0.5));
            var y = top + plotHeight + 12;
            Append(html, $"<text x=\"{x:0.#}\" y=\"{y}\" font-size=\"10\" text-anchor=\"end\" transform=\"rotate(-35 {x:0.#} {y})\">{Encode(Shorten(histogram.Labels[k]))}</text>");
        }

        Append(html, $"<rect x=\"{width - 170}\" y=\"2\" width=\"10\" height=\"10\" fill=\"{ReferenceColor}\"/><text x=\"{width - 156}\" y=\"11\" font-size=\"11\">reference</text>");
        Append(html, $"<rect x=\"{width - 92}\" y=\"2\" width=\"10\" height=\"10\" fill=\"{CurrentColor}\"/><text x=\"{width - 78}\" y=\"11\" font-size=\"11\">current</text>");
        html.Append("</svg>");
    }

    /// <summary>The drift share of each check over time as a line, the data set threshold dashed, checks without a verdict hollow.</summary>
    public static void Trend(StringBuilder html, IReadOnlyList<DriftSummary> checks, double threshold)
    {
        const int width = 760, height = 240, left = 48, right = 16, top = 14, bottom = 46;
        var plotWidth = width - left - right;
        var plotHeight = height - top - bottom;
        Append(html, $"<svg class=\"trend\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\">");
        html.Append("<title>Share of drifted features per check</title>");
        Axes(html, left, top, plotWidth, plotHeight, 1, asPercent: true);
        var thresholdY = top + (plotHeight * (1 - threshold));
        Append(html, $"<line class=\"threshold\" x1=\"{left}\" y1=\"{thresholdY:0.#}\" x2=\"{left + plotWidth}\" y2=\"{thresholdY:0.#}\" stroke=\"{DriftColor}\" stroke-dasharray=\"5 4\"/>");
        Append(html, $"<text x=\"{left + plotWidth}\" y=\"{thresholdY - 4:0.#}\" font-size=\"10\" text-anchor=\"end\" fill=\"{DriftColor}\">data set drift at {Percent(threshold)}</text>");

        double X(int index) => left + (checks.Count == 1 ? plotWidth / 2.0 : plotWidth * index / (double)(checks.Count - 1));
        double Y(double share) => top + (plotHeight * (1 - share));

        var points = new StringBuilder();
        for (var k = 0; k < checks.Count; k++)
        {
            if (checks[k].Status == DriftCheckStatus.Computed)
            {
                points.Append(CultureInfo.InvariantCulture, $"{X(k):0.#},{Y(checks[k].DriftShare):0.#} ");
            }
        }

        if (points.Length > 0)
        {
            Append(html, $"<polyline fill=\"none\" stroke=\"{ReferenceColor}\" stroke-width=\"2\" points=\"{points.ToString().TrimEnd()}\"/>");
        }

        for (var k = 0; k < checks.Count; k++)
        {
            var check = checks[k];
            var computed = check.Status == DriftCheckStatus.Computed;
            var fill = !computed ? "#fff" : check.DatasetDrift ? DriftColor : ReferenceColor;
            var label = computed
                ? $"{Time(check.CheckedAt)}: {check.DriftedFeatures} of {check.TestedFeatures} features drifted ({Percent(check.DriftShare)})"
                : $"{Time(check.CheckedAt)}: not enough data";
            Append(html, $"<circle cx=\"{X(k):0.#}\" cy=\"{Y(computed ? check.DriftShare : 0):0.#}\" r=\"4\" fill=\"{fill}\" stroke=\"{(computed ? fill : AxisColor)}\" stroke-width=\"1.5\"><title>{Encode(label)}</title></circle>");
        }

        if (checks.Count > 0)
        {
            var y = top + plotHeight + 16;
            Append(html, $"<text x=\"{left}\" y=\"{y}\" font-size=\"10\">{Encode(Time(checks[0].CheckedAt))}</text>");
            if (checks.Count > 1)
            {
                Append(html, $"<text x=\"{left + plotWidth}\" y=\"{y}\" font-size=\"10\" text-anchor=\"end\">{Encode(Time(checks[^1].CheckedAt))}</text>");
            }
        }

        html.Append("</svg>");
    }

    public static string Encode(string text) => HtmlEncoder.Default.Encode(text);

    public static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    public static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static void Axes(StringBuilder html, int left, int top, int plotWidth, int plotHeight, double max, bool asPercent)
    {
        Append(html, $"<line x1=\"{left}\" y1=\"{top + plotHeight}\" x2=\"{left + plotWidth}\" y2=\"{top + plotHeight}\" stroke=\"{AxisColor}\"/>");
        Append(html, $"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{top + plotHeight}\" stroke=\"{AxisColor}\"/>");
        for (var tick = 0; tick <= 4; tick++)
        {
            var value = max * tick / 4;
            var y = top + (plotHeight * (1 - (tick / 4.0)));
            var text = asPercent ? Percent(value) : value.ToString("G3", CultureInfo.InvariantCulture);
            Append(html, $"<line x1=\"{left - 3}\" y1=\"{y:0.#}\" x2=\"{left + plotWidth}\" y2=\"{y:0.#}\" stroke=\"#eee\"/>");
            Append(html, $"<text x=\"{left - 5}\" y=\"{y + 3:0.#}\" font-size=\"10\" text-anchor=\"end\">{text}</text>");
        }
    }

    private static void Bar(StringBuilder html, double x, int top, int plotHeight, double width, double share, string color, string title)
    {
        var height = Math.Max(0, plotHeight * share);
        var y = top + plotHeight - height;
        Append(html, $"<rect x=\"{x:0.##}\" y=\"{y:0.##}\" width=\"{width:0.##}\" height=\"{height:0.##}\" fill=\"{color}\"><title>{Encode(title)}</title></rect>");
    }

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="value"/>: axis maxima a reader can take in.</summary>
    private static double NiceCeiling(double value)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in (ReadOnlySpan<double>)[1, 2, 2.5, 5, 10])
        {
            if (step * power >= value)
            {
                return Math.Min(step * power, 1);
            }
        }

        return Math.Min(10 * power, 1);
    }

    private static string Shorten(string label) => label.Length <= MaxLabelChars ? label : string.Concat(label.AsSpan(0, MaxLabelChars - 1), "…");

    private static void Append(StringBuilder html, FormattableString text) => html.Append(text.ToString(CultureInfo.InvariantCulture));
}
