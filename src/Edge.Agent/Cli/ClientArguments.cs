using Edge.Xmpp;

namespace Edge.Agent.Cli;

/// <summary>The connection options every client verb shares (--jid, --password, --server, --ca-file, --pin).</summary>
public static class ClientArguments
{
    public static readonly string[] Names = ["jid", "password", "server", "ca-file", "pin", "resource"];

    public const string Help = """
          --jid JID          account to log in with (e.g. backend@example.org)
          --password PW      its password (or set EDGE_PASSWORD)
          --server HOST:PORT where to connect (default: the JID's domain, port 5222)
          --ca-file PEM      trust this CA instead of the system store
          --pin BASE64       trust a certificate whose SPKI SHA-256 is this (repeatable)
          --resource NAME    resource to bind (default: edge-cli-<pid>-<random>, new for every run)
        """;

    public static XmppClientOptions Parse(CommandLine cl)
    {
        ArgumentNullException.ThrowIfNull(cl);
        var options = new XmppClientOptions
        {
            Jid = cl.Required("jid"),
            Password = cl.Value("password") ?? Environment.GetEnvironmentVariable("EDGE_PASSWORD")
                ?? throw new CommandLineException("Option --password (or EDGE_PASSWORD) is required."),
            Resource = cl.Value("resource") ?? FormattableString.Invariant($"edge-cli-{Environment.ProcessId}-{Random.Shared.Next(0x10000):x4}"),
            AutoReconnect = true,
            PingInterval = TimeSpan.FromSeconds(30),
        };
        if (cl.Value("server") is { } server)
        {
            var colon = server.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(server[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var port))
            {
                throw new CommandLineException($"Option --server '{server}' must be HOST:PORT.");
            }

            options.Host = server[..colon];
            options.Port = port;
        }

        options.Tls.CaFile = cl.Value("ca-file");
        foreach (var pin in cl.Values("pin"))
        {
            options.Tls.PinnedSpkiSha256.Add(pin);
        }

        var errors = options.Validate("--");
        return errors.Count == 0 ? options : throw new CommandLineException(string.Join(Environment.NewLine, errors));
    }
}
