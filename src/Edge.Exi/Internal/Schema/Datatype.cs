using System.Numerics;

namespace Edge.Exi.Internal.Schema;

/// <summary>The EXI datatype representations of EXI 1.0 §7.1 (table 7-1) a schema type maps to.</summary>
internal enum DatatypeKind : byte
{
    /// <summary>String through the value string table (§7.1.10, §7.3.3).</summary>
    String,

    /// <summary>String through the value string table whose new characters use a restricted set (§7.1.10.1).</summary>
    RestrictedString,

    /// <summary>The index of the value among the type's enumerated values, as an n-bit integer (§7.2).</summary>
    Enumeration,

    /// <summary>A count, then each item in the item type's representation (§7.1.11).</summary>
    List,

    /// <summary>One bit (§7.1.2).</summary>
    Boolean,

    /// <summary>Two bits keeping the lexical form: false, 0, true, 1 (§7.1.2, a boolean with a pattern facet).</summary>
    PatternBoolean,

    /// <summary>Sign, integral part, reversed fractional digits (§7.1.3).</summary>
    Decimal,

    /// <summary>Mantissa and base-10 exponent as two integers (§7.1.4).</summary>
    Float,

    /// <summary>Signed integer (§7.1.5).</summary>
    Integer,

    /// <summary>Unsigned integer, for integer types without negative values (§7.1.6).</summary>
    UnsignedInteger,

    /// <summary>Offset from the minimum as an n-bit integer, for ranges of at most 4096 values (§7.1.9).</summary>
    BoundedInteger,

    /// <summary>Year, month-day, time, fraction and time zone as the date-time type has them (§7.1.8).</summary>
    DateTime,

    /// <summary>Length-prefixed bytes, written back as base64 (§7.1.1).</summary>
    Base64Binary,

    /// <summary>Length-prefixed bytes, written back as hexadecimal (§7.1.1).</summary>
    HexBinary,
}

/// <summary>The whiteSpace facet (XML Schema part 2 §4.3.6) applied to character content before it is typed.</summary>
internal enum WhiteSpace : byte
{
    Preserve,
    Replace,
    Collapse,
}

/// <summary>The date-time types and the components each one codes (§7.1.8, table 7-3).</summary>
internal enum DateTimeFamily : byte
{
    DateTime,
    Time,
    Date,
    GYearMonth,
    GYear,
    GMonthDay,
    GDay,
    GMonth,
}

/// <summary>
/// An EXI datatype: how values of one simple type are coded. Immutable once built; shared by every grammar and
/// every stream that uses the schema.
/// </summary>
internal sealed class Datatype
{
    /// <summary>Gets the datatype of untyped values (undeclared content, schema-less values): a preserved string.</summary>
    public static readonly Datatype Untyped = new(DatatypeKind.String, WhiteSpace.Preserve);

    public Datatype(DatatypeKind kind, WhiteSpace whiteSpace)
    {
        Kind = kind;
        WhiteSpace = whiteSpace;
    }

    public DatatypeKind Kind { get; }

    public WhiteSpace WhiteSpace { get; }

    /// <summary>Gets the n-bit width of bounded integers, enumeration indices and restricted characters.</summary>
    public int Bits { get; init; }

    /// <summary>Gets the lowest value of a bounded integer.</summary>
    public BigInteger Minimum { get; init; }

    /// <summary>Gets the highest value of a bounded integer.</summary>
    public BigInteger Maximum { get; init; }

    public DateTimeFamily DateTimeFamily { get; init; }

    /// <summary>Gets the enumerated values as written in the schema.</summary>
    public string[] EnumerationLexical { get; init; } = [];

    /// <summary>Gets the enumerated values as a decoder writes them (the canonical form of the base type).</summary>
    public string[] EnumerationCanonical { get; init; } = [];

    /// <summary>Gets the datatype the enumerated values belong to (comparisons are by value in that type).</summary>
    public Datatype? EnumerationBase { get; init; }

    /// <summary>Gets the item datatype of a list.</summary>
    public Datatype? Item { get; init; }

    /// <summary>Gets the restricted character set, sorted by code point (the n-bit code of a character is its index).</summary>
    public int[] CharacterSet { get; init; } = [];

    /// <summary>Gets a value indicating whether the value goes through the value string table (string-like kinds).</summary>
    public bool IsString => Kind is DatatypeKind.String or DatatypeKind.RestrictedString;

    /// <summary>Gets the code of a character in the restricted set, or -1.</summary>
    public int CharacterCode(int codePoint)
    {
        int index = Array.BinarySearch(CharacterSet, codePoint);
        return index < 0 ? -1 : index;
    }

    public override string ToString() => Kind switch
    {
        DatatypeKind.BoundedInteger => $"{Kind}[{Minimum}..{Maximum}]",
        DatatypeKind.Enumeration => $"{Kind}({string.Join('|', EnumerationLexical)})",
        DatatypeKind.List => $"{Kind}<{Item}>",
        DatatypeKind.DateTime => $"{Kind}:{DateTimeFamily}",
        _ => Kind.ToString(),
    };
}
