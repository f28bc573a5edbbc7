namespace Mlops.Core.Api;

/// <summary>Which configured body-size limit applies to a route (<see cref="ApiOptions"/>).</summary>
public enum BodyLimit
{
    /// <summary>JSON requests: <see cref="ApiOptions.MaxRequestBodyBytes"/>.</summary>
    Json,

    /// <summary>Model uploads: <see cref="ApiOptions.MaxUploadBytes"/>.</summary>
    Upload,
}
