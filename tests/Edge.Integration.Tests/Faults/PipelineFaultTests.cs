using Edge.Agent.Hosting;
using Edge.Agent.Outbox;
using Edge.Agent.Publishing;
using Edge.Agent.Sampling;
using Edge.Testing;
using Edge.Testing.Servers;
using Edge.Xmpp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Edge.Integration.Tests.Faults;

/// <summary>
/// The reading pipeline under faults, against the fixture's server (both servers in CI). Each test samples fast
/// (every 200 ms, three sensors: Prosody's file store rewrites a node on every publish, so faster would test its limit), lets a fault happen, and then counts: the readings the agent queued against the items
/// the server holds — none lost, none twice.
/// </summary>
[TestClass]
[TestCategory("Faults")]
public sealed class PipelineFaultTests
{
    [TestMethod]
    [Timeout(180_000)]
    public async Task Agent_KilledRepeatedlyWhileSampling_NothingLostNoneTwice()
    {
        using var rig = FaultRig.Create();
        var random = new Random(7);
        for (var run = 0; run < 4; run++)
        {
            using var agent = AgentProcess.Start(rig.Settings("fault-kill"));
            await Task.Delay(TimeSpan.FromMilliseconds(1200 + random.Next(1300)));
            Assert.IsFalse(agent.HasExited, $"run {run}: the agent ended by itself:\n{agent.Output}");
            agent.Kill(); // SIGKILL mid-commit or mid-publish: wherever it is
        }

        var appended = await rig.DrainAsync("fault-kill-drain", TimeSpan.FromSeconds(60));

        await rig.AssertAllOnServerOnceAsync(appended, "after four SIGKILLs");
    }

    [TestMethod]
    [Timeout(180_000)]
    public async Task Server_KilledAndRestartedDuringFastSampling_NothingLostNoneTwice()
    {
        using var rig = FaultRig.Create();
        var server = Server.Xmpp;
        using var host = AgentHost.Build(null, rig.Settings("fault-server-kill"), out var errors) ?? throw new AssertFailedException(string.Join("; ", errors));
        await host.StartAsync();
        var client = host.Services.GetRequiredService<XmppClient>();
        var publisher = host.Services.GetRequiredService<PublisherService>();
        var outbox = host.Services.GetRequiredService<DurableOutbox>();
        await Clients.WaitUntilAsync(() => publisher.PublishedCount > 15, TimeSpan.FromSeconds(30), "first publishes");

        await server.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(2)); // sampling goes on into the outbox
        var sessions = client.SessionCount;
        await server.StartAgainAsync();
        await Clients.WaitUntilAsync(() => client.SessionCount > sessions && client.State == XmppClientState.Connected,
            TimeSpan.FromSeconds(60), "the agent to log in again after the server came back");
        var published = publisher.PublishedCount;
        await Clients.WaitUntilAsync(() => publisher.PublishedCount > published + 15, TimeSpan.FromSeconds(30), "publishing to carry on");

        await host.Services.GetRequiredService<SamplerService>().StopAsync(CancellationToken.None);
        await Clients.WaitUntilAsync(() => outbox.Count == 0, TimeSpan.FromSeconds(60), "the outbox to drain", () => Describe(outbox, publisher));
        var appended = outbox.NextSequence;
        Assert.AreEqual(0, outbox.Dropped);
        Assert.AreEqual(0, outbox.Parked);
        await host.StopAsync();

        await rig.AssertAllOnServerOnceAsync(appended, $"{server.Name} SIGKILLed and started again");
    }

    [TestMethod]
    [Timeout(180_000)]
    public async Task Connection_Frozen_AgentNoticesReconnectsAndLosesNothing()
    {
        using var rig = FaultRig.Create();
        await using var proxy = TcpProxy.Start(Server.Xmpp.Host, Server.Xmpp.Port);
        var settings = rig.Settings("fault-frozen", proxy.Port);
        // The ping (every second, answered within IqTimeout) is what notices the silent link. Not shorter than 10 s:
        // Prosody's file store answers a ping behind the publishes it is still writing, and a ping timeout that a busy
        // server causes would drop every resumed connection again.
        settings["Xmpp:PingInterval"] = "00:00:01";
        settings["Xmpp:IqTimeout"] = "00:00:10";
        using var host = AgentHost.Build(null, settings, out var errors) ?? throw new AssertFailedException(string.Join("; ", errors));
        await host.StartAsync();
        var client = host.Services.GetRequiredService<XmppClient>();
        var publisher = host.Services.GetRequiredService<PublisherService>();
        var outbox = host.Services.GetRequiredService<DurableOutbox>();
        await Clients.WaitUntilAsync(() => publisher.PublishedCount > 15, TimeSpan.FromSeconds(30), "first publishes");

        var connections = proxy.AcceptedConnections;
        proxy.FreezeAllConnections(); // no RST, no FIN: only the liveness ping can tell
        await Clients.WaitUntilAsync(() => proxy.AcceptedConnections > connections && client.State == XmppClientState.Connected,
            TimeSpan.FromSeconds(60), "the agent to notice the silent link and connect again");
        var published = publisher.PublishedCount;
        await Clients.WaitUntilAsync(() => publisher.PublishedCount > published + 15, TimeSpan.FromSeconds(30), "publishing to carry on");

        await host.Services.GetRequiredService<SamplerService>().StopAsync(CancellationToken.None);
        await Clients.WaitUntilAsync(() => outbox.Count == 0, TimeSpan.FromSeconds(60), "the outbox to drain", () => Describe(outbox, publisher));
        var appended = outbox.NextSequence;
        await host.StopAsync();

        await rig.AssertAllOnServerOnceAsync(appended, "a frozen connection");
    }

    [TestMethod]
    [Timeout(180_000)]
    public async Task Disk_FullWhileRunning_ReadingsWaitInMemoryThenGoDurable_NothingLost()
    {
        using var rig = FaultRig.Create();
        using var disk = TmpfsMount.Create(kilobytes: 512);
        rig.DataDirectory = Path.Combine(disk.Path, "data");
        using var host = AgentHost.Build(null, rig.Settings("fault-disk-full"), out var errors) ?? throw new AssertFailedException(string.Join("; ", errors));
        await host.StartAsync();
        var publisher = host.Services.GetRequiredService<PublisherService>();
        var outbox = host.Services.GetRequiredService<DurableOutbox>();
        var sampler = host.Services.GetRequiredService<SamplerService>();
        await Clients.WaitUntilAsync(() => publisher.PublishedCount > 15, TimeSpan.FromSeconds(30), "first publishes");

        disk.Fill();
        await Clients.WaitUntilAsync(() => outbox.Degraded, TimeSpan.FromSeconds(30), "the outbox to notice the full disk");
        var queued = sampler.QueuedCount;
        var published = publisher.PublishedCount;
        await Clients.WaitUntilAsync(() => sampler.QueuedCount > queued + 30 && publisher.PublishedCount > published + 30,
            TimeSpan.FromSeconds(30), "sampling and publishing to go on while the disk is full",
            () => $"queued {sampler.QueuedCount - queued} more; " + Describe(outbox, publisher));
        Assert.IsFalse(sampler.ExecuteTask!.IsCompleted, "the sampler still runs");

        disk.Free();
        await Clients.WaitUntilAsync(() => !outbox.Degraded, TimeSpan.FromSeconds(30), "the outbox to write to the disk again");
        await sampler.StopAsync(CancellationToken.None);
        await Clients.WaitUntilAsync(() => outbox.Count == 0, TimeSpan.FromSeconds(60), "the outbox to drain", () => Describe(outbox, publisher));
        Assert.AreEqual(0, outbox.Dropped, "the memory ring held every reading of the outage");
        Assert.AreEqual(sampler.QueuedCount, outbox.NextSequence, "every queued reading got its place in the log");
        await host.StopAsync();

        await rig.AssertAllOnServerOnceAsync(outbox.NextSequence, "a full disk");
    }

    [TestMethod]
    [Timeout(180_000)]
    public async Task Disk_FullAtStart_AgentRunsPublishesAndStopsCleanly()
    {
        using var rig = FaultRig.Create();
        using var disk = TmpfsMount.Create(kilobytes: 256);
        rig.DataDirectory = Path.Combine(disk.Path, "data");
        Directory.CreateDirectory(Path.Combine(rig.DataDirectory, "hardware"));
        disk.Fill();

        using var agent = AgentProcess.Start(rig.Settings("fault-disk-start"));
        await Clients.WaitUntilAsync(() => agent.HasExited || agent.Logged("refuses outbox writes"), TimeSpan.FromSeconds(30),
            "the agent to say the disk refuses writes");
        await Clients.WaitUntilAsync(() => agent.HasExited || ItemsOnServer(rig) >= 9, TimeSpan.FromSeconds(60), "readings on the server");
        Assert.IsFalse(agent.HasExited, $"the agent ended on a full disk (exit {(agent.HasExited ? agent.ExitCode : 0)}):\n{agent.Output}");

        Assert.AreEqual(0, await agent.StopAsync(TimeSpan.FromSeconds(30)), agent.Output);
    }

    private static string Describe(DurableOutbox outbox, PublisherService publisher) =>
        $"outbox {outbox.Count} waiting, degraded {outbox.Degraded}, dropped {outbox.Dropped}; published {publisher.PublishedCount}, "
        + $"{publisher.InFlight} in flight";

    /// <summary>For polling: the items so far, 0 while the agent's nodes do not exist yet.</summary>
    private static int ItemsOnServer(FaultRig rig)
    {
        try
        {
            return rig.ItemsOnServerAsync().GetAwaiter().GetResult().Values.Sum();
        }
        catch (XmppStanzaErrorException)
        {
            return 0;
        }
    }
}
