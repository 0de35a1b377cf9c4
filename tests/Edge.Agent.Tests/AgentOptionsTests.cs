using Edge.Agent;
using Edge.Agent.Publishing;
using Edge.Xmpp;

namespace Edge.Agent.Tests;

[TestClass]
public sealed class AgentOptionsTests
{
    [TestMethod]
    public void Validate_BadValues_MessagesNameTheKeys()
    {
        var options = new AgentOptions { HardwareProfile = "/nonexistent.json", SampleInterval = TimeSpan.Zero };
        options.PubSub.MaxItems = 0;
        options.PubSub.AccessModel = "everyone";
        options.Outbox.MaxEntries = 0;
        options.DemandResponse.RestoreWindow = TimeSpan.FromSeconds(-1);

        var errors = options.Validate();

        foreach (var key in new[] { "Agent:HardwareProfile", "Agent:SampleInterval", "Agent:PubSub:MaxItems", "Agent:PubSub:AccessModel", "Agent:Outbox:MaxEntries", "Agent:DemandResponse:RestoreWindow" })
        {
            Assert.IsTrue(errors.Any(e => e.StartsWith(key, StringComparison.Ordinal)), $"no error names {key}: {string.Join(" | ", errors)}");
        }
    }

    [TestMethod]
    public void Validate_BadDemandResponseValues_MessagesNameTheKeys()
    {
        var options = new DemandResponseOptions
        {
            MeterInterval = TimeSpan.Zero,
            ImportLimitHysteresis = double.NaN,
            ImportLimitHold = TimeSpan.FromHours(2),
            ImportLimitSettle = TimeSpan.FromSeconds(-1),
        };
        options.Program.LevelDepths.AddRange([2, 5]);
        options.Program.Service = "not a jid@";

        var errors = options.Validate().ToList();

        foreach (var key in new[] { "MeterInterval", "ImportLimitHysteresis", "ImportLimitHold", "ImportLimitSettle", "Program:LevelDepths", "Program:Node", "Program:Service" })
        {
            Assert.IsTrue(errors.Any(e => e.StartsWith("Agent:DemandResponse:" + key, StringComparison.Ordinal)), $"no error names {key}: {string.Join(" | ", errors)}");
        }

        Assert.AreEqual(0, new DemandResponseOptions().Validate().Count(), "the defaults are valid");
        CollectionAssert.AreEqual(new[] { 2, 5, 9 }, new DemandResponseOptions().Program.EffectiveLevelDepths.ToArray());
    }

    [TestMethod]
    public void XmppValidate_BadJidAndPort_MessagesQuoteValues()
    {
        var options = new XmppClientOptions { Jid = "no-domain@", Password = "", Port = 70000 };

        var errors = options.Validate();

        Assert.IsTrue(errors.Any(e => e.Contains("Xmpp:Jid 'no-domain@'", StringComparison.Ordinal)));
        Assert.IsTrue(errors.Any(e => e.Contains("Xmpp:Password", StringComparison.Ordinal)));
        Assert.IsTrue(errors.Any(e => e.Contains("Xmpp:Port 70000", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void NodeNames_ItemId_DeterministicPerReading()
    {
        var t = new DateTimeOffset(2026, 11, 23, 10, 0, 5, 123, TimeSpan.FromHours(1));

        Assert.AreEqual("20261123T090005.123Z", NodeNames.ItemId(t));
        Assert.AreEqual(NodeNames.ItemId(t), NodeNames.ItemId(t.ToUniversalTime()));
        Assert.AreEqual("edge/meter-17/grid", NodeNames.For(new PublishOptions(), Jid.Parse("meter-17@example.org"), "grid"));
    }
}
