using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Training.Experiments;

/// <summary>
/// Sweep and run ids: <c>{yyyyMMddHHmmss}-{6 hex}</c> for a sweep, then <c>-{candidate:000}</c> for its runs, so ids
/// sort by start time and a sweep's runs by candidate, and are safe as table keys and in URLs.
/// </summary>
internal static partial class RunIds
{
    public static string NewSweepId(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    /// <summary>A sweep id from a workflow's clock and a replay-safe GUID, so a replay computes the same id.</summary>
    public static string SweepId(DateTime utcNow, Guid seed) =>
        utcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + seed.ToString("N")[..6];

    public static string RunId(string sweepId, int candidate) => sweepId + "-" + candidate.ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>Checks a run id a client sent before it reaches a table key.</summary>
    public static string Validate(string? runId, string field = "runId")
    {
        if (runId is null || !Pattern().IsMatch(runId))
        {
            throw MlopsException.Validation(
                $"Run id '{(runId is { Length: > 80 } ? runId[..80] + "…" : runId)}' is invalid: run ids look like 20250630120000-a1b2c3-004.", field);
        }

        return runId;
    }

    [GeneratedRegex("^[0-9]{14}-[0-9a-f]{6}-[0-9]{3,4}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
