using System.Globalization;

namespace Edge.Iot.Discovery;

/// <summary>
/// One meta tag of a thing (XEP-0347 §Meta Tags): a name with a string or a numeric value. Names are case-insensitive
/// (the XEP's note under every section); they are kept upper-case here, so equality, storage and search agree.
/// Limits (§Meta Tags): a name at most 32 characters without ':', '#' or white space; a string value at most 128.
/// </summary>
public sealed record MetaTag
{
    public const int MaxNameLength = 32;
    public const int MaxStringLength = 128;

    private MetaTag(string name, string? text, double? number)
    {
        Name = name;
        StringValue = text;
        NumericValue = number;
    }

    /// <summary>The tag name, upper-case.</summary>
    public string Name { get; }

    /// <summary>The value of a string tag (<c>&lt;str/&gt;</c>); null for a numeric one.</summary>
    public string? StringValue { get; }

    /// <summary>The value of a numeric tag (<c>&lt;num/&gt;</c>); null for a string one.</summary>
    public double? NumericValue { get; }

    public bool IsNumeric => NumericValue.HasValue;

    /// <summary>Whether this is the KEY tag, the secret shared by thing and owner: never searchable nor returned.</summary>
    public bool IsKey => Name == MetaTagNames.Key;

    /// <summary>The value as it travels in XML (numbers round-trip, invariant culture).</summary>
    public string ValueText => StringValue ?? NumericValue!.Value.ToString("R", CultureInfo.InvariantCulture);

    public static MetaTag String(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryCreate(name, value, null, out var tag, out var error) ? tag : throw new ArgumentException(error, nameof(name));
    }

    public static MetaTag Numeric(string name, double value) =>
        TryCreate(name, null, value, out var tag, out var error) ? tag : throw new ArgumentException(error, nameof(name));

    /// <summary>Checks the XEP's limits; <paramref name="error"/> names the tag and what is wrong.</summary>
    public static bool TryCreate(string? name, string? text, double? number, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MetaTag? tag,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        tag = null;
        if (string.IsNullOrEmpty(name))
        {
            error = "A meta tag has no name.";
            return false;
        }

        if (name.Length > MaxNameLength || name.Any(c => c is ':' or '#' || char.IsWhiteSpace(c)))
        {
            error = $"Meta tag name '{name}' is longer than {MaxNameLength} characters or holds ':', '#' or white space.";
            return false;
        }

        if ((text is null) == (number is null))
        {
            error = $"Meta tag '{name}' must have exactly one string or numeric value.";
            return false;
        }

        if (text is not null && text.Length > MaxStringLength)
        {
            error = $"The value of meta tag '{name}' is longer than {MaxStringLength} characters.";
            return false;
        }

        if (number is { } n && !double.IsFinite(n))
        {
            error = $"The value of numeric meta tag '{name}' is not a finite number.";
            return false;
        }

        tag = new MetaTag(name.ToUpperInvariant(), text, number);
        error = null;
        return true;
    }

    /// <summary>For logs: a KEY's value never appears.</summary>
    public override string ToString() => IsKey ? $"{Name}=(secret)" : $"{(IsNumeric ? "#" : string.Empty)}{Name}={ValueText}";
}
