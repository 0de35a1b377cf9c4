using System.Xml.Linq;
using Edge.Xmpp.Transport;

namespace Edge.Xmpp.Register;

/// <summary>
/// XEP-0077 in-band registration: the first-boot path of a device whose server allows it. Runs its own short
/// pre-authentication stream (STARTTLS, then <c>jabber:iq:register</c>), so the account exists before login.
/// </summary>
public static class InBandRegistration
{
    public static readonly XNamespace Namespace = "jabber:iq:register";

    /// <summary>
    /// Registers <see cref="XmppClientOptions.Jid"/> with <see cref="XmppClientOptions.Password"/>. Returns null on
    /// success, or the server's stanza error (<c>conflict</c>: the account exists; <c>not-allowed</c>: registration is
    /// closed) for the caller to decide: a device that registered before simply logs in.
    /// </summary>
    public static Task<StanzaError?> RegisterAsync(XmppClientOptions options, CancellationToken cancellationToken,
        Func<IXmppTransport>? transportFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var jid = Jid.Parse(options.Jid);
        var query = new XElement(Namespace + "query", new XElement(Namespace + "username", jid.Local),
            new XElement(Namespace + "password", options.Password));
        return AskAsync(options, "set", query, transportFactory, cancellationToken);
    }

    /// <summary>
    /// Asks the server for its registration form (XEP-0077 §3.1, an <c>iq type='get'</c> before authentication) without
    /// registering anything: null when the server offers registration on this stream, else its stanza error
    /// (<c>not-allowed</c>, <c>service-unavailable</c>…). Proves the connection and TLS on the way (<c>edge doctor</c>).
    /// </summary>
    public static Task<StanzaError?> ProbeAsync(XmppClientOptions options, CancellationToken cancellationToken,
        Func<IXmppTransport>? transportFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return AskAsync(options, "get", new XElement(Namespace + "query"), transportFactory, cancellationToken);
    }

    /// <summary>One <c>jabber:iq:register</c> IQ on a pre-authentication stream secured by STARTTLS.</summary>
    private static async Task<StanzaError?> AskAsync(XmppClientOptions options, string type, XElement query,
        Func<IXmppTransport>? transportFactory, CancellationToken cancellationToken)
    {
        var jid = Jid.Parse(options.Jid);
        var transport = (transportFactory ?? (() => new TcpTransport()))();
        var connection = new Internal.XmppConnection(transport, options.MaxStanzaBytes,
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        await using var _ = connection.ConfigureAwait(false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.ConnectTimeout);
        var token = deadline.Token;
        await transport.ConnectAsync(options.Host ?? jid.Domain, options.Port, token).ConfigureAwait(false);
        var features = await connection.OpenStreamAsync(jid.Domain, null, token).ConfigureAwait(false);
        await connection.StartTlsAsync(features, jid.Domain, null, options.Tls, token).ConfigureAwait(false);

        await connection.WriteAsync(new XElement(XmppNamespaces.Client + "iq", new XAttribute("type", type), new XAttribute("id", "reg1"), query), token)
            .ConfigureAwait(false);
        while (true)
        {
            var answer = await connection.ReadElementAsync(token).ConfigureAwait(false);
            if (answer.Name.LocalName == "iq" && (string?)answer.Attribute("id") == "reg1")
            {
                await connection.WriteStreamEndAsync(CancellationToken.None).ConfigureAwait(false);
                return (string?)answer.Attribute("type") == "result" ? null : StanzaError.FromStanza(answer);
            }
        }
    }
}
