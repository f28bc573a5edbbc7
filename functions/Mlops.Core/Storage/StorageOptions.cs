using System.ComponentModel.DataAnnotations;

namespace Mlops.Core.Storage;

/// <summary>
/// Names of the platform's tables and containers, bound from the <c>Storage</c> section. The account itself comes
/// from <c>AzureWebJobsStorage</c> (a connection string, or <c>__blobServiceUri</c>/<c>__queueServiceUri</c>/
/// <c>__tableServiceUri</c> with <c>__credential=managedidentity</c> and <c>__clientId</c>), as in Azure Functions.
/// </summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Storage";

    /// <summary>
    /// Prefix for every table and container name, lower-case letters and digits (tests use a unique one per run so
    /// runs never see each other's data). Default: none.
    /// </summary>
    [RegularExpression("^[a-z0-9]{0,20}$", ErrorMessage = "Storage:Prefix must be 0-20 lower-case letters or digits.")]
    public string Prefix { get; set; } = string.Empty;

    /// <summary>Create tables and containers at startup if they do not exist. Default true.</summary>
    public bool CreateIfNotExists { get; set; } = true;
}
