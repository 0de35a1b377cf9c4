using System.Collections.Concurrent;
using Edge.Agent.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Tests.Hosting;

/// <summary>
/// The agent's own host (<see cref="ServiceHost"/>) keeps what the agent relied on in the Generic Host: start in the
/// order registered, stop in the reverse order, a failed background service stops the host, every service gets its
/// stop even when one throws, and the provider's singletons are disposed (asynchronously where they must be).
/// </summary>
[TestClass]
public sealed class ServiceHostTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(10_000)]
    public async Task StartAsyncStopAsync_ThreeServices_StartInOrderStopInReverseLifetimeTokensFired()
    {
        var journal = new ConcurrentQueue<string>();
        using var host = Build(null, s =>
        {
            s.AddSingleton<IHostedService>(_ => new Recording("a", journal));
            s.AddSingleton<IHostedService>(_ => new Recording("b", journal));
            s.AddSingleton<IHostedService>(_ => new Recording("c", journal));
        });
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        Assert.AreSame(host, lifetime);

        await host.StartAsync(TestContext.CancellationToken);
        Assert.IsTrue(lifetime.ApplicationStarted.IsCancellationRequested);
        Assert.IsFalse(lifetime.ApplicationStopping.IsCancellationRequested);
        await host.StopAsync(TestContext.CancellationToken);

        CollectionAssert.AreEqual(new[] { "start a", "start b", "start c", "stop c", "stop b", "stop a" }, journal.ToArray());
        Assert.IsTrue(lifetime.ApplicationStopping.IsCancellationRequested);
        Assert.IsTrue(lifetime.ApplicationStopped.IsCancellationRequested);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task StartAsync_BackgroundServiceFailsLater_HostStopsWithAnErrorNamingIt()
    {
        var logs = new ListLoggerProvider();
        using var host = Build(logs, s => s.AddHostedService<FailsAfterAWhile>());

        await host.StartAsync(TestContext.CancellationToken);
        await host.WaitForShutdownAsync(TestContext.CancellationToken);

        var error = logs.Entries.Single(e => e.Level == LogLevel.Error);
        Assert.AreEqual("Edge.Agent.Hosting", error.Category);
        Assert.AreEqual("FailsAfterAWhile failed; the agent stops", error.Message);
        Assert.IsInstanceOfType<InvalidOperationException>(error.Exception);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task StopAsync_BackgroundServiceCancelledByTheStop_NotAFailure()
    {
        var logs = new ListLoggerProvider();
        using var host = Build(logs, s => s.AddHostedService<WaitsForStop>());

        await host.StartAsync(TestContext.CancellationToken);
        await host.StopAsync(TestContext.CancellationToken);

        Assert.IsFalse(logs.Entries.Any(e => e.Level >= LogLevel.Warning), string.Join("\n", logs.Entries.Select(e => e.Message)));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task StopAsync_OneServiceThrows_TheOthersStillStopAndTheFailureIsThrown()
    {
        var logs = new ListLoggerProvider();
        var journal = new ConcurrentQueue<string>();
        using var host = Build(logs, s =>
        {
            s.AddSingleton<IHostedService>(_ => new Recording("a", journal));
            s.AddSingleton<IHostedService>(_ => new Recording("b", journal, failStop: true));
            s.AddSingleton<IHostedService>(_ => new Recording("c", journal));
        });
        await host.StartAsync(TestContext.CancellationToken);

        var e = await Assert.ThrowsExactlyAsync<AggregateException>(() => host.StopAsync(TestContext.CancellationToken));

        Assert.AreEqual("relay stuck", e.InnerExceptions.Single().Message);
        CollectionAssert.AreEqual(new[] { "start a", "start b", "start c", "stop c", "stop b", "stop a" }, journal.ToArray());
        Assert.AreEqual("Recording failed to stop", logs.Entries.Single(x => x.Level == LogLevel.Error).Message);
    }

    [TestMethod]
    [Timeout(10_000)]
    public void Dispose_SingletonOnlyAsyncDisposable_DisposedThroughTheProvider()
    {
        var resource = new AsyncOnlyResource();
        var host = Build(null, s => s.AddSingleton(_ => resource));
        _ = host.Services.GetRequiredService<AsyncOnlyResource>();

        host.Dispose();
        host.Dispose(); // idempotent

        Assert.AreEqual(1, resource.Disposals);
    }

    private static ServiceHost Build(ListLoggerProvider? logs, Action<IServiceCollection> services)
    {
        var builder = new ServiceHostBuilder();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        services(builder.Services);
        return builder.Build();
    }

    private sealed class Recording(string name, ConcurrentQueue<string> journal, bool failStop = false) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            journal.Enqueue("start " + name);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            journal.Enqueue("stop " + name);
            return failStop ? Task.FromException(new IOException("relay stuck")) : Task.CompletedTask;
        }
    }

    private sealed class FailsAfterAWhile : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Delay(50, stoppingToken);
            throw new InvalidOperationException("sensor bus gone");
        }
    }

    private sealed class WaitsForStop : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
    }

    private sealed class AsyncOnlyResource : IAsyncDisposable
    {
        public int Disposals { get; private set; }

        public ValueTask DisposeAsync()
        {
            Disposals++;
            return ValueTask.CompletedTask;
        }
    }
}
