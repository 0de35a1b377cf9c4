using System.Threading.Channels;
using Edge.Agent.Iot;
using Edge.Things.Control;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.DemandResponse;

/// <summary>
/// Runs the <see cref="DemandResponseEngine"/>: a pass at start (restores an event that ended while the agent was
/// down), at once when <c>LoadShedding</c>, <c>ShedUntil</c> or <c>ShedPriority</c> change, and when the engine's
/// next deadline (event end, restore, retry of a refused switching) comes; at least once a minute.
/// </summary>
public sealed class DemandResponseService(DemandResponseEngine engine, DeviceSettings settings, TimeProvider time,
    ILogger<DemandResponseService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MinWait = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan FailureWait = TimeSpan.FromSeconds(5);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        void OnChanged(object? sender, ControlParameter changed)
        {
            if (ReferenceEquals(changed, settings.LoadShedding) || ReferenceEquals(changed, settings.ShedUntil)
                || ReferenceEquals(changed, settings.ShedPriority))
            {
                _ = _wake.Writer.TryWrite(true);
            }
        }

        settings.Changed += OnChanged;
        try
        {
            while (true)
            {
                TimeSpan wait;
                try
                {
                    wait = engine.Evaluate() ?? MaxWait;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    wait = FailureWait;
                    Log.DemandResponsePassFailed(logger, wait, e);
                }

                wait = wait < MinWait ? MinWait : wait > MaxWait ? MaxWait : wait;
                using var delay = new CancellationTokenSource(wait, time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, delay.Token);
                try
                {
                    _ = await _wake.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // the deadline came
                }
            }
        }
        finally
        {
            settings.Changed -= OnChanged;
        }
    }
}
