using System.Threading.Channels;
using Edge.Agent.Iot;
using Edge.Hardware;
using Edge.Hardware.Profiles;
using Edge.Things;
using Edge.Things.Control;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.DemandResponse;

/// <summary>
/// Runs the <see cref="DemandResponseEngine"/>: a pass at start (restores an event that ended while the agent was
/// down), at once when a demand-response setting changes or a program event arrives (<see cref="Wake"/>), after each
/// read of the grid meter, and when the engine's next deadline (an interval boundary, a restore, a retry of a refused
/// switching) comes; at least once a minute. With a <c>gridMeter</c> in the hardware profile, a second loop reads it
/// every <see cref="DemandResponseOptions.MeterInterval"/> (through the shared <see cref="SensorReader"/>, so the bus
/// is never driven twice at once, and a read younger than the interval — the sampler's — is taken instead of driving
/// the bus again) for the import limit and the energy budget.
/// </summary>
public sealed class DemandResponseService(DemandResponseEngine engine, DeviceSettings settings, HardwareSet hardware,
    SensorReader reader, DemandResponseOptions options, TimeProvider time, ILogger<DemandResponseService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MinWait = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan FailureWait = TimeSpan.FromSeconds(5);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Asks for a pass now (a program event was applied).</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ControlParameter[] drives =
        [
            settings.LoadShedding, settings.ShedUntil, settings.ShedPriority, settings.ImportLimit, settings.EnergyBudget,
            settings.QuietHoursStart, settings.QuietHoursEnd,
        ];
        void OnChanged(object? sender, ControlParameter changed)
        {
            if (Array.IndexOf(drives, changed) >= 0)
            {
                Wake();
            }
        }

        settings.Changed += OnChanged;
        Task meter = hardware.Profile.GridMeter is { } spec ? ReadMeterAsync(spec, stoppingToken) : Task.CompletedTask;
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
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopped
        }
        finally
        {
            settings.Changed -= OnChanged;
            await meter.ConfigureAwait(false);
        }
    }

    private async Task ReadMeterAsync(GridMeterSpec spec, CancellationToken stoppingToken)
    {
        ISensor? sensor = hardware.Sensors.FirstOrDefault(s => s.Node.NodeId == spec.Sensor);
        if (sensor is null)
        {
            return; // the profile checked the id; a sensor that failed to open has logged why
        }

        using var timer = new PeriodicTimer(options.MeterInterval, time);
        bool powerMissing = false, energyMissing = false;
        string? lastError = null;
        try
        {
            do
            {
                try
                {
                    // A read at most one interval old (the sampler's, when it samples at least as often) is what reading
                    // every interval gives: the bus is not driven a second time for it.
                    IReadOnlyList<Field> fields = await reader.ReadAsync(sensor, options.MeterInterval, stoppingToken).ConfigureAwait(false);
                    double? watts = Value(fields, spec.ImportPowerField);
                    double? kwh = spec.ImportEnergyField is { } e ? Value(fields, e) : null;
                    if (watts is null && !powerMissing && fields.Any(f => (f.QoS & FieldQoS.Missing) == 0))
                    {
                        powerMissing = true;
                        Log.DemandResponseMeterFieldMissing(logger, spec.Sensor, spec.ImportPowerField, "ImportLimit");
                    }

                    if (spec.ImportEnergyField is { } energy && kwh is null && !energyMissing && fields.Any(f => (f.QoS & FieldQoS.Missing) == 0))
                    {
                        energyMissing = true;
                        Log.DemandResponseMeterFieldMissing(logger, spec.Sensor, energy, "EnergyBudget");
                    }

                    engine.ReportMeter(new MeterSample(watts, kwh, time.GetUtcNow()));
                    lastError = null;
                    Wake();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    if (e.Message != lastError)
                    {
                        lastError = e.Message;
                        Log.DemandResponseMeterFailed(logger, spec.Sensor, e.Message);
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopped
        }
    }

    private static double? Value(IReadOnlyList<Field> fields, string name) =>
        fields.FirstOrDefault(f => f.Name == name && (f.QoS & FieldQoS.Missing) == 0)?.Value is NumericValue n ? n.Value : null;
}
