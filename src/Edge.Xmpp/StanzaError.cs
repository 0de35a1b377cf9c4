using System.Xml.Linq;

namespace Edge.Xmpp;

/// <summary>
/// A stanza error (RFC 6120 §8.3): the peer's "no" to a request, returned as data rather than thrown.
/// </summary>
/// <param name="Type">cancel, continue, modify, auth or wait.</param>
/// <param name="Condition">The defined condition, e.g. <c>item-not-found</c>.</param>
/// <param name="Text">Optional human-readable text.</param>
/// <param name="ApplicationCondition">Optional application-specific condition element.</param>
public sealed record StanzaError(string Type, string Condition, string? Text = null, XElement? ApplicationCondition = null)
{
    /// <summary>Reads the <c>&lt;error/&gt;</c> child of a stanza; a malformed one reads as <c>undefined-condition</c>.</summary>
    public static StanzaError FromStanza(XElement stanza)
    {
        ArgumentNullException.ThrowIfNull(stanza);
        var error = stanza.Element(stanza.Name.Namespace + "error") ?? stanza.Elements().FirstOrDefault(e => e.Name.LocalName == "error");
        if (error is null)
        {
            return new StanzaError("cancel", "undefined-condition", "The error stanza carried no <error/> element.");
        }

        var condition = error.Elements().FirstOrDefault(e => e.Name.Namespace == XmppNamespaces.Stanzas && e.Name.LocalName != "text");
        var text = error.Element(XmppNamespaces.Stanzas + "text")?.Value;
        var app = error.Elements().FirstOrDefault(e => e.Name.Namespace != XmppNamespaces.Stanzas);
        return new StanzaError((string?)error.Attribute("type") ?? "cancel", condition?.Name.LocalName ?? "undefined-condition", text, app);
    }

    /// <summary>The <c>&lt;error/&gt;</c> element for an error reply.</summary>
    public XElement ToElement()
    {
        var element = new XElement(XmppNamespaces.Client + "error", new XAttribute("type", Type), new XElement(XmppNamespaces.Stanzas + Condition));
        if (Text is not null)
        {
            element.Add(new XElement(XmppNamespaces.Stanzas + "text", Text));
        }

        if (ApplicationCondition is not null)
        {
            element.Add(ApplicationCondition);
        }

        return element;
    }

    public override string ToString() => Text is null ? $"{Type}/{Condition}" : $"{Type}/{Condition}: {Text}";

    public static StanzaError ServiceUnavailable(string? text = null) => new("cancel", "service-unavailable", text);

    public static StanzaError BadRequest(string? text = null) => new("modify", "bad-request", text);

    public static StanzaError InternalServerError(string? text = null) => new("cancel", "internal-server-error", text);

    public static StanzaError ItemNotFound(string? text = null) => new("cancel", "item-not-found", text);

    public static StanzaError Forbidden(string? text = null) => new("auth", "forbidden", text);

    public static StanzaError FeatureNotImplemented(string? text = null) => new("cancel", "feature-not-implemented", text);
}
