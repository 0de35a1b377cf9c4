using System.Threading.Channels;
using Edge.Agent.Outbox;
using Edge.Things;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.DemandResponse;

/// <summary>
/// Reports the engine's state on the device's own status node: at start and after every change (a load shed or
/// restored, an event begun or ended, a program event applied), one reading of <see cref="DemandResponseFields"/> for
/// node <see cref="DemandResponseFields.StatusNodeId"/> goes into the durable outbox, and the publisher sends it to
/// <c>{NodePrefix}{device}/demand-response</c> like any sensor reading: what the device did reaches the utility or
/// aggregator also when the link was down at the time. Changes within <see cref="CoalesceDelay"/> of each other (an
/// event applied, then the loads it sheds a few milliseconds later) make one reading, not one each: across a fleet
/// every item is a publish the server fans out. A device without managed loads (no relay with a
/// demand-response role in its profile) has nothing to report and no status node.
/// </summary>
public sealed class DemandResponseStatusReporter(DemandResponseEngine engine, DurableOutbox outbox, TimeProvider time,
    ILogger<DemandResponseStatusReporter> logger) : BackgroundService
{
    /// <summary>How long after a change the state is read and reported, so that a burst of changes makes one reading.</summary>
    public static readonly TimeSpan CoalesceDelay = TimeSpan.FromMilliseconds(200);

    private static readonly ThingReference Node = new(DemandResponseFields.StatusNodeId);
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private long _sequence;

    /// <summary>Asks for a report (the service calls it when a program event was applied).</summary>
    public void Report() => _changed.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (engine.Loads.Count == 0)
        {
            return;
        }

        void OnChanged(object? sender, EventArgs e) => Report();
        engine.StateChanged += OnChanged;
        Report();
        try
        {
            while (await _changed.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await Task.Delay(CoalesceDelay, time, stoppingToken).ConfigureAwait(false);
                _ = _changed.Reader.TryRead(out _);
                DateTimeOffset now = time.GetUtcNow();
                var reading = new Reading(Node, now, [.. DemandResponseFields.From(engine.Status, engine.Loads, now)],
                    Interlocked.Increment(ref _sequence));
                try
                {
                    _ = await outbox.AppendAsync([reading], stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.ReadingsNotQueued(logger, 1, e.Message); // the outbox logged why; the next change reports again
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopped
        }
        finally
        {
            engine.StateChanged -= OnChanged;
        }
    }
}
