namespace Mlops.Core.Serving;

/// <summary>Why a JSON value could not be stored as a tensor element.</summary>
internal enum ElementError
{
    None,
    NotNumber,
    NotFinite,
    NotWhole,
    OutOfRange,
    NotBoolean,
    NotString,
    Null,
}
