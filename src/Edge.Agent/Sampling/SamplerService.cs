using System.Xml.Linq;
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
/// Reads every sensor each <see cref="AgentOptions.SampleInterval"/> and appends one reading per sensor node to the
/// durable outbox, whether or not the server is reachable: nothing sampled is lost to a network outage.
/// </summary>
public sealed class SamplerService(HardwareSet hardware, DurableOutbox outbox, IOptions<AgentOptions> options, XmppClient client,
    TimeProvider time, ILogger<SamplerService> logger) : BackgroundService
{
    private long _sequence;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var agent = options.Value;
        Log.SamplingStarted(logger, hardware.Sensors.Count, agent.SampleInterval, hardware.Profile.Name);
        using var timer = new PeriodicTimer(agent.SampleInterval, time);
        do
        {
            await SampleOnceAsync(stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One sampling cycle: read each sensor, queue its reading.</summary>
    public async Task SampleOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var sensor in hardware.Sensors)
        {
            IReadOnlyList<Field> fields;
            try
            {
                fields = await sensor.ReadAsync(now, cancellationToken).ConfigureAwait(false);
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

            var reading = new Reading(sensor.Node, now, fields, Interlocked.Increment(ref _sequence));
            var payload = FieldsElement.Create(reading, seqnr: 0).ToString(SaveOptions.DisableFormatting);
            outbox.Append(NodeNames.For(options.Value.PubSub, client.Jid, sensor.Node.NodeId), NodeNames.ItemId(now), payload);
        }
    }
}
