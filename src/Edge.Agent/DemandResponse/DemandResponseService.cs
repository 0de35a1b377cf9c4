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
/// switching) comes; at least once a minute. With a <c>gridMeter</c> in the hardware profile, every read of it
/// (<see cref="SensorReader.Watch"/>: the sampler's, a readout's) is reported to the engine for the import limit and
/// the energy budget as it completes. While the sampler samples at least every
/// <see cref="DemandResponseOptions.MeterInterval"/> that is all: the meter is read at the sampler's cadence, with no
/// timer of the service's own. When it samples less often, a second loop reads the meter every interval (through the
/// shared <see cref="SensorReader"/>, so the bus is never driven twice at once, and a read younger than the interval is
/// taken instead of driving the bus again).
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

        // Every read of the meter, whoever drives the bus for it (the sampler, a readout, the loop below), is reported
        // to the engine as it completes: the engine needs no timer of its own while the sampler reads the meter at
        // least once per MeterInterval.
        var report = new MeterReport(engine, spec, logger, Wake);
        using IDisposable watch = reader.Watch(sensor, report.Report);
        if (reader.Last(sensor) is { Fields.Count: > 0 } last && time.GetUtcNow() - last.ReadAt <= options.MeterInterval)
        {
            report.Report(last); // a read from before the watch, e.g. the sampler's first cycle
        }

        var sampling = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        void OnChanged(object? sender, ControlParameter changed)
        {
            if (ReferenceEquals(changed, settings.SampleInterval))
            {
                _ = sampling.Writer.TryWrite(true);
            }
        }

        settings.Changed += OnChanged;
        try
        {
            while (true)
            {
                if (settings.SampleInterval.Value <= options.MeterInterval)
                {
                    // The sampler's reads come often enough (each is reported above): nothing to do here until the
                    // sampling interval changes.
                    _ = await sampling.Reader.ReadAsync(stoppingToken).ConfigureAwait(false);
                    continue;
                }

                // The sampler reads the meter less often than MeterInterval: read it on a timer of our own, taking a
                // read at most one interval old instead of driving the bus again.
                using var timer = new PeriodicTimer(options.MeterInterval, time);
                do
                {
                    try
                    {
                        _ = await reader.ReadAsync(sensor, options.MeterInterval, stoppingToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // Reported (and logged) by the watch.
                    }
                }
                while (settings.SampleInterval.Value > options.MeterInterval && await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopped
        }
        finally
        {
            settings.Changed -= OnChanged;
        }
    }

    /// <summary>Turns the meter's reads into the engine's samples (and a pass), logging a missing field or a failure once.</summary>
    private sealed class MeterReport(DemandResponseEngine engine, GridMeterSpec spec, ILogger logger, Action wake)
    {
        private readonly Lock _lock = new();
        private bool _powerMissing;
        private bool _energyMissing;
        private string? _lastError;

        public void Report(SensorLastRead read)
        {
            lock (_lock)
            {
                if (read.Fields.Count == 0 && read.Error is { } error)
                {
                    if (error != _lastError)
                    {
                        _lastError = error;
                        Log.DemandResponseMeterFailed(logger, spec.Sensor, error);
                    }

                    return;
                }

                IReadOnlyList<Field> fields = read.Fields;
                double? watts = Value(fields, spec.ImportPowerField);
                double? kwh = spec.ImportEnergyField is { } e ? Value(fields, e) : null;
                if (watts is null && !_powerMissing && fields.Any(f => (f.QoS & FieldQoS.Missing) == 0))
                {
                    _powerMissing = true;
                    Log.DemandResponseMeterFieldMissing(logger, spec.Sensor, spec.ImportPowerField, "ImportLimit");
                }

                if (spec.ImportEnergyField is { } energy && kwh is null && !_energyMissing && fields.Any(f => (f.QoS & FieldQoS.Missing) == 0))
                {
                    _energyMissing = true;
                    Log.DemandResponseMeterFieldMissing(logger, spec.Sensor, energy, "EnergyBudget");
                }

                engine.ReportMeter(new MeterSample(watts, kwh, read.ReadAt));
                _lastError = null;
            }

            wake();
        }
    }

    private static double? Value(IReadOnlyList<Field> fields, string name) =>
        fields.FirstOrDefault(f => f.Name == name && (f.QoS & FieldQoS.Missing) == 0)?.Value is NumericValue n ? n.Value : null;
}
