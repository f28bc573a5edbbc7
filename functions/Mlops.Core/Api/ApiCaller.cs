namespace Mlops.Core.Api;

/// <summary>The caller of a request: the name of the key it presented and what that key allows.</summary>
/// <param name="KeyName">The configured name of the key (for the audit log), or <c>anonymous</c>.</param>
/// <param name="Level">What the key allows.</param>
public sealed record ApiCaller(string KeyName, AccessLevel Level)
{
    /// <summary>A caller that presented no key.</summary>
    public static ApiCaller Anonymous { get; } = new("anonymous", AccessLevel.Anonymous);
}
