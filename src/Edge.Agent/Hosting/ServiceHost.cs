using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Hosting;

/// <summary>
/// The agent's host: what of .NET's Generic Host the agent used, and no more (issue 12: the Generic Host's code in the
/// NativeAOT binary, for a start and a stop). It owns the service provider and runs the hosted services:
/// <list type="bullet">
/// <item>start: each <see cref="IHostedService"/> in the order registered, one after the other (a
/// <see cref="BackgroundService"/> returns from its start at once, its <c>ExecuteAsync</c> running on);</item>
/// <item>a background service that fails stops the host (logged, event 2450), as the Generic Host's
/// <c>BackgroundServiceExceptionBehavior.StopHost</c> did; <see cref="AgentRun"/> turns that into exit code 1;</item>
/// <item>stop (<see cref="IHostApplicationLifetime.StopApplication"/>, then <see cref="StopAsync"/>): each service in
/// the reverse order, within <see cref="ShutdownTimeout"/> in all; a service that throws while stopping is logged
/// (event 2451), the others still stop, and the failures are thrown together at the end;</item>
/// <item>dispose: the service provider, which disposes the singletons it made (asynchronously where they are
/// <see cref="IAsyncDisposable"/>).</item>
/// </list>
/// Signals are the caller's (<c>edge run</c> turns SIGTERM and SIGINT into its stopping token); nothing is read
/// from configuration here. The services see it as <see cref="IHostApplicationLifetime"/>.
/// </summary>
public sealed class ServiceHost : IHost, IHostApplicationLifetime
{
    /// <summary>How long the services have, together, to stop (the Generic Host's default as well).</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _started = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _stopped = new();
    private ServiceProvider? _provider;
    private ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    private IHostedService[] _services = [];
    private int _disposed;

    internal ServiceHost()
    {
    }

    /// <inheritdoc/>
    public IServiceProvider Services => _provider ?? throw new InvalidOperationException("The host has not been built.");

    /// <inheritdoc/>
    public CancellationToken ApplicationStarted => _started.Token;

    /// <inheritdoc/>
    public CancellationToken ApplicationStopping => _stopping.Token;

    /// <inheritdoc/>
    public CancellationToken ApplicationStopped => _stopped.Token;

    internal void Attach(ServiceProvider provider)
    {
        _provider = provider;
        _logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("Edge.Agent.Hosting");
    }

    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _services = [.. Services.GetServices<IHostedService>()];
        foreach (IHostedService service in _services)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await service.StartAsync(cancellationToken).ConfigureAwait(false);
            if (service is BackgroundService background)
            {
                _ = WatchAsync(background);
            }
        }

        _started.Cancel();
    }

    /// <inheritdoc/>
    public void StopApplication()
    {
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // disposed: stopped long ago
        }
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ShutdownTimeout);
        StopApplication();
        List<Exception> failures = [];
        for (int i = _services.Length - 1; i >= 0; i--)
        {
            try
            {
                await _services[i].StopAsync(timeout.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // every service gets its stop; the failures are thrown together below
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.HostedServiceStopFailed(_logger, _services[i].GetType().Name, e);
                failures.Add(e);
            }
        }

        _stopped.Cancel();
        if (failures.Count > 0)
        {
            throw new AggregateException("One or more services failed to stop.", failures);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Disposes the service provider (and with it the services it made).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_provider is not null)
        {
            await _provider.DisposeAsync().ConfigureAwait(false);
        }

        _started.Dispose();
        _stopping.Dispose();
        _stopped.Dispose();
    }

    // A background service that ends with an exception stops the host; one cancelled by the stop is not a failure.
    private async Task WatchAsync(BackgroundService service)
    {
        if (service.ExecuteTask is not { } task)
        {
            return;
        }

        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // reported and turned into a stop; AgentRun reads the task's fault for the exit code
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.BackgroundServiceFailed(_logger, service.GetType().Name, e);
            StopApplication();
        }
    }
}
