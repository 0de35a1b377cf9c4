using System.Net.Sockets;
using System.Text;
using Edge.Agent.Hosting;
using Edge.Agent.Outbox;
using Edge.Xmpp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Tests.Hosting;

/// <summary>The watchdog is fed only while the agent is healthy (sd_notify over a real unix datagram socket, fake clock).</summary>
[TestClass]
public sealed class SystemdServiceTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(20_000)]
    public async Task Watchdog_FedWhileHealthy_WithheldOnceAServiceFailed()
    {
        string directory = Directory.CreateTempSubdirectory("edge-sd-").FullName;
        try
        {
            string path = Path.Combine(directory, "notify.sock");
            using var listener = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
            await using var client = new XmppClient(new XmppClientOptions { Jid = "agent@localhost", Password = "x" });
            await using var outbox = new DurableOutbox(Path.Combine(directory, "outbox"), new OutboxOptions(), clock, NullLogger.Instance);
            var failing = new FailingService();
            var services = new List<IHostedService>();
            using var notifier = new SystemdNotifier(path);
            using var service = new SystemdService(client, outbox, () => services, clock, NullLogger<SystemdService>.Instance,
                notifier, TimeSpan.FromSeconds(10));

            await service.StartAsync(TestContext.CancellationToken);
            string ready = await AdvanceUntilReceivedAsync(clock, listener, SystemdService.ReadyTimeout);
            StringAssert.Contains(ready, "STATUS=", "not connected after 30 s: ready anyway, buffering");

            StringAssert.StartsWith(await AdvanceUntilReceivedAsync(clock, listener, TimeSpan.FromSeconds(5)), "WATCHDOG=1",
                "healthy: fed at half the interval");

            services.Add(failing);
            await failing.StartAsync(CancellationToken.None);
            while (failing.ExecuteTask is not { IsCompleted: true })
            {
                await Task.Delay(10, TestContext.CancellationToken);
            }

            string unhealthy = await AdvanceUntilReceivedAsync(clock, listener, TimeSpan.FromSeconds(5));
            Assert.IsFalse(unhealthy.Contains("WATCHDOG=1", StringComparison.Ordinal), unhealthy);
            StringAssert.Contains(unhealthy, "FailingService failed");

            await service.StopAsync(CancellationToken.None);
            StringAssert.Contains(await ReceiveAsync(listener), "STOPPING=1");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Advances the fake clock by <paramref name="step"/> until the service sends something (its timers are set on
    /// the fake clock when its loop gets there: an advance before that finds nothing due, the next one does).
    /// </summary>
    private static async Task<string> AdvanceUntilReceivedAsync(FakeTimeProvider clock, Socket listener, TimeSpan step)
    {
        for (int i = 0; i < 50; i++)
        {
            clock.Advance(step);
            try
            {
                return await ReceiveAsync(listener, TimeSpan.FromMilliseconds(200));
            }
            catch (OperationCanceledException)
            {
                // nothing yet
            }
        }

        throw new AssertFailedException("the service sent nothing");
    }

    private static async Task<string> ReceiveAsync(Socket listener, TimeSpan? within = null)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(5));
        int n = await listener.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    private sealed class FailingService : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.FromException(new InvalidOperationException("boom"));
    }
}
