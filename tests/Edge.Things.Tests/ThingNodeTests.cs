using Edge.Things.Control;

namespace Edge.Things.Tests;

[TestClass]
public sealed class ThingNodeTests
{
    [TestMethod]
    public void TryFind_ConcentratorTree_FindsChildByReference()
    {
        var meter1 = new ThingNode(new ThingReference("meter-1", "rs485"), "sdm120");
        var meter2 = new ThingNode(new ThingReference("meter-2", "rs485"), "sdm630");
        var root = new ThingNode(new ThingReference("edge"), "concentrator", [meter1, meter2]);

        Assert.IsTrue(root.TryFind(new ThingReference("meter-2", "rs485"), out ThingNode? found));

        Assert.AreSame(meter2, found);
        Assert.IsFalse(root.TryFind(new ThingReference("meter-2"), out _));
        string[] order = ["edge", "meter-1", "meter-2"];
        CollectionAssert.AreEqual(order, root.DescendantsAndSelf().Select(n => n.Reference.NodeId).ToArray());
    }

    [TestMethod]
    public void FindParameter_ByName_ReturnsIt()
    {
        var node = new ThingNode(new ThingReference("heater"), "relay",
            parameters: [ControlParameter.Boolean("State", false)]);

        Assert.AreEqual(ControlParameterType.Boolean, node.FindParameter("State")?.Type);
        Assert.IsNull(node.FindParameter("Other"));
        Assert.AreEqual("heater", node.DisplayName);
    }

    [TestMethod]
    public void Constructor_DuplicateParameterNames_Throws()
    {
        Assert.ThrowsExactly<ArgumentException>(() => new ThingNode(new ThingReference("n"), "t",
            parameters: [ControlParameter.Int("x", 1), ControlParameter.Int("x", 2)]));
    }
}
