using Edge.Xmpp;

namespace Edge.Iot.Concentrator.Internal;

/// <summary>
/// A refusal, as both a RFC 6120 stanza error and the XEP-0326 response code. The XEP's failure examples send
/// <c>iq type='error'</c> whose child is <c>&lt;…Response result='…'/&gt;</c> with no <c>&lt;error/&gt;</c>, which
/// RFC 6120 §8.3 does not allow; here the <c>…Response</c> element travels as the error's application-specific
/// condition, so a generic client sees the defined condition and a XEP-0326 client the response code.
/// </summary>
internal sealed record Failure(ConcentratorResultCode Code, string Type, string Condition, string Text)
{
    public static Failure NotFound(string text) => new(ConcentratorResultCode.NotFound, "cancel", "item-not-found", text);

    public static Failure BadRequest(string text) => new(ConcentratorResultCode.OtherError, "modify", "bad-request", text);

    public static Failure Forbidden(string text) =>
        new(ConcentratorResultCode.InsufficientPrivileges, "auth", "forbidden", text);

    public static Failure NotImplemented(string text) =>
        new(ConcentratorResultCode.NotImplemented, "cancel", "feature-not-implemented", text);

    public StanzaError ToStanzaError(string operation) =>
        new(Type, Condition, Text, ConcentratorResponse.Failure(operation, Code).ToElement());
}
