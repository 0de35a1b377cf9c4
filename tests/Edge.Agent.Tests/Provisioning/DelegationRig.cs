using System.Xml.Linq;
using Edge.Agent.Provisioning;
using Edge.Agent.Provisioning.Delegation;
using Edge.Agent.Tests.Hosting;
using Edge.Testing.Xmpp;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Tests.Provisioning;

/// <summary>
/// A claimed device (owner in provisioning.json) whose <see cref="DelegatedAccessPolicy"/> runs over a real
/// <see cref="Edge.Xmpp.XmppClient"/> logged in to a scripted <see cref="FakeXmppServer"/>; the provisioning service is
/// configured, so no disco search comes first. The test plays the server, the service and the requesters.
/// </summary>
internal sealed class DelegationRig : IAsyncDisposable
{
    public const string Owner = "owner@example.org";
    public const string Service = "provisioning.example.org";
    public const string Device = "user@example.com/meter-7";
    public static readonly XNamespace Client = "jabber:client";
    public static readonly XNamespace Prov = "urn:xmpp:iot:provisioning";
    public static readonly XNamespace Stanzas = "urn:ietf:params:xml:ns:xmpp-stanzas";

    private readonly string _data = Directory.CreateTempSubdirectory("edge-delegation-").FullName;
    private readonly ILoggerFactory _loggers;
    private int _sync;

    private DelegationRig()
    {
        new ProvisioningState { Registry = "registry.example.org", Key = "key", State = ProvisioningState.Claimed, Owner = Owner }
            .Save(Path.Combine(_data, ProvisioningState.FileName));
        _loggers = LoggerFactory.Create(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        Policy = new DelegatedAccessPolicy(Harness.Client, new AccessOptions(), new ProvisioningOptions { Enabled = true, Service = Service },
            _data, Harness.Time, _loggers.CreateLogger("Edge.Agent.Provisioning"));
    }

    public ClientHarness Harness { get; } = new();

    public FakeXmppServer Server => Harness.Server;

    public ListLoggerProvider Logs { get; } = new();

    public DelegatedAccessPolicy Policy { get; }

    public static async Task<DelegationRig> StartAsync(CancellationToken cancellationToken)
    {
        var rig = new DelegationRig();
        await rig.Harness.LoginAsync(cancellationToken);
        return rig;
    }

    /// <summary>Reads the next stanza: an IQ get to the service whose one payload is <paramref name="question"/>; returns the payload.</summary>
    public async Task<XElement> ExpectQuestionAsync(string question, CancellationToken cancellationToken)
    {
        var iq = await Server.ReadElementAsync(cancellationToken);
        Assert.AreEqual(Client + "iq", iq.Name, iq.ToString());
        Assert.AreEqual("get", (string?)iq.Attribute("type"), iq.ToString());
        Assert.AreEqual(Service, (string?)iq.Attribute("to"), iq.ToString());
        var payload = iq.Elements().Single();
        Assert.AreEqual(Prov + question, payload.Name, iq.ToString());
        return payload;
    }

    /// <summary>S (as the service): the result to <paramref name="question"/>, carrying <paramref name="payload"/>.</summary>
    public Task AnswerAsync(XElement question, string payload, CancellationToken cancellationToken) =>
        Server.SendAsync($"<iq type='result' id='{(string?)question.Parent!.Attribute("id")}' from='{Service}' to='{Device}'>{payload}</iq>",
            cancellationToken);

    /// <summary>Reads the next stanza: a presence of <paramref name="type"/> to <paramref name="to"/>.</summary>
    public async Task ExpectPresenceAsync(string type, string to, CancellationToken cancellationToken)
    {
        var presence = await Server.ReadElementAsync(cancellationToken);
        Assert.AreEqual(Client + "presence", presence.Name, presence.ToString());
        Assert.AreEqual(type, (string?)presence.Attribute("type"), presence.ToString());
        Assert.AreEqual(to, (string?)presence.Attribute("to"), presence.ToString());
    }

    /// <summary>
    /// Proves the client sent nothing since the last stanza read: a ping sent now is the next thing answered (the
    /// client writes in order through one writer).
    /// </summary>
    public async Task ExpectNothingSentAsync(CancellationToken cancellationToken)
    {
        var id = "sync-" + Interlocked.Increment(ref _sync);
        await Server.SendAsync($"<iq type='get' id='{id}' from='example.com' to='{Device}'><ping xmlns='urn:xmpp:ping'/></iq>", cancellationToken);
        var next = await Server.ReadElementAsync(cancellationToken);
        Assert.AreEqual(id, (string?)next.Attribute("id"), $"Expected only the ping's answer, got {next}");
        Assert.AreEqual("result", (string?)next.Attribute("type"), next.ToString());
    }

    public async Task WaitForLogAsync(string text, int count, CancellationToken cancellationToken)
    {
        while (Logs.Entries.Count(e => e.Message.Contains(text, StringComparison.Ordinal)) < count)
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.DisposeAsync();
        _loggers.Dispose();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.Delete(_data, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 20)
            {
                await Task.Delay(50); // a handler still finishing beside the receive loop may be writing the decision cache
            }
        }
    }
}
