namespace Edge.Iot.Discovery;

/// <summary>
/// One search condition (XEP-0347 §Search): a comparison of the named tag with a constant, a range (endpoints included
/// or not; the <c>N</c> variants match outside it), or a string mask with a wildcard. A thing without the tag, or with a
/// tag of the other type, does not match. Strings compare ordinally.
/// </summary>
public sealed record SearchOperator
{
    private SearchOperator(SearchOperatorKind kind, string name)
    {
        Kind = kind;
        Name = name.ToUpperInvariant();
    }

    public SearchOperatorKind Kind { get; }

    /// <summary>The tag name, upper-case like <see cref="MetaTag.Name"/>.</summary>
    public string Name { get; }

    /// <summary>The constant of a string comparison or mask.</summary>
    public string? Text { get; private init; }

    /// <summary>The constant of a numeric comparison.</summary>
    public double? Number { get; private init; }

    public string? TextMin { get; private init; }

    public string? TextMax { get; private init; }

    public double? NumberMin { get; private init; }

    public double? NumberMax { get; private init; }

    public bool MinIncluded { get; private init; } = true;

    public bool MaxIncluded { get; private init; } = true;

    /// <summary>The wildcard of <see cref="SearchOperatorKind.StrMask"/> (any run of characters).</summary>
    public string? Wildcard { get; private init; }

    public bool IsNumeric => Kind >= SearchOperatorKind.NumEq;

    /// <summary>Whether the operator names the KEY tag: such a search never finds anything (§Search).</summary>
    public bool NamesKey => Name == MetaTagNames.Key;

    public static SearchOperator String(SearchOperatorKind kind, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (kind is not (SearchOperatorKind.StrEq or SearchOperatorKind.StrNEq or SearchOperatorKind.StrGt or SearchOperatorKind.StrGtEq
            or SearchOperatorKind.StrLt or SearchOperatorKind.StrLtEq))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a string comparison.");
        }

        return new SearchOperator(kind, CheckName(name)) { Text = value };
    }

    public static SearchOperator Numeric(SearchOperatorKind kind, string name, double value)
    {
        if (kind is not (SearchOperatorKind.NumEq or SearchOperatorKind.NumNEq or SearchOperatorKind.NumGt or SearchOperatorKind.NumGtEq
            or SearchOperatorKind.NumLt or SearchOperatorKind.NumLtEq))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a numeric comparison.");
        }

        return new SearchOperator(kind, CheckName(name)) { Number = value };
    }

    public static SearchOperator StringRange(string name, string min, bool minIncluded, string max, bool maxIncluded, bool outside = false) =>
        new(outside ? SearchOperatorKind.StrNRange : SearchOperatorKind.StrRange, CheckName(name))
        {
            TextMin = min ?? throw new ArgumentNullException(nameof(min)),
            TextMax = max ?? throw new ArgumentNullException(nameof(max)),
            MinIncluded = minIncluded,
            MaxIncluded = maxIncluded,
        };

    public static SearchOperator NumericRange(string name, double min, bool minIncluded, double max, bool maxIncluded, bool outside = false) =>
        new(outside ? SearchOperatorKind.NumNRange : SearchOperatorKind.NumRange, CheckName(name))
        {
            NumberMin = min,
            NumberMax = max,
            MinIncluded = minIncluded,
            MaxIncluded = maxIncluded,
        };

    public static SearchOperator Mask(string name, string value, string wildcard = "*")
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentException.ThrowIfNullOrEmpty(wildcard);
        return new SearchOperator(SearchOperatorKind.StrMask, CheckName(name)) { Text = value, Wildcard = wildcard };
    }

    /// <summary>Whether a thing with these tags satisfies the condition.</summary>
    public bool Matches(IReadOnlyList<MetaTag> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var tag = tags.FirstOrDefault(t => t.Name == Name);
        if (tag is null || tag.IsNumeric != IsNumeric)
        {
            return false;
        }

        return IsNumeric ? MatchesNumber(tag.NumericValue!.Value) : MatchesText(tag.StringValue!);
    }

    private bool MatchesText(string v) => Kind switch
    {
        SearchOperatorKind.StrEq => string.Equals(v, Text, StringComparison.Ordinal),
        SearchOperatorKind.StrNEq => !string.Equals(v, Text, StringComparison.Ordinal),
        SearchOperatorKind.StrGt => string.CompareOrdinal(v, Text) > 0,
        SearchOperatorKind.StrGtEq => string.CompareOrdinal(v, Text) >= 0,
        SearchOperatorKind.StrLt => string.CompareOrdinal(v, Text) < 0,
        SearchOperatorKind.StrLtEq => string.CompareOrdinal(v, Text) <= 0,
        SearchOperatorKind.StrRange => InRange(string.CompareOrdinal(v, TextMin), string.CompareOrdinal(v, TextMax)),
        SearchOperatorKind.StrNRange => !InRange(string.CompareOrdinal(v, TextMin), string.CompareOrdinal(v, TextMax)),
        SearchOperatorKind.StrMask => MatchesMask(v, Text!, Wildcard!),
        _ => false,
    };

    private bool MatchesNumber(double v) => Kind switch
    {
        SearchOperatorKind.NumEq => v == Number,
        SearchOperatorKind.NumNEq => v != Number,
        SearchOperatorKind.NumGt => v > Number,
        SearchOperatorKind.NumGtEq => v >= Number,
        SearchOperatorKind.NumLt => v < Number,
        SearchOperatorKind.NumLtEq => v <= Number,
        SearchOperatorKind.NumRange => InRange(v.CompareTo(NumberMin!.Value), v.CompareTo(NumberMax!.Value)),
        SearchOperatorKind.NumNRange => !InRange(v.CompareTo(NumberMin!.Value), v.CompareTo(NumberMax!.Value)),
        _ => false,
    };

    /// <summary>min &lt;(=) v &lt;(=) max, from the signs of v compared with min and with max.</summary>
    private bool InRange(int toMin, int toMax) =>
        (MinIncluded ? toMin >= 0 : toMin > 0) && (MaxIncluded ? toMax <= 0 : toMax < 0);

    /// <summary>
    /// Whether <paramref name="value"/> matches the mask: the wildcard stands for any run of characters (none
    /// included), everything else for itself, compared ordinally. The parts between wildcards are found left to right,
    /// the first anchored at the start and the last at the end — linear, no backtracking, nothing compiled per call.
    /// </summary>
    internal static bool MatchesMask(string value, string mask, string wildcard)
    {
        var parts = mask.Split(wildcard);
        if (parts.Length == 1)
        {
            return string.Equals(value, mask, StringComparison.Ordinal);
        }

        var first = parts[0];
        var last = parts[^1];
        if (value.Length < first.Length + last.Length
            || !value.StartsWith(first, StringComparison.Ordinal) || !value.EndsWith(last, StringComparison.Ordinal))
        {
            return false;
        }

        var position = first.Length;
        var end = value.Length - last.Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var at = parts[i].Length == 0 ? position : value.IndexOf(parts[i], position, end - position, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            position = at + parts[i].Length;
        }

        return true;
    }

    private static string CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return name;
    }
}
