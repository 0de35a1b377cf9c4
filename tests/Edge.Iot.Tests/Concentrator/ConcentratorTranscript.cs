using System.Xml.Linq;
using Edge.Iot.Concentrator;
using Edge.Testing.Iot;
using Edge.Testing.Xmpp;
using Edge.Things;

namespace Edge.Iot.Tests.Concentrator;

/// <summary>
/// A logged-in client with the concentrator registered over a <see cref="FakeThingProvider"/>, and the one stanza
/// shape the transcript tests exchange: the backend <c>backend@example.com/app</c> sends
/// <c>&lt;iq type='get' id='…' from='backend@example.com/app' to='user@example.com/meter-7'&gt;PAYLOAD&lt;/iq&gt;</c>
/// and the device answers <c>&lt;iq type='result|error' id='…' to='backend@example.com/app'&gt;…&lt;/iq&gt;</c>.
/// </summary>
internal sealed class ConcentratorTranscript : IAsyncDisposable
{
    public const string Backend = "backend@example.com/app";

    private ConcentratorTranscript(ClientHarness harness, FakeThingProvider provider, FakeAccessPolicy policy)
    {
        Harness = harness;
        Provider = provider;
        Policy = policy;
    }

    public ClientHarness Harness { get; }

    public FakeThingProvider Provider { get; }

    public FakeAccessPolicy Policy { get; }

    public static async Task<ConcentratorTranscript> StartAsync(CancellationToken cancellationToken, params ThingNode[] roots)
    {
        var harness = new ClientHarness();
        var provider = new FakeThingProvider(roots);
        var policy = new FakeAccessPolicy();
        ConcentratorServer.Register(harness.Client, provider, policy);
        await harness.LoginAsync(cancellationToken);
        return new ConcentratorTranscript(harness, provider, policy);
    }

    /// <summary>S: the get IQ with <paramref name="payload"/>; returns the device's whole answer (C:).</summary>
    public async Task<XElement> GetAsync(string id, string payload, CancellationToken cancellationToken)
    {
        await Harness.Server.SendAsync(
            $"<iq type='get' id='{id}' from='{Backend}' to='user@example.com/meter-7'>{payload}</iq>", cancellationToken);
        var answer = await Harness.Server.ReadElementAsync(cancellationToken);
        Assert.AreEqual(id, (string?)answer.Attribute("id"));
        Assert.AreEqual(Backend, (string?)answer.Attribute("to"));
        return answer;
    }

    /// <summary>Asserts a result IQ whose only child is <paramref name="expectedPayload"/>.</summary>
    public static void AssertResult(XElement answer, string expectedPayload)
    {
        Assert.AreEqual("result", (string?)answer.Attribute("type"), answer.ToString());
        Assert.AreEqual(1, answer.Elements().Count(), answer.ToString());
        XmlAssert.AreEqual(expectedPayload, answer.Elements().Single());
    }

    public ValueTask DisposeAsync() => Harness.DisposeAsync();
}
