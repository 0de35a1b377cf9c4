using System.Net;
using System.Net.Sockets;
using System.Text;
using Edge.Agent.Hosting;
using Edge.Agent.Sampling;
using Edge.Agent.Status;
using Edge.Agent.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Edge.Agent.Tests.Status;

/// <summary>
/// The agent built by <see cref="AgentHost"/> with <c>Agent:Http</c> on (no XMPP server: it buffers), its snapshot,
/// and its HTTP server over loopback sockets against hostile peers: slow, too many, oversized, not trusted.
/// </summary>
[TestClass]
public sealed class StatusHttpServerTests
{
    private const string Token = "test-token-0123456789";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(30_000)]
    public async Task Snapshot_AfterASample_EverySensorWithFieldsAndTheOutboxWithItsOldestReading()
    {
        await using var agent = await StartAsync();
        var sampler = agent.Host.Services.GetRequiredService<SamplerService>();
        var source = agent.Host.Services.GetRequiredService<StatusSource>();
        // A sample and the first refused connect (the agent's server is a closed port): either may come first.
        await WaitAsync(() => sampler.QueuedCount > 0 && source.Snapshot().Connection.LastError is not null);

        GC.Collect(); // the heap's figures are the last collection's
        var status = source.Snapshot();

        Assert.AreEqual("cabinet", status.Sensors.Single().NodeId);
        Assert.IsTrue(status.Sensors[0].Fields.Count > 0);
        Assert.IsNotNull(status.Sensors[0].ReadAt);
        Assert.IsTrue(status.Outbox.Depth > 0);
        Assert.IsNotNull(status.Outbox.Oldest);
        Assert.IsTrue(status.Outbox.Oldest <= sampler.LastSampleAt, "the oldest waiting reading is not younger than the last sample");
        Assert.IsFalse(status.Connection.Up);
        Assert.IsNotNull(status.Connection.LastError, "the refused connect is the last error");
        Assert.IsTrue(status.IsHealthy(out var reason), reason);
        StringAssert.StartsWith(reason, "buffering: ");
        Assert.IsNull(status.Claim, "provisioning is off");
        Assert.IsTrue(status.Process.ResidentBytes > 0 && status.Process.PeakResidentBytes >= status.Process.ResidentBytes / 2);
        Assert.IsTrue(status.Process.Threads > 1, "the agent runs more than one thread: " + status.Process.Threads);
        Assert.IsNotNull(status.Process.Gc);
        Assert.IsTrue(status.Process.Gc.HeapBytes > 0 && status.Process.Gc.CommittedBytes >= status.Process.Gc.HeapBytes - status.Process.Gc.FragmentedBytes);
        Assert.IsTrue(status.Process.Gc.AllocatedBytes > 0 && status.Process.Gc.Collections[2] > 0, "GC.Collect() is a gen-2 collection");
        Assert.AreEqual(3, status.Process.Gc.Collections.Count);
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task Get_PageMetricsHealth_ServedToLoopback()
    {
        await using var agent = await StartAsync();
        await WaitAsync(() => agent.Host.Services.GetRequiredService<SamplerService>().QueuedCount > 0);

        var page = await RawAsync(agent.Endpoint, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        StringAssert.StartsWith(page, "HTTP/1.1 200 OK\r\n");
        StringAssert.Contains(page, "Content-Type: text/html; charset=utf-8\r\n");
        StringAssert.Contains(page, "data-node=\"cabinet\"");
        var metrics = await RawAsync(agent.Endpoint, "GET /metrics HTTP/1.1\r\n\r\n");
        StringAssert.Contains(metrics, "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n");
        StringAssert.Contains(metrics, "\nedge_xmpp_up 0\n");
        var health = await RawAsync(agent.Endpoint, "GET /healthz HTTP/1.1\r\n\r\n");
        StringAssert.StartsWith(health, "HTTP/1.1 200 OK\r\n");
        StringAssert.Contains(health, "\r\n\r\nok: buffering: ");
        var head = await RawAsync(agent.Endpoint, "HEAD /healthz HTTP/1.1\r\n\r\n");
        StringAssert.EndsWith(head, "\r\n\r\n", "HEAD: no body");
        StringAssert.StartsWith(await RawAsync(agent.Endpoint, "GET /nothing HTTP/1.1\r\n\r\n"), "HTTP/1.1 404 ");
        StringAssert.StartsWith(await RawAsync(agent.Endpoint, "POST / HTTP/1.1\r\n\r\n"), "HTTP/1.1 405 ");
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task Get_FromAnotherLoopbackAddress_401WithoutTheTokenAnd200WithIt()
    {
        await using var agent = await StartAsync();

        var refused = await RawAsync(agent.Endpoint, "GET /metrics HTTP/1.1\r\n\r\n", from: IPAddress.Parse("127.0.0.2"));
        StringAssert.StartsWith(refused, "HTTP/1.1 401 Unauthorized\r\n");
        StringAssert.Contains(refused, "WWW-Authenticate: Basic realm=\"edge\"");
        Assert.IsFalse(refused.Contains("edge_xmpp_up", StringComparison.Ordinal));

        var allowed = await RawAsync(agent.Endpoint, $"GET /metrics HTTP/1.1\r\nAuthorization: Bearer {Token}\r\n\r\n", from: IPAddress.Parse("127.0.0.2"));
        StringAssert.StartsWith(allowed, "HTTP/1.1 200 OK\r\n");
        StringAssert.Contains(allowed, "edge_xmpp_up");
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task Connection_SlowSender_ClosedAfterTheRequestTimeout()
    {
        await using var agent = await StartAsync();
        using var socket = await ConnectAsync(agent.Endpoint);
        await socket.SendAsync("GET / HTTP/1.1\r\nX: "u8.ToArray());

        var started = DateTime.UtcNow;
        var buffer = new byte[256];
        int read = await socket.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.AreEqual(0, read, "closed without an answer");
        var took = DateTime.UtcNow - started;
        Assert.IsTrue(took >= TimeSpan.FromSeconds(0.8) && took < TimeSpan.FromSeconds(8), took.ToString());
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task Connection_MoreThanTheCap_503AtOnceAndServedAgainAfter()
    {
        await using var agent = await StartAsync();
        var idle = new List<Socket>();
        for (int i = 0; i < 2; i++)
        {
            idle.Add(await ConnectAsync(agent.Endpoint)); // MaxConnections = 2, sending nothing
        }

        await Task.Delay(200, TestContext.CancellationTokenSource.Token);
        StringAssert.StartsWith(await RawAsync(agent.Endpoint, "GET /healthz HTTP/1.1\r\n\r\n"), "HTTP/1.1 503 ");
        idle.ForEach(s => s.Dispose());
        await WaitAsync(async () => (await RawAsync(agent.Endpoint, "GET /healthz HTTP/1.1\r\n\r\n")).StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal));
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task Request_HeadLargerThanTheBound_431AndTheServerGoesOn()
    {
        await using var agent = await StartAsync();

        var answer = await RawAsync(agent.Endpoint, "GET / HTTP/1.1\r\nX: " + new string('a', 20_000) + "\r\n\r\n");

        StringAssert.StartsWith(answer, "HTTP/1.1 431 ");
        StringAssert.StartsWith(await RawAsync(agent.Endpoint, "GET /healthz HTTP/1.1\r\n\r\n"), "HTTP/1.1 200 ");
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task Start_PortInUse_FailsNamingTheSetting()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;

        var e = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => StartAsync($"127.0.0.1:{port}"));
        StringAssert.StartsWith(e.Message, $"Agent:Http:Listen '127.0.0.1:{port}' cannot be bound: ");
    }

    private async Task<RunningAgent> StartAsync(string listen = "127.0.0.1:0")
    {
        var folder = new AgentFolder();
        var overrides = folder.ValidOverrides();
        overrides["Agent:Http:Enabled"] = "true";
        overrides["Agent:Http:Listen"] = listen;
        overrides["Agent:Http:Token"] = Token;
        overrides["Agent:Http:MaxConnections"] = "2";
        overrides["Agent:Http:RequestTimeout"] = "00:00:01";
        overrides["Agent:SampleInterval"] = "00:00:00.2";
        var host = AgentHost.Build(folder.Root, null, overrides, out var errors) ?? throw new AssertFailedException(string.Join("; ", errors));
        try
        {
            await host.StartAsync(TestContext.CancellationTokenSource.Token);
        }
        catch
        {
            host.Dispose();
            folder.Dispose();
            throw;
        }

        return new RunningAgent(host, folder, host.Services.GetRequiredService<StatusHttpServer>().Endpoint!);
    }

    private static async Task<Socket> ConnectAsync(IPEndPoint endpoint, IPAddress? from = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (from is not null)
        {
            socket.Bind(new IPEndPoint(from, 0));
        }

        await socket.ConnectAsync(endpoint);
        return socket;
    }

    private static async Task<string> RawAsync(IPEndPoint endpoint, string request, IPAddress? from = null)
    {
        using var socket = await ConnectAsync(endpoint, from);
        try
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        }
        catch (SocketException)
        {
            // the server may answer (431) and close before all of an oversized request is sent
        }

        using var answer = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await socket.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(10))) > 0)
        {
            answer.Write(buffer, 0, read);
        }

        return Encoding.UTF8.GetString(answer.ToArray());
    }

    private async Task WaitAsync(Func<bool> condition) => await WaitAsync(() => Task.FromResult(condition()));

    private async Task WaitAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.IsTrue(DateTime.UtcNow < until, "timed out waiting");
            await Task.Delay(50, TestContext.CancellationTokenSource.Token);
        }
    }

    private sealed class RunningAgent(IHost host, AgentFolder folder, IPEndPoint endpoint) : IAsyncDisposable
    {
        public IHost Host { get; } = host;

        public IPEndPoint Endpoint { get; } = endpoint;

        public async ValueTask DisposeAsync()
        {
            await Host.StopAsync();
            Host.Dispose();
            folder.Dispose();
        }
    }
}
