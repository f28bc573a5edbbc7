namespace Mlops.Core.Training;

/// <summary>Where a profile document is stored.</summary>
/// <param name="Uri">The blob URI; recorded as the version's <c>ProfileUri</c>.</param>
/// <param name="Sha256">SHA-256 of the document, lower-case hex; recorded as the version's <c>ProfileSha256</c>.</param>
public sealed record StoredProfile(string Uri, string Sha256);
