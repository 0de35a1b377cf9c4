using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Edge.Xmpp.DataForms;

/// <summary>
/// XEP-0122 validation of one field (<c>&lt;validate xmlns='http://jabber.org/protocol/xdata-validate'/&gt;</c>): a
/// datatype (default <c>xs:string</c>), at most one method (<c>basic</c>, <c>open</c>, <c>range</c>, <c>regex</c>) and an
/// optional <c>list-range</c>. <see cref="Check"/> applies it to a submitted value.
/// </summary>
public sealed record DataFormValidation
{
    /// <summary>The default datatype (XEP-0122 §3.1).</summary>
    public const string DefaultDatatype = "xs:string";

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>The datatype, e.g. <c>xs:int</c>, <c>xs:dateTime</c>, <c>xdc:Color</c>.</summary>
    public string Datatype { get; init; } = DefaultDatatype;

    /// <summary>The validation method given, or null when none was (which means <see cref="DataFormValidationMethod.Basic"/>).</summary>
    public DataFormValidationMethod? Method { get; init; }

    /// <summary>The <c>range</c> minimum in the datatype's lexical form, if any.</summary>
    public string? Minimum { get; init; }

    /// <summary>The <c>range</c> maximum in the datatype's lexical form, if any.</summary>
    public string? Maximum { get; init; }

    /// <summary>The <c>regex</c> pattern (POSIX extended syntax per the XEP; applied here as a .NET pattern).</summary>
    public string? Pattern { get; init; }

    /// <summary>The <c>list-range</c> minimum number of values (list-multi), if any.</summary>
    public uint? ListMinimum { get; init; }

    /// <summary>The <c>list-range</c> maximum number of values (list-multi), if any.</summary>
    public uint? ListMaximum { get; init; }

    /// <summary>A range validation (<c>&lt;range/&gt;</c>) of <paramref name="datatype"/>.</summary>
    public static DataFormValidation Range(string datatype, string? minimum, string? maximum) =>
        new() { Datatype = datatype, Method = DataFormValidationMethod.Range, Minimum = minimum, Maximum = maximum };

    /// <summary>A regular-expression validation (<c>&lt;regex/&gt;</c>) of <paramref name="datatype"/>.</summary>
    public static DataFormValidation Regex(string datatype, string pattern) =>
        new() { Datatype = datatype, Method = DataFormValidationMethod.Regex, Pattern = pattern };

    /// <summary>
    /// Reads a <c>validate</c> element. Lenient as XEP-0122 §5.2 asks: method children are recognised by local name
    /// in any namespace (unprefixed <c>&lt;basic/&gt;</c> inside <c>xdv:validate</c> lands in <c>jabber:x:data</c>);
    /// when several methods are given, the first wins.
    /// </summary>
    public static bool TryParse(XElement element, [NotNullWhen(true)] out DataFormValidation? validation,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(element);
        validation = null;
        error = null;
        DataFormValidationMethod? method = null;
        string? min = null, max = null, pattern = null;
        uint? listMin = null, listMax = null;
        foreach (var child in element.Elements())
        {
            switch (child.Name.LocalName)
            {
                case "basic" when method is null:
                    method = DataFormValidationMethod.Basic;
                    break;
                case "open" when method is null:
                    method = DataFormValidationMethod.Open;
                    break;
                case "range" when method is null:
                    method = DataFormValidationMethod.Range;
                    min = (string?)child.Attribute("min");
                    max = (string?)child.Attribute("max");
                    break;
                case "regex" when method is null:
                    method = DataFormValidationMethod.Regex;
                    pattern = child.Value;
                    break;
                case "list-range":
                    if (!TryCount(child, "min", out listMin, out var badMin) || !TryCount(child, "max", out listMax, out badMin))
                    {
                        error = badMin;
                        return false;
                    }

                    break;
            }
        }

        var datatype = (string?)element.Attribute("datatype");
        validation = new DataFormValidation
        {
            Datatype = string.IsNullOrWhiteSpace(datatype) ? DefaultDatatype : datatype,
            Method = method,
            Minimum = min,
            Maximum = max,
            Pattern = pattern,
            ListMinimum = listMin,
            ListMaximum = listMax,
        };
        return true;
    }

    /// <summary>The <c>validate</c> element (in the xdata-validate namespace).</summary>
    public XElement ToElement()
    {
        var ns = DataFormsNamespaces.Validate;
        var element = new XElement(ns + "validate", new XAttribute("datatype", Datatype));
        switch (Method)
        {
            case DataFormValidationMethod.Basic:
                element.Add(new XElement(ns + "basic"));
                break;
            case DataFormValidationMethod.Open:
                element.Add(new XElement(ns + "open"));
                break;
            case DataFormValidationMethod.Range:
                var range = new XElement(ns + "range");
                if (Minimum is not null)
                {
                    range.SetAttributeValue("min", Minimum);
                }

                if (Maximum is not null)
                {
                    range.SetAttributeValue("max", Maximum);
                }

                element.Add(range);
                break;
            case DataFormValidationMethod.Regex:
                element.Add(new XElement(ns + "regex", Pattern ?? string.Empty));
                break;
        }

        if (ListMinimum is not null || ListMaximum is not null)
        {
            var listRange = new XElement(ns + "list-range");
            if (ListMinimum is uint lmin)
            {
                listRange.SetAttributeValue("min", lmin.ToString(CultureInfo.InvariantCulture));
            }

            if (ListMaximum is uint lmax)
            {
                listRange.SetAttributeValue("max", lmax.ToString(CultureInfo.InvariantCulture));
            }

            element.Add(listRange);
        }

        return element;
    }

    /// <summary>
    /// Checks one value against the datatype, the range and the pattern. Returns null when it passes, else a message
    /// quoting the value. Unknown datatypes validate as <c>xs:string</c> (XEP-0122 §4.1); a range whose bounds do not
    /// parse as the datatype is ignored, as is a pattern that is not a valid expression.
    /// </summary>
    public string? Check(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var parsed = ParseAs(Datatype, value);
        if (parsed is NotParsed)
        {
            return $"'{value}' is not a valid {Datatype} value.";
        }

        if (Method == DataFormValidationMethod.Range && parsed is IComparable comparable and not string)
        {
            if (Minimum is not null && ParseAs(Datatype, Minimum) is IComparable lo && lo.GetType() == parsed.GetType()
                && comparable.CompareTo(lo) < 0)
            {
                return $"'{value}' is below the minimum {Minimum}.";
            }

            if (Maximum is not null && ParseAs(Datatype, Maximum) is IComparable hi && hi.GetType() == parsed.GetType()
                && comparable.CompareTo(hi) > 0)
            {
                return $"'{value}' is above the maximum {Maximum}.";
            }
        }

        if (Method == DataFormValidationMethod.Regex && Pattern is not null && !FullMatch(Pattern, value))
        {
            return $"'{value}' does not match the pattern '{Pattern}'.";
        }

        return null;
    }

    private static bool FullMatch(string pattern, string value)
    {
        try
        {
            return System.Text.RegularExpressions.Regex.IsMatch(value, "^(?:" + pattern + ")$",
                RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>The value as a comparable CLR value of the datatype, the text itself for string-like types, or
    /// <see cref="NotParsed"/>.</summary>
    private static object ParseAs(string datatype, string text) => datatype switch
    {
        "xs:boolean" => XmlSchemaLexical.TryParseBoolean(text, out var b) ? b : NotParsed.Instance,
        "xs:byte" => XmlSchemaLexical.TryParseInt(text, out var i8) && i8 is >= sbyte.MinValue and <= sbyte.MaxValue ? i8 : NotParsed.Instance,
        "xs:short" => XmlSchemaLexical.TryParseInt(text, out var i16) && i16 is >= short.MinValue and <= short.MaxValue ? i16 : NotParsed.Instance,
        "xs:int" => XmlSchemaLexical.TryParseInt(text, out var i32) ? i32 : NotParsed.Instance,
        "xs:long" => XmlSchemaLexical.TryParseLong(text, out var i64) ? i64 : NotParsed.Instance,
        "xs:integer" => XmlSchemaLexical.TryParseInteger(text, out BigInteger big) ? big : NotParsed.Instance,
        "xs:decimal" => XmlSchemaLexical.TryParseDecimal(text, out var dec) ? dec : NotParsed.Instance,
        "xs:double" => XmlSchemaLexical.TryParseDouble(text, out var d) ? d : NotParsed.Instance,
        "xs:date" => XmlSchemaLexical.TryParseDate(text, out var date) ? date : NotParsed.Instance,
        "xs:dateTime" => XmlSchemaLexical.TryParseDateTime(text, TimeZoneInfo.Utc, out var dt) ? dt : NotParsed.Instance,
        "xs:time" => XmlSchemaLexical.TryParseTime(text, out var t) ? t : NotParsed.Instance,
        "xs:duration" => XmlSchemaLexical.TryParseDuration(text, out var span) ? span : NotParsed.Instance,
        "xs:anyURI" => Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out _) ? text : NotParsed.Instance,
        _ => text,
    };

    private static bool TryCount(XElement element, string name, out uint? count, [NotNullWhen(false)] out string? error)
    {
        count = null;
        error = null;
        var text = (string?)element.Attribute(name);
        if (text is null)
        {
            return true;
        }

        if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            error = $"list-range {name} '{text}' is not a non-negative integer.";
            return false;
        }

        count = value;
        return true;
    }

    private sealed class NotParsed
    {
        public static readonly NotParsed Instance = new();
    }
}
