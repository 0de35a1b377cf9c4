using System.Xml.Linq;
using Edge.Agent.Iot;
using Edge.Agent.Outbox;
using Edge.Agent.Publishing;
using Edge.Hardware.Profiles;
using Edge.Iot.SensorData;
using Edge.Things;
using Edge.Xmpp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Edge.Agent.Sampling;

/// <summary>
/// Reads every sensor and relay each sampling interval (the <c>SampleInterval</c> device setting, which starts as
/// <see cref="AgentOptions.SampleInterval"/> and can be changed by XEP-0325 control while running) and appends one
/// reading per node to the durable outbox, whether or not the server is reachable: nothing sampled is lost to a
/// network outage. Each reading also goes into the local history that historical readouts answer from.
/// </summary>
public sealed class SamplerService(HardwareSet hardware, AgentThingProvider device, SensorReader reader, ReadingHistory history,
    DeviceSettings settings, DurableOutbox outbox, IOptions<AgentOptions> options, XmppClient client,
    TimeProvider time, ILogger<SamplerService> logger) : BackgroundService
{
    private long _sequence;

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
        finally
        {
            settings.Changed -= Follow;
        }
    }

    /// <summary>One sampling cycle: read each sensor, queue its reading.</summary>
    public async Task SampleOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
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
            var payload = FieldsElement.Create(reading, seqnr: 0).ToString(SaveOptions.DisableFormatting);
            outbox.Append(NodeNames.For(options.Value.PubSub, client.Jid, sensor.Node.NodeId), NodeNames.ItemId(now), payload);
        }
    }
}
