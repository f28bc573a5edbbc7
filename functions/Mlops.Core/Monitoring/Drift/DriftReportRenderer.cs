using System.Globalization;
using System.Text;

namespace Mlops.Core.Monitoring.Drift;

/// <summary>
/// Renders a drift result as one self-contained HTML page a person can open anywhere: no script, no external style,
/// font or image; charts are inline SVG. The data set verdict comes first, then the trend over past checks, then each
/// feature's test, statistic, threshold, verdict and reference-versus-current histogram, then prediction drift.
/// Every name, category and note is HTML-encoded.
/// </summary>
public static class DriftReportRenderer
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0;padding:24px 32px;color:#222;background:#fafafa;max-width:1100px}
        h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 10px}h3{font-size:16px;margin:0 0 6px}
        .meta{color:#555;font-size:13px;margin:0}
        .verdict{border-radius:8px;padding:14px 18px;margin-top:18px;border:1px solid}
        .verdict h2{margin:0 0 6px}
        .verdict.drift{background:#fdecea;border-color:#e6a39c}.verdict.ok{background:#eaf6ec;border-color:#9fd1a8}.verdict.nodata{background:#f1f1f1;border-color:#ccc}
        table{border-collapse:collapse;font-size:13px;background:#fff}th,td{border:1px solid #ddd;padding:5px 8px;text-align:left}th{background:#f0f0f0}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        .badge{display:inline-block;border-radius:10px;padding:1px 9px;font-size:12px;font-weight:600}
        .badge.drift{background:#c0392b;color:#fff}.badge.ok{background:#2e7d32;color:#fff}.badge.skip{background:#999;color:#fff}
        .column{background:#fff;border:1px solid #ddd;border-radius:8px;padding:12px 16px;margin:14px 0}
        .column dl{display:grid;grid-template-columns:max-content auto;gap:2px 14px;font-size:13px;margin:6px 0 8px}.column dt{color:#555}.column dd{margin:0}
        .note{font-size:13px;color:#444;margin:4px 0}
        svg{display:block;max-width:100%;height:auto;font-family:inherit}
        footer{margin-top:32px;font-size:12px;color:#777}
        """;

    /// <summary>
    /// The report of <paramref name="current"/>, with <paramref name="history"/> (past checks, any order) as the trend;
    /// the current check is added to the trend when its time is known and it is not in the history already.
    /// </summary>
    public static string Render(DriftResult current, IReadOnlyList<DriftSummary> history)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(history);
        var html = new StringBuilder(64 * 1024);
        var subject = current.Model is null ? "drift report" : current.Version is { } v ? $"{current.Model} v{v}" : current.Model;
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
        Append(html, $"<title>Drift: {E(subject)}</title>\n<style>{Style}</style>\n</head>\n<body>\n");
        Header(html, current, subject);
        Verdict(html, current);
        Trend(html, current, history);
        Columns(html, "features", "Features", current.Features, "No features were compared.");
        if (current.Predictions.Count > 0)
        {
            Columns(html, "predictions", "Predictions", current.Predictions, string.Empty);
        }

        html.Append("<footer>Tests and thresholds follow Evidently's defaults unless the model's drift policy overrides them: ");
        html.Append("KS, chi-square and Z drift when the p-value is below the threshold; Wasserstein (divided by the reference standard deviation), ");
        html.Append("Jensen–Shannon and PSI when the distance reaches it.</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Header(StringBuilder html, DriftResult result, string subject)
    {
        Append(html, $"<header>\n<h1>Drift report: {E(subject)}</h1>\n<p class=\"meta\">");
        var parts = new List<string>();
        if (result.WindowStart is { } start && result.WindowEnd is { } end)
        {
            parts.Add($"Window {SvgCharts.Time(start)} to {SvgCharts.Time(end)}");
        }

        if (result.ComputedAt is { } at)
        {
            parts.Add($"checked {SvgCharts.Time(at)}");
        }

        parts.Add(Invariant($"{result.CurrentRows:N0} current rows against {result.ReferenceRows:N0} reference rows"));
        html.Append(E(string.Join(" · ", parts)));
        html.Append("</p>\n</header>\n");
    }

    private static void Verdict(StringBuilder html, DriftResult result)
    {
        var (css, headline) = result.Status != DriftCheckStatus.Computed
            ? ("nodata", "Not enough data for a verdict")
            : result.DatasetDrift ? ("drift", "Data set drift detected") : ("ok", "No data set drift");
        Append(html, $"<section id=\"verdict\" class=\"verdict {css}\">\n<h2>{headline}</h2>\n");
        if (result.Status == DriftCheckStatus.Computed)
        {
            Append(html, $"<p>{result.DriftedFeatures} of {result.TestedFeatures} tested features drifted ({SvgCharts.Percent(result.DriftShare)}); the data set counts as drifted at {SvgCharts.Percent(result.DatasetDriftShare)}.</p>\n");
        }

        if (result.PredictionDrift is { } predictionDrift)
        {
            Append(html, $"<p>Prediction drift: <strong>{(predictionDrift ? "detected" : "none")}</strong>.</p>\n");
        }

        if (result.Message is { } message)
        {
            Append(html, $"<p class=\"note\">{E(message)}</p>\n");
        }

        html.Append("</section>\n");
    }

    private static void Trend(StringBuilder html, DriftResult current, IReadOnlyList<DriftSummary> history)
    {
        var checks = history.OrderBy(h => h.CheckedAt).ToList();
        if ((current.ComputedAt ?? current.WindowEnd) is { } at && !checks.Any(c => c.CheckedAt == at))
        {
            checks.Add(current.ToSummary(at));
            checks.Sort((a, b) => a.CheckedAt.CompareTo(b.CheckedAt));
        }

        html.Append("<section id=\"trend\">\n<h2>Drift over past checks</h2>\n");
        if (checks.Count == 0)
        {
            html.Append("<p class=\"note\">No past checks yet.</p>\n");
        }
        else
        {
            SvgCharts.Trend(html, checks, current.DatasetDriftShare);
            html.Append('\n');
        }

        html.Append("</section>\n");
    }

    private static void Columns(StringBuilder html, string id, string title, IReadOnlyList<ColumnDrift> columns, string emptyText)
    {
        Append(html, $"<section id=\"{id}\">\n<h2>{title}</h2>\n");
        if (columns.Count == 0)
        {
            Append(html, $"<p class=\"note\">{E(emptyText)}</p>\n</section>\n");
            return;
        }

        html.Append("<table class=\"summary\">\n<thead><tr><th>Column</th><th>Test</th><th>Statistic</th><th>Score</th><th>Threshold</th><th>Verdict</th></tr></thead>\n<tbody>\n");
        for (var k = 0; k < columns.Count; k++)
        {
            var column = columns[k];
            Append(html, $"<tr><td><a href=\"#{id}-{k}\">{E(column.Name)}</a></td><td>{MethodName(column.Method)}</td><td class=\"num\">{Number(column.Statistic)}</td><td class=\"num\">{Number(column.Score)}</td><td class=\"num\">{Number(column.Threshold)}</td><td>{Badge(column)}</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        for (var k = 0; k < columns.Count; k++)
        {
            Column(html, $"{id}-{k}", columns[k]);
        }

        html.Append("</section>\n");
    }

    private static void Column(StringBuilder html, string anchor, ColumnDrift column)
    {
        Append(html, $"<article class=\"column\" id=\"{anchor}\">\n<h3>{E(column.Name)} {Badge(column)}</h3>\n<dl>");
        Append(html, $"<dt>Type</dt><dd>{column.Type.ToString().ToLowerInvariant()}</dd>");
        if (column.Method is { } method)
        {
            var comparison = DriftPolicy.IsPValueTest(method)
                ? (method == DriftMethod.KolmogorovSmirnov ? "p-value ≤ threshold" : "p-value < threshold")
                : "distance ≥ threshold";
            Append(html, $"<dt>Test</dt><dd>{MethodName(method)} (drift when {comparison})</dd>");
            Append(html, $"<dt>Statistic</dt><dd>{Number(column.Statistic)}</dd>");
            if (column.PValue is { } p)
            {
                Append(html, $"<dt>p-value</dt><dd>{Number(p)}</dd>");
            }

            Append(html, $"<dt>Threshold</dt><dd>{Number(column.Threshold)}</dd>");
        }

        Append(html, $"<dt>Values</dt><dd>{column.ReferenceValues:N0} reference, {column.CurrentValues:N0} current</dd>");
        Append(html, $"<dt>Missing</dt><dd>{SvgCharts.Percent(column.ReferenceMissingRate)} reference, {SvgCharts.Percent(column.CurrentMissingRate)} current</dd>");
        html.Append("</dl>\n");
        if (column.Note is { } note)
        {
            Append(html, $"<p class=\"note\">{E(note)}</p>\n");
        }

        if (column.Histogram is { Labels.Count: > 0 } histogram)
        {
            SvgCharts.Histogram(html, histogram, $"{column.Name}: reference and current distributions");
            html.Append('\n');
        }

        html.Append("</article>\n");
    }

    private static string Badge(ColumnDrift column) => column.Status switch
    {
        ColumnDriftStatus.Tested when column.Drifted => "<span class=\"badge drift\">drift</span>",
        ColumnDriftStatus.Tested => "<span class=\"badge ok\">no drift</span>",
        ColumnDriftStatus.NotEnoughData => "<span class=\"badge skip\">not enough data</span>",
        ColumnDriftStatus.AllMissing => "<span class=\"badge skip\">all missing</span>",
        _ => "<span class=\"badge skip\">not in current data</span>",
    };

    private static string MethodName(DriftMethod? method) => method switch
    {
        DriftMethod.KolmogorovSmirnov => "Kolmogorov–Smirnov",
        DriftMethod.ChiSquare => "chi-square",
        DriftMethod.ZTest => "two-proportion Z",
        DriftMethod.Wasserstein => "Wasserstein (normed)",
        DriftMethod.JensenShannon => "Jensen–Shannon",
        DriftMethod.Psi => "PSI",
        _ => "–",
    };

    private static string Number(double? value) => value is { } v ? v.ToString("G4", CultureInfo.InvariantCulture) : "–";

    private static string E(string text) => SvgCharts.Encode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static void Append(StringBuilder html, FormattableString text) => html.Append(text.ToString(CultureInfo.InvariantCulture));
}
