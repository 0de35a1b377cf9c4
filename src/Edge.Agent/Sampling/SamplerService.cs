using Edge.Agent.Iot;
using Edge.Agent.Outbox;
using Edge.Hardware.Profiles;
using Edge.Things;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Edge.Agent.Sampling;

/// <summary>
/// Reads every sensor and relay each sampling interval (the <c>SampleInterval</c> device setting, which starts as
/// <see cref="AgentOptions.SampleInterval"/> and can be changed by XEP-0325 control while running) and appends the
/// readings worth reporting (<see cref="ReportByException"/>) to the durable outbox in one group commit, whether or
/// not the server is reachable: nothing sampled is lost to a network outage. Every reading also goes into the local
/// history that historical readouts answer from. The sampler knows sensors and the outbox only: the wire form, node
/// names and item ids are the publisher's.
/// </summary>
public sealed class SamplerService(AgentThingProvider device, SensorReader reader, ReadingHistory history,
    DeviceSettings settings, DurableOutbox outbox, IOptions<AgentOptions> options, HardwareSet hardware,
    TimeProvider time, ILogger<SamplerService> logger) : BackgroundService
{
    private readonly ReportByException _filter = new(options.Value.Reporting);
    private long _sequence;
    private long _queued;

    private long _lastSampleTicks;

    /// <summary>When the last sampling cycle started (null before the first).</summary>
    public DateTimeOffset? LastSampleAt => Interlocked.Read(ref _lastSampleTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary>Readings queued for publishing since start (after report-by-exception).</summary>
    public long QueuedCount => Interlocked.Read(ref _queued);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.SamplingStarted(logger, device.Sensors.Count(), settings.SampleInterval.Value, hardware.Profile.Name);
        using var timer = new PeriodicTimer(settings.SampleInterval.Value, time);
        void Follow(object? sender, Things.Control.ControlParameter changed)
        {
            if (ReferenceEquals(changed, settings.SampleInterval))
            {
                timer.Period = settings.SampleInterval.Value;
            }
        }

        settings.Changed += Follow;
        try
        {
            do
            {
                await SampleOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped: an end, not a failure. (The host counts a cancellation as a failure, and stops the whole agent,
            // unless its own stop caused it: sampling can be stopped on its own.)
        }
        finally
        {
            settings.Changed -= Follow;
        }
    }

    /// <summary>One sampling cycle: read each sensor, queue the readings worth reporting in one append.</summary>
    public async Task SampleOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        Interlocked.Exchange(ref _lastSampleTicks, now.UtcTicks);
        var queue = new List<Reading>();
        foreach (var sensor in device.Sensors)
        {
            IReadOnlyList<Field> fields;
            try
            {
                fields = await reader.ReadAsync(sensor, TimeSpan.Zero, cancellationToken, now).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.SensorFailed(logger, sensor.Node.NodeId, e);
                continue;
            }

            if (fields.Count == 0)
            {
                continue;
            }

            history.Record(sensor.Node, fields);
            var reading = new Reading(sensor.Node, now, fields, Interlocked.Increment(ref _sequence));
            if (_filter.ShouldReport(reading))
            {
                queue.Add(reading);
            }
        }

        if (queue.Count == 0)
        {
            return;
        }

        try
        {
            if (await outbox.AppendAsync(queue, cancellationToken).ConfigureAwait(false) != AppendResult.Dropped)
            {
                Interlocked.Add(ref _queued, queue.Count);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The outbox logged why; sampling goes on with the next cycle.
            Log.ReadingsNotQueued(logger, queue.Count, e.Message);
        }
    }
}
