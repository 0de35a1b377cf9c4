using Edge.Agent.Status;

namespace Edge.Agent.Tests.Status;

[TestClass]
public sealed class AgentStatusHealthTests
{
    [TestMethod]
    public void IsHealthy_Connected_TrueNamingTheOutbox()
    {
        Assert.IsTrue(StatusSamples.Connected().IsHealthy(out var reason));
        Assert.AreEqual("connected; outbox 3 waiting", reason);
    }

    [TestMethod]
    public void IsHealthy_DisconnectedBufferingWithinBounds_TrueSayingBuffering()
    {
        Assert.IsTrue(StatusSamples.Disconnected(depth: 50).IsHealthy(out var reason));
        StringAssert.StartsWith(reason, "buffering: reconnecting (The server closed the stream.); outbox 50 waiting");
    }

    [TestMethod]
    public void IsHealthy_DisconnectedOutboxNearlyFull_FalseWithTheFill()
    {
        Assert.IsFalse(StatusSamples.Disconnected(depth: 95).IsHealthy(out var reason));
        StringAssert.Contains(reason, "95 of 100 readings");
    }

    [TestMethod]
    public void IsHealthy_DiskRefusingWrites_FalseEvenWhenConnected()
    {
        var status = StatusSamples.Connected() with { Outbox = StatusSamples.Connected().Outbox with { Degraded = true } };
        Assert.IsFalse(status.IsHealthy(out var reason));
        StringAssert.Contains(reason, "the disk refuses writes");
    }

    [TestMethod]
    public void IsHealthy_AServiceFailed_FalseNamingIt()
    {
        Assert.IsFalse((StatusSamples.Connected() with { Problem = "SamplerService failed" }).IsHealthy(out var reason));
        Assert.AreEqual("SamplerService failed", reason);
    }
}
