using Edge.Agent.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Tests.Hosting;

/// <summary>
/// How the host ends becomes the exit code: the host (<see cref="ServiceHost"/>) stops when a BackgroundService throws,
/// as if asked to stop, so without <see cref="AgentRun"/> the process exits 0 and systemd does not restart it.
/// </summary>
[TestClass]
public sealed class AgentRunTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void Setup() => Environment.ExitCode = 0;

    [TestCleanup]
    public void Cleanup() => Environment.ExitCode = 0;

    [TestMethod]
    [Timeout(10_000)]
    public async Task RunAsync_BackgroundServiceThrows_ExitCode1AndCriticalLogWithTheCause()
    {
        var logs = new ListLoggerProvider();
        using var host = BuildHost(logs, s => s.AddHostedService(_ => new Throwing(afterYield: true)));

        var code = await AgentRun.RunAsync(host, TestContext.CancellationTokenSource.Token);

        Assert.AreEqual(1, code);
        var critical = logs.Entries.Where(e => e.Level == LogLevel.Critical && e.Category == "Edge.Agent").ToList();
        Assert.AreEqual(1, critical.Count, string.Join("\n", logs.Entries.Select(e => e.Level + " " + e.Category + " " + e.Message + " " + e.Exception)));
        StringAssert.Contains(critical[0].Message, "Throwing failed (InvalidOperationException: sensor bus gone)");
        Assert.IsInstanceOfType<InvalidOperationException>(critical[0].Exception);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task RunAsync_BackgroundServiceThrowsBeforeItsFirstAwait_ExitCode1()
    {
        var logs = new ListLoggerProvider();
        using var host = BuildHost(logs, s => s.AddHostedService(_ => new Throwing(afterYield: false)));

        var code = await AgentRun.RunAsync(host, TestContext.CancellationTokenSource.Token);

        Assert.AreEqual(1, code);
        Assert.IsTrue(logs.Entries.Any(e => e.Level == LogLevel.Critical && e.Category == "Edge.Agent"));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task RunAsync_HostedServiceFailsToStart_ExitCode1AndCriticalLog()
    {
        var logs = new ListLoggerProvider();
        using var host = BuildHost(logs, s => s.AddHostedService<FailingStart>());

        var code = await AgentRun.RunAsync(host, TestContext.CancellationTokenSource.Token);

        Assert.AreEqual(1, code);
        var critical = logs.Entries.Single(e => e.Level == LogLevel.Critical && e.Category == "Edge.Agent");
        StringAssert.Contains(critical.Message, "data directory unwritable");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task RunAsync_StoppedByItsToken_ExitCode0NothingCritical()
    {
        var logs = new ListLoggerProvider();
        using var host = BuildHost(logs, s => s.AddHostedService<Idle>());
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationTokenSource.Token);
        stop.CancelAfter(TimeSpan.FromMilliseconds(100));

        var code = await AgentRun.RunAsync(host, stop.Token);

        Assert.AreEqual(0, code);
        Assert.IsFalse(logs.Entries.Any(e => e.Level >= LogLevel.Error));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task RunAsync_ServiceSetsItsOwnExitCodeAndStops_ThatCode()
    {
        var logs = new ListLoggerProvider();
        using var host = BuildHost(logs, s => s.AddHostedService<RefusedCredentials>());

        var code = await AgentRun.RunAsync(host, TestContext.CancellationTokenSource.Token);

        Assert.AreEqual(XmppConnectionService.FatalExitCode, code);
    }

    private static ServiceHost BuildHost(ListLoggerProvider logs, Action<IServiceCollection> services)
    {
        var builder = new ServiceHostBuilder();
        builder.Logging.AddProvider(logs);
        services(builder.Services);
        return builder.Build();
    }

    private sealed class Throwing(bool afterYield) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            if (afterYield)
            {
                await Task.Yield();
            }

            throw new InvalidOperationException("sensor bus gone");
        }
    }

    private sealed class FailingStart : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => throw new IOException("data directory unwritable");

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class Idle : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
    }

    private sealed class RefusedCredentials(IHostApplicationLifetime lifetime) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            Environment.ExitCode = XmppConnectionService.FatalExitCode;
            lifetime.StopApplication();
        }
    }
}
