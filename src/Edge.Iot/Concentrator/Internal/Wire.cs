using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Edge.Xmpp;

namespace Edge.Iot.Concentrator.Internal;

/// <summary>Lexical forms shared by the XEP-0326 payload types (XML Schema booleans, dateTimes, response codes).</summary>
internal static class Wire
{
    public static readonly XNamespace Ns = ConcentratorNamespaces.Concentrators;

    public static string Boolean(bool value) => value ? "true" : "false";

    /// <summary>xs:boolean: <c>true</c>/<c>false</c>/<c>1</c>/<c>0</c>; absent = <paramref name="absent"/>.</summary>
    public static bool ParseBoolean(string? text, bool absent, string what) => text?.Trim() switch
    {
        null => absent,
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw new XmppProtocolException($"XEP-0326 {what}: '{text}' is not a boolean."),
    };

    /// <summary>A dateTime in UTC with the fewest fraction digits needed.</summary>
    public static string DateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads an xs:dateTime. One without a zone is taken in the reader's zone, as XEP-0326 §6.2 "Time Zones" says
    /// (the XEP's own examples carry no zone).
    /// </summary>
    public static DateTimeOffset ParseDateTime(string text, string what) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out DateTimeOffset value)
            ? value
            : throw new XmppProtocolException($"XEP-0326 {what}: '{text}' is not a dateTime.");

    public static DateTimeOffset? ParseOptionalDateTime(string? text, string what) =>
        string.IsNullOrEmpty(text) ? null : ParseDateTime(text, what);

    public static string Duration(TimeSpan value) => XmlConvert.ToString(value);

    public static string Time(TimeOnly value) => value.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    public static string ResultCode(ConcentratorResultCode code) =>
        code == ConcentratorResultCode.Ok ? "OK" : code.ToString();

    /// <summary>Reads a response code; an unknown one reads as <see cref="ConcentratorResultCode.OtherError"/>.</summary>
    public static ConcentratorResultCode ParseResultCode(string? text)
    {
        foreach (ConcentratorResultCode code in Enum.GetValues<ConcentratorResultCode>())
        {
            if (string.Equals(ResultCode(code), text, StringComparison.Ordinal))
            {
                return code;
            }
        }

        return ConcentratorResultCode.OtherError;
    }

    /// <summary>A child element's attribute or null.</summary>
    public static string? Attribute(XElement element, string name) => (string?)element.Attribute(name);

    /// <summary>The request's <c>xml:lang</c>, or null.</summary>
    public static string? Language(XElement element) => (string?)element.Attribute(XNamespace.Xml + "lang");
}
