using Edge.Agent.Hosting;
using Edge.Agent.Publishing;
using Edge.Agent.Sampling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Edge.Agent.Tests.Hosting;

/// <summary>
/// A background service stopped on its own ends cleanly: the host counts a cancellation it did not cause as a failure
/// and stops the whole agent (BackgroundServiceExceptionBehavior.StopHost), which a drain after a stopped sampler
/// (the fault tests, an operator's pause) must not trigger.
/// </summary>
[TestClass]
public sealed class ServiceStopTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(30_000)]
    public async Task StopAsync_SamplerOrPublisherAlone_HostKeepsRunning()
    {
        using var folder = new AgentFolder();
        using var host = AgentHost.Build(folder.Root, null, folder.ValidOverrides(), out var errors)
            ?? throw new AssertFailedException(string.Join("; ", errors));
        await host.StartAsync(TestContext.CancellationTokenSource.Token);
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var sampler = host.Services.GetRequiredService<SamplerService>();
        var publisher = host.Services.GetRequiredService<PublisherService>();

        while (sampler.QueuedCount == 0)
        {
            await Task.Delay(20, TestContext.CancellationTokenSource.Token); // running: a stop before its start is another case
        }

        await sampler.StopAsync(TestContext.CancellationTokenSource.Token);
        await publisher.StopAsync(TestContext.CancellationTokenSource.Token);
        await Task.Delay(500, TestContext.CancellationTokenSource.Token);

        Assert.IsTrue(sampler.ExecuteTask!.IsCompletedSuccessfully, sampler.ExecuteTask.Status + " " + sampler.ExecuteTask.Exception);
        Assert.IsTrue(publisher.ExecuteTask!.IsCompletedSuccessfully, publisher.ExecuteTask.Status + " " + publisher.ExecuteTask.Exception);
        Assert.IsFalse(lifetime.ApplicationStopping.IsCancellationRequested, "the host was stopped by a service's own stop");
        await host.StopAsync(TestContext.CancellationTokenSource.Token);
    }
}
