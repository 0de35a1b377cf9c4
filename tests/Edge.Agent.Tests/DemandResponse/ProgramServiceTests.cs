using System.Xml.Linq;
using Edge.Agent.DemandResponse;
using Edge.Agent.DemandResponse.OpenAdr;
using Edge.Agent.Iot;
using Edge.Agent.Outbox;
using Edge.Xmpp;
using Edge.Xmpp.PubSub;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Tests.DemandResponse;

/// <summary>What the program service does with one item of the program node (no connection: items are handed in).</summary>
[TestClass]
public sealed class ProgramServiceTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 17, 0, 0, TimeSpan.Zero));

    public TestContext TestContext { get; set; } = null!;

    private static PubSubItem Item(XElement payload) => new(Jid.Parse("pubsub.localhost"), "dr/feeder-7", "i1", payload);

    private static XElement Payload(string id, string? group, int level = 3, uint modification = 0, DateTimeOffset? start = null) =>
        OpenAdrWriter.Write(new OpenAdrDistributeEvent
        {
            RequestId = "r", VtnId = "vtn",
            Events =
            [
                new OpenAdrEvent
                {
                    EventId = id, ModificationNumber = modification, MarketContext = "urn:p", CreatedDateTime = start ?? DateTimeOffset.UnixEpoch,
                    EventStatus = OpenAdrEventStatus.Active, DtStart = start ?? DateTimeOffset.UnixEpoch, Duration = TimeSpan.FromHours(1),
                    Signals = [new OpenAdrSignal { SignalName = "SIMPLE", SignalType = "level", SignalId = "s", Intervals = [new OpenAdrInterval { Duration = TimeSpan.FromHours(1), Value = level }] }],
                    Target = group is null ? OpenAdrTarget.Everyone : new OpenAdrTarget { GroupIds = [group] },
                },
            ],
        });

    [TestMethod]
    [Timeout(20_000)]
    public async Task Handle_AddressedMalformedOrForOthers_OnlyTheAddressedEventReachesTheEngine()
    {
        string directory = Path.Combine(TestContext.TestRunDirectory!, "program-" + TestContext.TestName);
        _ = Directory.CreateDirectory(directory);
        await using var rig = new DemandResponseRig(directory, _clock);
        rig.Options.Program.Node = "dr/feeder-7";
        rig.Options.Program.GroupIds.Add("feeder-7");
        await using var client = new XmppClient(new XmppClientOptions { Jid = "agent@localhost", Password = "x" });
        await using var outbox = new DurableOutbox(Path.Combine(directory, "outbox"), new OutboxOptions(), _clock, NullLogger.Instance);
        using var runner = new DemandResponseService(rig.Engine, rig.Settings, rig.Hardware, new SensorReader(_clock), rig.Options, _clock,
            NullLogger<DemandResponseService>.Instance);
        using var reporter = new DemandResponseStatusReporter(rig.Engine, outbox, _clock, NullLogger<DemandResponseStatusReporter>.Instance);
        using var service = new DemandResponseProgramService(client, new PubSubClient(client), rig.Engine, runner, reporter, rig.Options,
            new PublishOptions(), NullLogger<DemandResponseProgramService>.Instance);
        DateTimeOffset now = _clock.GetUtcNow();

        service.Handle(Item(new XElement("garbage")));
        service.Handle(Item(new XElement(XName.Get("oadrDistributeEvent", OpenAdrNamespaces.OadrUri), new XElement("x"))));
        service.Handle(Item(Payload("other", "feeder-9", start: now)));
        Assert.AreEqual(0, rig.Engine.Status.Events.Count, "malformed payloads and other groups' events change nothing");

        service.Handle(Item(Payload("mine", "feeder-7", start: now)));
        service.Handle(Item(Payload("all", null, level: 1, start: now)));

        CollectionAssert.AreEquivalent(new[] { "mine", "all" }, rig.Engine.Status.Events.Select(e => e.Id).ToArray());
        Assert.AreEqual(9, rig.Engine.Status.Events.Single(e => e.Id == "mine").MaxDepth);
        Assert.AreEqual("agent@localhost", service.VenId, "the VEN id defaults to the bare JID");
        Assert.AreEqual("pubsub.localhost", service.Service.ToString());
    }
}
