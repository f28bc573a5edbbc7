using System.ComponentModel.DataAnnotations;

namespace Mlops.Core.Api;

/// <summary>HTTP API limits, bound from the <c>Api</c> section (<c>Api__MaxRequestBodyBytes</c> in both hosts).</summary>
public sealed class ApiOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Api";

    /// <summary>Largest JSON request body in bytes; larger gets 413. Default 4 MiB.</summary>
    [Range(1024, int.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest model upload (multipart body) in bytes; larger gets 413. Default 512 MiB.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 512L * 1024 * 1024;
}
