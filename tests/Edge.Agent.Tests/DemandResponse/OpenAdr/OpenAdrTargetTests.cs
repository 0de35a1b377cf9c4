using Edge.Agent.DemandResponse.OpenAdr;

namespace Edge.Agent.Tests.DemandResponse.OpenAdr;

[TestClass]
public sealed class OpenAdrTargetTests
{
    [TestMethod]
    public void Matches_EmptyTarget_EveryVen()
    {
        Assert.IsTrue(OpenAdrTarget.Everyone.IsEveryone);
        Assert.IsTrue(OpenAdrTarget.Everyone.Matches("ven-1"));
        Assert.IsTrue(OpenAdrTarget.Everyone.Matches(null));
    }

    [TestMethod]
    public void Matches_AnyListedIdOfTheVen_Addressed()
    {
        var target = new OpenAdrTarget { VenIds = ["ven-1"], GroupIds = ["north"], ResourceIds = ["heater"], PartyIds = ["p7"] };

        Assert.IsTrue(target.Matches("ven-1"));
        Assert.IsTrue(target.Matches("ven-2", groupIds: ["south", "north"]));
        Assert.IsTrue(target.Matches("ven-2", resourceIds: ["pump", "heater"]));
        Assert.IsTrue(target.Matches("ven-2", partyIds: ["p7"]));
        Assert.IsTrue(target.Matches(null, ["north"]));
    }

    [TestMethod]
    public void Matches_NoListedIdOfTheVen_NotAddressed()
    {
        var target = new OpenAdrTarget { VenIds = ["ven-1"], GroupIds = ["north"] };

        Assert.IsFalse(target.Matches("ven-2"));
        Assert.IsFalse(target.Matches("ven-2", ["south"], ["ven-1"], ["north"]), "an id counts only in its own kind");
        Assert.IsFalse(target.Matches("VEN-1"), "ordinal comparison");
        Assert.IsFalse(target.Matches("", [""]));
        Assert.IsFalse(target.Matches(null));
    }

    [TestMethod]
    public void Matches_ReadTargetFromVtnPayload()
    {
        Assert.IsTrue(OpenAdrReader.TryParse(OpenAdrSamples.VtnPayload, out var message, out var error), error);
        OpenAdrTarget peak = message.Events[0].Target;
        OpenAdrTarget open = message.Events[1].Target;

        Assert.IsTrue(peak.Matches("ven-edge-0043"));
        Assert.IsTrue(peak.Matches("ven-edge-0099", ["residential-north"]));
        Assert.IsFalse(peak.Matches("ven-edge-0099", ["residential-south"]));
        Assert.IsTrue(open.Matches("ven-edge-0042", resourceIds: ["heater-1"]));
        Assert.IsFalse(open.Matches("ven-edge-0042", resourceIds: ["heater-2"]));
    }
}
