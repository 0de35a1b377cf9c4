using Edge.Things;

namespace Edge.Iot.Tests.SensorData;

/// <summary>A provider whose reads never finish by themselves: they end only when their token is cancelled.</summary>
internal sealed class StallingThingProvider(params ThingNode[] roots) : IThingProvider
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<ThingNode> RootNodes { get; } = roots;

    /// <summary>Completes when a read has begun.</summary>
    public Task Entered => _entered.Task;

    /// <summary>Completes (true) when a read's token was cancelled.</summary>
    public Task<bool> Cancelled => _cancelled.Task;

    public async ValueTask<NodeReadout> ReadAsync(ThingNode node, ReadoutFilter filter, CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(() => _cancelled.TrySetResult(true));
        _entered.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }

    public ValueTask<ControlOutcome> SetAsync(IReadOnlyList<ControlWrite> writes, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
