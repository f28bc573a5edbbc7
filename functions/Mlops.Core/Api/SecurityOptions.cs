using System.ComponentModel.DataAnnotations;

namespace Mlops.Core.Api;

/// <summary>
/// API keys as Azure Functions uses them (header <c>x-functions-key</c> or <c>?code=</c>), bound from the
/// <c>Security</c> section: <c>Security__FunctionKeys__{name}</c> and <c>Security__AdminKeys__{name}</c>.
/// </summary>
public sealed class SecurityOptions : IValidatableObject
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Security";

    /// <summary>
    /// Whether the core checks keys. True on the server (default); the Functions app sets it false because the
    /// Functions host checks keys itself before the worker sees the request.
    /// </summary>
    public bool RequireKeys { get; set; } = true;

    /// <summary>Function keys by name: predictions and reads.</summary>
    public Dictionary<string, string> FunctionKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Admin keys by name: everything, including registry writes and alias moves.</summary>
    public Dictionary<string, string> AdminKeys { get; set; } = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RequireKeys && AdminKeys.Count == 0)
        {
            yield return new ValidationResult(
                "Security:RequireKeys is on but no admin key is configured; set Security__AdminKeys__<name>=<secret> " +
                "(scripts/start.sh sets development keys) or Security__RequireKeys=false.",
                [nameof(AdminKeys)]);
        }

        foreach (var (name, value) in FunctionKeys.Concat(AdminKeys))
        {
            if (value.Length < 16)
            {
                yield return new ValidationResult($"Key '{name}' must be at least 16 characters long.", [name]);
            }
        }
    }
}
