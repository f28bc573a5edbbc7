using System.Xml;
using System.Xml.Linq;
using Mlops.Core.Monitoring.Drift;

namespace Mlops.Core.Tests.Monitoring.Drift;

public sealed class DriftReportRendererTests
{
    [Fact]
    public void Render_Page_IsWellFormedWithVerdictFirst()
    {
        var result = DriftReportSamples.Result();

        var page = Parse(DriftReportRenderer.Render(result, DriftReportSamples.History()));

        var body = page.Descendants("body").Single();
        var sections = body.Elements().Select(e => (string?)e.Attribute("id") ?? e.Name.LocalName).ToList();
        Assert.Equal(["header", "verdict", "trend", "features", "predictions", "footer"], sections);
        var verdict = body.Elements("section").First();
        Assert.Equal(result.DatasetDrift ? "verdict drift" : "verdict ok", (string?)verdict.Attribute("class"));
        Assert.Contains($"{result.DriftedFeatures} of {result.TestedFeatures} tested features drifted", verdict.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_EachFeature_ShowsTestStatisticThresholdVerdictAndHistogram()
    {
        var result = DriftReportSamples.Result();

        var page = Parse(DriftReportRenderer.Render(result, []));

        var features = page.Descendants("section").Single(s => (string?)s.Attribute("id") == "features");
        var rows = features.Descendants("tbody").Single().Elements("tr").ToList();
        var articles = features.Elements("article").ToList();
        Assert.Equal(result.Features.Count, rows.Count);
        Assert.Equal(result.Features.Count, articles.Count);
        for (var k = 0; k < result.Features.Count; k++)
        {
            var column = result.Features[k];
            var cells = rows[k].Elements("td").Select(c => c.Value).ToList();
            Assert.Equal(column.Name, cells[0]);
            Assert.Equal(column.Name, articles[k].Element("h3")!.Nodes().OfType<XText>().First().Value.Trim());
            if (column.Status == ColumnDriftStatus.Tested)
            {
                Assert.Equal(column.Threshold!.Value.ToString("G4", System.Globalization.CultureInfo.InvariantCulture), cells[4]);
                Assert.Equal(column.Drifted ? "drift" : "no drift", cells[5]);
                var svg = Assert.Single(articles[k].Elements("svg"));
                Assert.Equal("histogram", (string?)svg.Attribute("class"));
                Assert.Equal(column.Histogram!.Labels.Count * 2, svg.Elements("rect").Count(r => r.Element("title") is not null));
            }
            else
            {
                Assert.Empty(articles[k].Elements("svg"));
                Assert.Equal("all missing", cells[5]);
            }
        }
    }

    [Fact]
    public void Render_UserStrings_AreHtmlEncoded()
    {
        var html = DriftReportRenderer.Render(DriftReportSamples.Result(), DriftReportSamples.History());

        var page = Parse(html);

        Assert.DoesNotContain(DriftReportSamples.HostileColumn, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(page.Descendants(), e => e.Name.LocalName is "script" or "img" or "b");
        Assert.Contains(page.Descendants("h3"), h => h.Value.StartsWith(DriftReportSamples.HostileColumn, StringComparison.Ordinal));
        Assert.Contains(page.Descendants("title"), t => t.Value.Contains(DriftReportSamples.HostileCategory, StringComparison.Ordinal));
        Assert.Contains(DriftReportSamples.HostileModel, page.Descendants("h1").Single().Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script")]
    [InlineData("<link")]
    [InlineData("url(")]
    [InlineData("@import")]
    [InlineData("http:")]
    [InlineData("https:")]
    [InlineData("@font-face")]
    public void Render_Page_ReferencesNothingOutside(string marker)
    {
        var html = DriftReportRenderer.Render(DriftReportSamples.Result(), DriftReportSamples.History());

        Assert.DoesNotContain(marker, html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Render_Page_LinksOnlyWithinItself()
    {
        var page = Parse(DriftReportRenderer.Render(DriftReportSamples.Result(), DriftReportSamples.History()));

        var elements = page.Descendants().ToList();
        Assert.DoesNotContain(elements, e => e.Name.LocalName is "script" or "link" or "img" or "iframe" or "object" or "embed" or "image" or "use");
        Assert.DoesNotContain(elements, e => e.Attribute("src") is not null);
        Assert.All(elements.Select(e => e.Attribute("href")).OfType<XAttribute>(), href => Assert.StartsWith("#", href.Value, StringComparison.Ordinal));
        Assert.All(elements, e => Assert.DoesNotContain(e.Attributes(), a => a.Name.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void Render_Trend_OnePointPerCheckPlusTheCurrentOne()
    {
        var history = DriftReportSamples.History(12);

        var page = Parse(DriftReportRenderer.Render(DriftReportSamples.Result(), history));

        var trend = page.Descendants("svg").Single(s => (string?)s.Attribute("class") == "trend");
        var points = trend.Elements("circle").ToList();
        Assert.Equal(13, points.Count);
        Assert.Single(points, p => (string?)p.Attribute("fill") == "#fff");
        Assert.Contains("not enough data", points[4].Element("title")!.Value, StringComparison.Ordinal);
        Assert.Single(trend.Elements("line"), l => (string?)l.Attribute("class") == "threshold");
        Assert.Equal(12, trend.Element("polyline")!.Attribute("points")!.Value.Split(' ').Length);
    }

    [Fact]
    public void Render_CurrentAlreadyInHistory_NotAddedTwice()
    {
        var result = DriftReportSamples.Result();
        IReadOnlyList<DriftSummary> history = [.. DriftReportSamples.History(3), result.ToSummary()];

        var page = Parse(DriftReportRenderer.Render(result, history));

        Assert.Equal(4, page.Descendants("circle").Count());
    }

    [Fact]
    public void Render_NoHistoryAndNoTime_SaysNoPastChecks()
    {
        var result = DriftReportSamples.Result() with { ComputedAt = null, WindowEnd = null };

        var page = Parse(DriftReportRenderer.Render(result, []));

        var trend = page.Descendants("section").Single(s => (string?)s.Attribute("id") == "trend");
        Assert.Empty(trend.Descendants("svg"));
        Assert.Contains("No past checks yet", trend.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NotEnoughData_SaysSoFirst()
    {
        var reference = DriftReference.FromDataset(DriftTestData.Dataset([DriftTestData.Numbers("x", DriftTestData.Normal(1, 100, 0, 1))]));
        var result = DriftCalculator.Compute(reference, DriftCurrent.FromColumns([DriftTestData.Numbers("x", [1, 2, 3])]));

        var page = Parse(DriftReportRenderer.Render(result, []));

        var verdict = page.Descendants("section").First();
        Assert.Equal("verdict nodata", (string?)verdict.Attribute("class"));
        Assert.Contains("Not enough data", verdict.Value, StringComparison.Ordinal);
        Assert.Contains("3 rows", verdict.Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10780.3, "10780")]
    [InlineData(5.10649, "5.106")]
    [InlineData(-0.0123456, "-0.01235")]
    [InlineData(0, "0")]
    [InlineData(123456789, "1.23E+8")]
    [InlineData(0.0000123, "1.23E-5")]
    public void ShortNumber_BinEdges_ReadWell(double value, string expected)
    {
        Assert.Equal(expected, ColumnComparer.ShortNumber(value));
    }

    /// <summary>The page is XHTML-compatible, so an XML parser both checks it is well formed and decodes every entity.</summary>
    internal static XDocument Parse(string html)
    {
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore };
        using var reader = XmlReader.Create(new StringReader(html["<!DOCTYPE html>".Length..]), settings);
        return XDocument.Load(reader);
    }
}
