using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Edge.Xmpp;
using Edge.Xmpp.Register;

namespace Edge.Agent.Doctor;

/// <summary>
/// <c>edge doctor</c>'s network checks, each step on its own line so the first broken one is the one reported: the
/// server's address (an IP address in <c>Xmpp:Host</c> needs no DNS; a name is resolved and the outcome shown), a
/// TCP connection to it, then TLS and the login with the configured credentials — or, before first boot has made the
/// account, TLS and the server's in-band registration form (XEP-0077), which is what first boot will need.
/// </summary>
public static class ServerChecks
{
    /// <param name="xmpp">The configured options (not changed: the checks connect with a copy).</param>
    /// <param name="password">The password to log in with; null when first boot has not made the account yet.</param>
    /// <param name="timeout">Bound for each step.</param>
    /// <param name="cancellationToken">Stops the checks (Ctrl-C).</param>
    public static async Task<IReadOnlyList<DoctorFinding>> RunAsync(XmppClientOptions xmpp, string? password, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(xmpp);
        var findings = new List<DoctorFinding>();
        var jid = Jid.Parse(xmpp.Jid);
        var host = xmpp.Host ?? jid.Domain;

        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
            findings.Add(DoctorFinding.Ok("server address", $"{literal} (an address: no DNS needed)"));
        }
        else
        {
            try
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                limit.CancelAfter(timeout);
                addresses = await Dns.GetHostAddressesAsync(host, limit.Token).ConfigureAwait(false);
                findings.Add(DoctorFinding.Ok("server address", $"{host} → {string.Join(", ", addresses.Select(a => a.ToString()))}"));
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                findings.Add(DoctorFinding.Failed("server address", $"{host} does not resolve: {e.Message}",
                    "set Xmpp:Host to the server's IP address (no DNS needed), or fix the name service (/etc/resolv.conf)"));
                return findings;
            }
        }

        var reached = await ReachAsync(addresses, xmpp.Port, timeout, cancellationToken).ConfigureAwait(false);
        if (reached.Address is null)
        {
            findings.Add(DoctorFinding.Failed("server", $"{host}:{xmpp.Port.ToString(CultureInfo.InvariantCulture)} cannot be reached: {reached.Error}",
                $"check that the server runs and listens on port {xmpp.Port.ToString(CultureInfo.InvariantCulture)}, and that no firewall between here and there drops it"));
            return findings;
        }

        findings.Add(DoctorFinding.Ok("server", $"{reached.Address}:{xmpp.Port.ToString(CultureInfo.InvariantCulture)} reachable in {reached.Elapsed.TotalMilliseconds:0} ms"));
        findings.Add(password is null
            ? await ProbeRegistrationAsync(Copy(xmpp, string.Empty, timeout), cancellationToken).ConfigureAwait(false)
            : await LoginAsync(Copy(xmpp, password, timeout), cancellationToken).ConfigureAwait(false));
        return findings;
    }

    private static async Task<(IPAddress? Address, TimeSpan Elapsed, string Error)> ReachAsync(IPAddress[] addresses, int port,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var error = "no address";
        foreach (var address in addresses)
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            var clock = Stopwatch.StartNew();
            try
            {
                await socket.ConnectAsync(address, port, limit.Token).ConfigureAwait(false);
                return (address, clock.Elapsed, string.Empty);
            }
            catch (SocketException e)
            {
                error = $"{address}: {e.Message}";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = $"{address}: no answer within {timeout.TotalSeconds:0} s";
            }
        }

        return (null, TimeSpan.Zero, error);
    }

    private static async Task<DoctorFinding> LoginAsync(XmppClientOptions options, CancellationToken cancellationToken)
    {
        await using var client = new XmppClient(options);
        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return DoctorFinding.Ok("login", $"TLS and login as {client.BoundJid}");
        }
        catch (XmppConnectionException e)
        {
            return Explain(e, options);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DoctorFinding.Failed("login", $"no session within {options.ConnectTimeout.TotalSeconds:0} s", "look at the server's log for this connection");
        }
    }

    private static async Task<DoctorFinding> ProbeRegistrationAsync(XmppClientOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var refused = await InBandRegistration.ProbeAsync(options, cancellationToken).ConfigureAwait(false);
            return refused is null
                ? DoctorFinding.Ok("login", $"TLS ok; no account yet: first boot will register {options.Jid} (the server offers in-band registration)")
                : DoctorFinding.Failed("login", $"no password configured, and the server does not offer registration: {refused.Condition}",
                    "create the account on the server and give the agent its password (/etc/edge/xmpp-password or Xmpp:PasswordFile), "
                    + "or allow registration from devices (Prosody: allow_registration; ejabberd: mod_register)");
        }
        catch (XmppConnectionException e)
        {
            return Explain(e, options);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DoctorFinding.Failed("login", $"no answer within {options.ConnectTimeout.TotalSeconds:0} s", "look at the server's log for this connection");
        }
    }

    private static DoctorFinding Explain(XmppConnectionException e, XmppClientOptions options) => e.Failure switch
    {
        ConnectionFailure.Tls => DoctorFinding.Failed("login", "TLS: " + e.Message,
            "Xmpp:Tls:CaFile must name the CA that signed the server's certificate (or pin its key in Xmpp:Tls:PinnedSpkiSha256), "
            + "the certificate must name the JID's domain, and the clock must be right"),
        ConnectionFailure.Authentication => DoctorFinding.Failed("login", $"the server refused {options.Jid}'s credentials ({e.Condition ?? e.Message})",
            "check the password (Xmpp:Password, Xmpp:PasswordFile or /etc/edge/xmpp-password) and that the account exists"),
        ConnectionFailure.StreamError when e.Condition == "host-unknown" => DoctorFinding.Failed("login",
            $"the server does not serve the domain of {options.Jid}", "correct Xmpp:Jid's domain, or Xmpp:Host if it points at the wrong server"),
        _ => DoctorFinding.Failed("login", e.Message, "look at the server's log for this connection"),
    };

    private static XmppClientOptions Copy(XmppClientOptions xmpp, string password, TimeSpan timeout)
    {
        var copy = new XmppClientOptions
        {
            Jid = xmpp.Jid,
            Password = password,
            Resource = xmpp.Resource + "-doctor",
            Host = xmpp.Host,
            Port = xmpp.Port,
            ConnectTimeout = timeout,
            IqTimeout = timeout,
            MaxStanzaBytes = xmpp.MaxStanzaBytes,
            StreamManagement = false,
            AutoReconnect = false,
            SendInitialPresence = false,
            PingInterval = TimeSpan.Zero,
        };
        copy.Tls.CaFile = xmpp.Tls.CaFile;
        copy.Tls.Required = xmpp.Tls.Required;
        if (xmpp.Exi.IsExiOnly)
        {
            // The port speaks EXI from the first byte (XEP-0322 §2.4): the login must too.
            copy.Exi.Binding = xmpp.Exi.Binding;
            copy.Exi.Mode = xmpp.Exi.Mode;
        }

        foreach (var pin in xmpp.Tls.PinnedSpkiSha256)
        {
            copy.Tls.PinnedSpkiSha256.Add(pin);
        }

        return copy;
    }
}
