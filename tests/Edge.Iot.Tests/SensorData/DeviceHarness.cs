using System.Xml.Linq;
using Edge.Iot.SensorData;
using Edge.Testing.Iot;
using Edge.Testing.Xmpp;
using Edge.Things;

namespace Edge.Iot.Tests.SensorData;

/// <summary>
/// The device side for transcript tests: an <see cref="Edge.Xmpp.XmppClient"/> logged in to the fake server (as
/// user@example.com/meter-7) with a <see cref="SensorDataServer"/> over a <see cref="FakeThingProvider"/>; the fake
/// server plays the requester, client@example.org/amr.
/// </summary>
internal sealed class DeviceHarness : IAsyncDisposable
{
    public const string Requester = "client@example.org/amr";
    public static readonly XNamespace Client = ClientHarness.JabberClient;
    public static readonly XNamespace Sd = SensorDataNamespaces.SensorData;
    public static readonly XNamespace Stanzas = "urn:ietf:params:xml:ns:xmpp-stanzas";

    private int _pings;

    private DeviceHarness(FakeThingProvider provider, SensorDataServerOptions? options)
    {
        Provider = provider;
        Server = SensorDataServer.Register(Harness.Client, provider, Policy, options, Harness.Time);
    }

    public ClientHarness Harness { get; } = new();

    public FakeThingProvider Provider { get; }

    public FakeAccessPolicy Policy { get; } = new();

    public SensorDataServer Server { get; }

    public static async Task<DeviceHarness> StartAsync(FakeThingProvider provider, CancellationToken cancellationToken,
        SensorDataServerOptions? options = null, DateTimeOffset? now = null)
    {
        var device = new DeviceHarness(provider, options);
        device.Harness.Time.SetUtcNow(now ?? new DateTimeOffset(2013, 3, 7, 16, 24, 30, TimeSpan.Zero));
        await device.Harness.LoginAsync(cancellationToken);
        return device;
    }

    /// <summary>The requester (the fake server) sends a stanza to the device.</summary>
    public Task SendAsync(string xml, CancellationToken cancellationToken) => Harness.Server.SendAsync(xml, cancellationToken);

    /// <summary>The next stanza the device sent.</summary>
    public Task<XElement> ReadAsync(CancellationToken cancellationToken) => Harness.Server.ReadElementAsync(cancellationToken);

    /// <summary>
    /// Proves the device sent nothing (yet): a ping goes in, and the very next stanza out must be its answer.
    /// </summary>
    public async Task AssertNothingSentAsync(CancellationToken cancellationToken)
    {
        var id = "quiet-" + Interlocked.Increment(ref _pings);
        await SendAsync($"<iq type='get' id='{id}' from='example.com'><ping xmlns='urn:xmpp:ping'/></iq>", cancellationToken);
        var next = await ReadAsync(cancellationToken);
        Assert.AreEqual(id, (string?)next.Attribute("id"), "Expected nothing from the device before the ping's answer, got: " + next);
    }

    /// <summary>Reads an IQ error and returns its condition and text, checking the id and addressee.</summary>
    public async Task<(string Type, string Condition, string? Text)> ReadErrorAsync(string id, CancellationToken cancellationToken)
    {
        var answer = await ReadAsync(cancellationToken);
        Assert.AreEqual(Client + "iq", answer.Name, answer.ToString());
        Assert.AreEqual("error", (string?)answer.Attribute("type"), answer.ToString());
        Assert.AreEqual(id, (string?)answer.Attribute("id"));
        var error = answer.Element(Client + "error")!;
        return ((string)error.Attribute("type")!, error.Elements().First(e => e.Name.Namespace == Stanzas).Name.LocalName,
            error.Element(Stanzas + "text")?.Value);
    }

    /// <summary>Reads a message to the requester and returns its one sensor-data payload.</summary>
    public async Task<XElement> ReadMessageAsync(CancellationToken cancellationToken)
    {
        var message = await ReadAsync(cancellationToken);
        Assert.AreEqual(Client + "message", message.Name, message.ToString());
        Assert.AreEqual(Requester, (string?)message.Attribute("to"));
        return message.Elements().Single();
    }

    public static Field Numeric(string name, double value, string unit, int decimals, DateTimeOffset at,
        ReadoutTypes types = ReadoutTypes.Momentary) => new(name, new NumericValue(value, unit, decimals), at, types);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Harness.DisposeAsync();
    }
}
