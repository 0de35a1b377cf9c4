using Edge.Iot.Discovery;
using Edge.Registry;
using Edge.Testing.Servers;
using Edge.Xmpp;
using Edge.Xmpp.Component;

namespace Edge.Integration.Tests.Registry;

/// <summary>
/// One test's registry world: the thing registry host attached in-process to the fixture's server as its XEP-0114
/// component (its database in a folder of its own), and XMPP clients for a device, an owner and another party, each
/// with a <see cref="DiscoveryClient"/> addressed to the registry.
/// </summary>
internal sealed class RegistryFixture : IAsyncDisposable
{
    private readonly List<XmppClient> _clients = [];

    private RegistryFixture(string dataDirectory) => DataDirectory = dataDirectory;

    public string DataDirectory { get; }

    public RegistryHost Host { get; private set; } = null!;

    public static Jid RegistryJid => Jid.Parse(Server.Xmpp.ComponentDomain);

    public static async Task<RegistryFixture> StartAsync(CancellationToken cancellationToken)
    {
        var fixture = new RegistryFixture(Path.Combine(Path.GetTempPath(), "edge-registry-" + Guid.NewGuid().ToString("N")[..12]));
        await fixture.StartHostAsync(cancellationToken);
        return fixture;
    }

    public static RegistryOptions Options(string dataDirectory, string? secret = null) => new()
    {
        Component = new XmppComponentOptions
        {
            Domain = Server.Xmpp.ComponentDomain,
            Secret = secret ?? Server.Xmpp.ComponentSecret,
            Host = Server.Xmpp.Host,
            Port = Server.Xmpp.ComponentPort,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            IqTimeout = TimeSpan.FromSeconds(10),
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(200),
            ReconnectMaxDelay = TimeSpan.FromSeconds(2),
            Name = "Edge thing registry (test)",
        },
        DataDirectory = dataDirectory,
    };

    /// <summary>Starts the registry host on <see cref="DataDirectory"/> (again, after <see cref="StopHostAsync"/>).</summary>
    public async Task StartHostAsync(CancellationToken cancellationToken)
    {
        Host = new RegistryHost(Options(DataDirectory));
        await StartWithRetryAsync(Host, cancellationToken);
    }

    public Task StopHostAsync() => Host.DisposeAsync().AsTask();

    /// <summary>A connected client of <paramref name="jid"/> on a resource of its own, and its discovery client.</summary>
    public async Task<(XmppClient Client, DiscoveryClient Discovery)> ConnectAsync(string jid, string password, string role,
        CancellationToken cancellationToken)
    {
        var client = new XmppClient(Clients.Options(jid, password, role + "-" + Guid.NewGuid().ToString("N")[..8]));
        _clients.Add(client);
        await client.ConnectAsync(cancellationToken);
        return (client, new DiscoveryClient(client, RegistryJid));
    }

    public Task<(XmppClient Client, DiscoveryClient Discovery)> DeviceAsync(CancellationToken cancellationToken) =>
        ConnectAsync(TestAccounts.AgentJid, TestAccounts.AgentPassword, "device", cancellationToken);

    public Task<(XmppClient Client, DiscoveryClient Discovery)> OwnerAsync(CancellationToken cancellationToken) =>
        ConnectAsync(TestAccounts.BackendJid, TestAccounts.BackendPassword, "owner", cancellationToken);

    public Task<(XmppClient Client, DiscoveryClient Discovery)> OtherAsync(CancellationToken cancellationToken) =>
        ConnectAsync(TestAccounts.AdminJid, TestAccounts.AdminPassword, "other", cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await Host.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>
    /// The server may still hold the previous test's component session for a moment after it closed (a second
    /// connection under the same name is refused with <c>conflict</c>): try again for a few seconds.
    /// </summary>
    private static async Task StartWithRetryAsync(RegistryHost host, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                await host.StartAsync(cancellationToken);
                return;
            }
            catch (XmppConnectionException e) when (e.Condition == "conflict" && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }
}
