namespace Mlops.Core.Training.Data;

/// <summary>Turns a data location into a <see cref="DataSource"/>.</summary>
public interface IDataSourceResolver
{
    /// <summary>
    /// Resolves <c>blob://{container}/{path}</c> (a logical platform container such as <c>training-data</c>, prefixed as
    /// configured), an <c>https://</c> blob URL in the platform's storage account, or, when
    /// <see cref="DataIntakeOptions.AllowLocalFiles"/> is on, a local path or <c>file://</c> URI. Anything else is a
    /// 400 naming <c>location</c>.
    /// </summary>
    DataSource Resolve(string location);
}
