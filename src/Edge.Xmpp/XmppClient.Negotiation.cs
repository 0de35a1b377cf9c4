using System.Xml.Linq;
using Edge.Xmpp.Exi;
using Edge.Xmpp.Internal;
using Edge.Xmpp.Sasl;

namespace Edge.Xmpp;

public sealed partial class XmppClient
{
    /// <summary>Connects and negotiates one session: STARTTLS, SASL, then resume or bind + enable.</summary>
    private Task<Session> EstablishAsync(CancellationToken cancellationToken)
    {
        var connection = _core.NewConnection(_options.MaxStanzaBytes);
        return connection.NegotiateAsync(token => NegotiateAsync(connection, token), _options.ConnectTimeout, _time,
            $"Connecting to the server timed out after {_options.ConnectTimeout}.", cancellationToken);
    }

    private async Task<Session> NegotiateAsync(Internal.XmppConnection connection, CancellationToken token)
    {
        var transport = connection.Transport;
        var host = _options.Host ?? Jid.Domain;
        Log.Connecting(_logger, host, _options.Port, Jid.ToString());
        await transport.ConnectAsync(host, _options.Port, token).ConfigureAwait(false);
        if (_options.Exi.IsExiOnly)
        {
            // XEP-0322 §2.4: EXI from the first byte, in the default options and schema (§2.4.3, §3.14).
            connection.UseCodec(ExiStreamCodec.ForExiOnlyBinding(_options.MaxStanzaBytes));
        }

        var features = await connection.OpenStreamAsync(Jid.Domain, null, token).ConfigureAwait(false);

        features = await connection.StartTlsAsync(features, Jid.Domain, Jid.ToString(), _options.Tls, token).ConfigureAwait(false);

        // EXI (XEP-0322) where it is offered: before SASL if the server offers it there, else after (XEP-0138 §1).
        features = await NegotiateExiAsync(connection, features, last: false, token).ConfigureAwait(false);
        var mechanism = await AuthenticateAsync(connection, features, token).ConfigureAwait(false);
        features = await connection.OpenStreamAsync(Jid.Domain, Jid.ToString(), token).ConfigureAwait(false);
        features = await NegotiateExiAsync(connection, features, last: true, token).ConfigureAwait(false);
        var smOffered = features.Element(SmNamespace + "sm") is not null && _options.StreamManagement;

        if (smOffered && await TryResumeAsync(connection, token).ConfigureAwait(false) is { } resumedSession)
        {
            return resumedSession;
        }

        BoundJid = await BindAsync(connection, features, token).ConfigureAwait(false);
        var smEnabled = smOffered && await EnableStreamManagementAsync(connection, token).ConfigureAwait(false);
        Log.Connected(_logger, BoundJid.ToString(), transport.IsEncrypted ? "TLS" : "no TLS", mechanism,
            smEnabled ? "on" : "off");
        return new Session(this, connection, smEnabled, resumed: false);
    }

    private async Task<string> AuthenticateAsync(Internal.XmppConnection connection, XElement features, CancellationToken token)
    {
        var offered = features.Element(XmppNamespaces.Sasl + "mechanisms")?.Elements(XmppNamespaces.Sasl + "mechanism")
            .Select(m => m.Value.Trim()).ToArray() ?? [];
        var mechanism = SaslMechanism.Select(offered, Jid.Local!, _options.Password, connection.Transport.IsEncrypted)
            ?? throw new XmppConnectionException(ConnectionFailure.Authentication,
                $"No SASL mechanism in common with the server (it offers: {string.Join(", ", offered)}; PLAIN is used only over TLS).");

        await connection.WriteAsync(new XElement(XmppNamespaces.Sasl + "auth", new XAttribute("mechanism", mechanism.Name),
            Convert.ToBase64String(mechanism.InitialResponse())), token).ConfigureAwait(false);
        while (true)
        {
            var element = await connection.ReadElementAsync(token).ConfigureAwait(false);
            switch (element.Name.LocalName)
            {
                case "challenge" when element.Name.Namespace == XmppNamespaces.Sasl:
                    var response = mechanism.Challenge(Base64(element.Value));
                    await connection.WriteAsync(new XElement(XmppNamespaces.Sasl + "response", Convert.ToBase64String(response)), token)
                        .ConfigureAwait(false);
                    break;
                case "success" when element.Name.Namespace == XmppNamespaces.Sasl:
                    try
                    {
                        mechanism.VerifySuccess(Base64(element.Value));
                    }
                    catch (XmppProtocolException e)
                    {
                        throw new XmppConnectionException(ConnectionFailure.Authentication, e.Message, e);
                    }

                    return mechanism.Name;
                case "failure" when element.Name.Namespace == XmppNamespaces.Sasl:
                    var condition = element.Elements().FirstOrDefault(e => e.Name.LocalName != "text")?.Name.LocalName ?? "not-authorized";
                    var text = element.Element(XmppNamespaces.Sasl + "text")?.Value;
                    throw new XmppConnectionException(ConnectionFailure.Authentication,
                        $"Authentication as {Jid} failed ({mechanism.Name}): {condition}{(text is null ? string.Empty : " - " + text)}. Check Xmpp:Jid and Xmpp:Password.",
                        null, condition);
                default:
                    throw new XmppProtocolException("bad-format", $"Unexpected <{element.Name.LocalName}/> during SASL.");
            }
        }
    }

    private async Task<Jid> BindAsync(Internal.XmppConnection connection, XElement features, CancellationToken token)
    {
        if (features.Element(XmppNamespaces.Bind + "bind") is null)
        {
            throw new XmppProtocolException("unsupported-feature", "The server does not offer resource binding.");
        }

        var id = NextId();
        await connection.WriteAsync(new XElement(XmppNamespaces.Client + "iq", new XAttribute("type", "set"), new XAttribute("id", id),
            new XElement(XmppNamespaces.Bind + "bind", new XElement(XmppNamespaces.Bind + "resource", _options.Resource))), token)
            .ConfigureAwait(false);
        var answer = await ReadIqAnswerAsync(connection, id, token).ConfigureAwait(false);
        if ((string?)answer.Attribute("type") != "result")
        {
            throw new XmppConnectionException(ConnectionFailure.StreamError,
                $"Binding resource '{_options.Resource}' failed: {StanzaError.FromStanza(answer)}");
        }

        var jidText = answer.Element(XmppNamespaces.Bind + "bind")?.Element(XmppNamespaces.Bind + "jid")?.Value;
        if (!Jid.TryParse(jidText, out var bound, out var error))
        {
            throw new XmppProtocolException("bad-format", $"The server bound an invalid JID '{jidText}': {error}");
        }

        var session = features.Element(XmppNamespaces.Session + "session");
        if (session is not null && session.Element(XmppNamespaces.Session + "optional") is null)
        {
            var sessionId = NextId();
            await connection.WriteAsync(new XElement(XmppNamespaces.Client + "iq", new XAttribute("type", "set"),
                new XAttribute("id", sessionId), new XElement(XmppNamespaces.Session + "session")), token).ConfigureAwait(false);
            await ReadIqAnswerAsync(connection, sessionId, token).ConfigureAwait(false);
        }

        return bound;
    }

    private static async Task<XElement> ReadIqAnswerAsync(Internal.XmppConnection connection, string id, CancellationToken token)
    {
        while (true)
        {
            var element = await connection.ReadElementAsync(token).ConfigureAwait(false);
            if (element.Name.LocalName == "iq" && (string?)element.Attribute("id") == id)
            {
                return element;
            }
        }
    }

    private static byte[] Base64(string text)
    {
        text = text.Trim();
        if (text.Length == 0 || text == "=")
        {
            return [];
        }

        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException e)
        {
            throw new XmppProtocolException("bad-format", "The server sent SASL data that is not base64.", e);
        }
    }
}
