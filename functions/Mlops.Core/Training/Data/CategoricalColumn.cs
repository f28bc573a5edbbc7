namespace Mlops.Core.Training.Data;

/// <summary>
/// A categorical column, dictionary-encoded: one code per row indexing <see cref="Categories"/>, or
/// <see cref="MissingCode"/> where the value is missing. Categories are distinct and, when the platform builds the
/// column, sorted by ordinal comparison, so the same data always gives the same codes.
/// </summary>
public sealed class CategoricalColumn : DatasetColumn
{
    /// <summary>The code of a missing value.</summary>
    public const int MissingCode = -1;

    private readonly int[] _codes;
    private readonly string[] _categories;

    /// <summary>
    /// Creates a column over <paramref name="codes"/>, which it keeps (do not change the array afterwards). Every code
    /// must be <see cref="MissingCode"/> or an index into <paramref name="categories"/>.
    /// </summary>
    public CategoricalColumn(string name, int[] codes, IReadOnlyList<string> categories)
        : base(name, (codes ?? throw new ArgumentNullException(nameof(codes))).Length)
    {
        ArgumentNullException.ThrowIfNull(categories);
        _categories = [.. categories];
        if (_categories.Distinct(StringComparer.Ordinal).Count() != _categories.Length)
        {
            throw new ArgumentException("Categories must be distinct.", nameof(categories));
        }

        foreach (var code in codes)
        {
            if (code < MissingCode || code >= _categories.Length)
            {
                throw new ArgumentException($"Code {code} is outside the {_categories.Length} categories.", nameof(codes));
            }
        }

        _codes = codes;
    }

    /// <inheritdoc />
    public override ColumnKind Kind => ColumnKind.Categorical;

    /// <summary>The code of each row: an index into <see cref="Categories"/>, or <see cref="MissingCode"/>.</summary>
    public ReadOnlyMemory<int> Codes => _codes;

    /// <summary>The distinct categories; a code is an index into this list.</summary>
    public IReadOnlyList<string> Categories => _categories;

    /// <summary>The category in a row, or null when missing.</summary>
    public string? this[int row] => _codes[row] == MissingCode ? null : _categories[_codes[row]];

    /// <summary>Builds a column from values (null = missing), with categories sorted by ordinal comparison.</summary>
    public static CategoricalColumn FromValues(string name, IEnumerable<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values.ToList();
        var categories = list.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < categories.Length; i++)
        {
            index[categories[i]] = i;
        }

        var codes = list.Select(v => v is null ? MissingCode : index[v]).ToArray();
        return new CategoricalColumn(name, codes, categories);
    }

    /// <inheritdoc />
    public override bool IsMissing(int row) => _codes[row] == MissingCode;

    /// <inheritdoc />
    public override string? FormatValue(int row) => this[row];

    /// <inheritdoc />
    public override DatasetColumn SelectRows(ReadOnlySpan<int> rows)
    {
        var selected = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            selected[i] = _codes[rows[i]];
        }

        return new CategoricalColumn(Name, selected, _categories);
    }
}
