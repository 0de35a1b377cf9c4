using System.Xml.Linq;
using Edge.Iot.Control;
using Edge.Testing.Iot;
using Edge.Testing.Xmpp;
using Edge.Things;
using Edge.Things.Control;

namespace Edge.Iot.Tests.Control;

/// <summary>
/// A logged-in <see cref="ClientHarness"/> with a <see cref="ControlServer"/> registered over a
/// <see cref="FakeThingProvider"/> and a <see cref="FakeAccessPolicy"/>; the local zone of its clock is UTC+2.
/// </summary>
internal sealed class ControlFixture : IAsyncDisposable
{
    public const string Backend = "backend@example.org/app";
    public static readonly XNamespace Client = "jabber:client";
    public static readonly XNamespace Stanzas = "urn:ietf:params:xml:ns:xmpp-stanzas";
    public static readonly XNamespace Control = "urn:xmpp:iot:control";
    public static readonly TimeZoneInfo Plus2 = TimeZoneInfo.CreateCustomTimeZone("plus2", TimeSpan.FromHours(2), "plus2", "plus2");

    private int _sync;

    private ControlFixture(ThingNode root)
    {
        Harness.Time.SetLocalTimeZone(Plus2);
        Provider = new FakeThingProvider(root);
        ControlServer.Register(Harness.Client, Provider, Policy, Logger, Harness.Time);
    }

    public ClientHarness Harness { get; } = new();

    public FakeThingProvider Provider { get; }

    public FakeAccessPolicy Policy { get; } = new();

    public ListLogger Logger { get; } = new();

    public static async Task<ControlFixture> StartAsync(ThingNode root, CancellationToken cancellationToken)
    {
        var fixture = new ControlFixture(root);
        await fixture.Harness.LoginAsync(cancellationToken);
        return fixture;
    }

    public ControlParameter<T> Parameter<T>(string nodeId, string name)
        where T : notnull => Devices.Parameter<T>(Provider.RootNodes, nodeId, name);

    /// <summary>S: <paramref name="iq"/> (from the backend); returns what the client answers.</summary>
    public async Task<XElement> RequestAsync(string iq, CancellationToken cancellationToken)
    {
        await Harness.Server.SendAsync(iq, cancellationToken);
        return await Harness.Server.ReadElementAsync(cancellationToken);
    }

    /// <summary>An IQ set whose payload is <paramref name="payload"/>; returns the answer.</summary>
    public Task<XElement> SetAsync(string payload, CancellationToken cancellationToken, string id = "1") =>
        RequestAsync($"<iq type='set' id='{id}' from='{Backend}' to='user@example.com/meter-7'>{payload}</iq>", cancellationToken);

    /// <summary>
    /// Proves the client answered nothing to what came before: a ping sent now is answered next. Inbound messages
    /// are handled in the receive loop before the next stanza is read, so their effects are visible afterwards.
    /// </summary>
    public async Task ExpectNoAnswerAsync(CancellationToken cancellationToken)
    {
        var id = "sync-" + Interlocked.Increment(ref _sync);
        var next = await RequestAsync($"<iq type='get' id='{id}' from='example.com'><ping xmlns='urn:xmpp:ping'/></iq>", cancellationToken);
        Assert.AreEqual(id, (string?)next.Attribute("id"), $"Expected only the ping's answer, got {next}");
        Assert.AreEqual("result", (string?)next.Attribute("type"));
    }

    /// <summary>Asserts an error answer and returns its error element.</summary>
    public static XElement ExpectError(XElement answer, string type, string condition)
    {
        Assert.AreEqual(Client + "iq", answer.Name);
        Assert.AreEqual("error", (string?)answer.Attribute("type"), answer.ToString());
        var error = answer.Element(Client + "error");
        Assert.IsNotNull(error, answer.ToString());
        Assert.AreEqual(type, (string?)error.Attribute("type"), answer.ToString());
        Assert.AreEqual(Stanzas + condition, error.Elements().First().Name, answer.ToString());
        return error;
    }

    /// <summary>Asserts a paramError naming <paramref name="var"/> and returns its text.</summary>
    public static string ExpectParamError(XElement error, string var)
    {
        var paramError = error.Element(Control + "paramError");
        Assert.IsNotNull(paramError, error.ToString());
        Assert.AreEqual(var, (string?)paramError.Attribute("var"));
        Assert.IsFalse(string.IsNullOrEmpty(paramError.Value));
        return paramError.Value;
    }

    public static void ExpectEmptySetResponse(XElement answer, string id = "1")
    {
        Assert.AreEqual("result", (string?)answer.Attribute("type"), answer.ToString());
        Assert.AreEqual(id, (string?)answer.Attribute("id"));
        Assert.AreEqual(Backend, (string?)answer.Attribute("to"));
        var response = answer.Elements().Single();
        Assert.AreEqual(Control + "setResponse", response.Name);
        Assert.IsFalse(response.HasElements || response.Attributes().Any(a => !a.IsNamespaceDeclaration), response.ToString());
    }

    public ValueTask DisposeAsync() => Harness.DisposeAsync();
}
