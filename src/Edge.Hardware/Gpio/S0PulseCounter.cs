using System.Globalization;
using Edge.Hardware.Internal;
using Edge.Things;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Hardware.Gpio;

/// <summary>
/// Counts S0 pulses (IEC 62053-31) from an energy meter on a debounced <see cref="DigitalInput"/>. Energy is
/// pulses × 1000 / (impulses per kWh) in Wh; power is derived from the interval between the last two pulses
/// (3.6·10⁶ / (impulses per kWh × seconds) in W) and decays once the meter has been quiet longer than that
/// interval. The count is persisted (atomically) so a restart loses no energy.
/// </summary>
public sealed class S0PulseCounter : ISensor
{
    private readonly Lock _lock = new();
    private readonly DigitalInput _input;
    private readonly bool _shouldDispose;
    private readonly S0PulseCounterOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly int _energyDecimals;
    private long _pulses;
    private long _persistedPulses;
    private DateTimeOffset? _lastPulse;
    private TimeSpan? _lastPeriod;
    private DateTimeOffset _lastPersist = DateTimeOffset.MinValue;
    private bool _disposed;

    public S0PulseCounter(DigitalInput input, ThingReference node, S0PulseCounterOptions options,
        TimeProvider? timeProvider = null, ILogger? logger = null, bool shouldDispose = true)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _input = input;
        _shouldDispose = shouldDispose;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        Node = node;
        _energyDecimals = Math.Clamp((int)Math.Ceiling(Math.Log10(options.ImpulsesPerKilowattHour / 1000.0)), 0, 6);
        _pulses = _persistedPulses = Restore();
        _input.Changed += OnChanged;
    }

    public ThingReference Node { get; }

    /// <summary>Pulses counted, including those restored from <see cref="S0PulseCounterOptions.StatePath"/>.</summary>
    public long Pulses => Interlocked.Read(ref _pulses);

    /// <summary>The energy counted, in Wh.</summary>
    public double EnergyWattHours => Pulses * 1000.0 / _options.ImpulsesPerKilowattHour;

    /// <summary>The instantaneous power at <paramref name="now"/>, in W.</summary>
    public double GetPower(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_lastPulse is not DateTimeOffset last || _lastPeriod is not TimeSpan period || period <= TimeSpan.Zero)
            {
                return 0;
            }

            TimeSpan quiet = now - last;
            if (quiet > _options.PowerTimeout)
            {
                return 0;
            }

            // Without a new pulse, the power can be at most what one pulse in the elapsed time would mean.
            TimeSpan effective = quiet > period ? quiet : period;
            return 3_600_000.0 / (_options.ImpulsesPerKilowattHour * effective.TotalSeconds);
        }
    }

    public ValueTask<IReadOnlyList<Field>> ReadAsync(DateTimeOffset timestamp, CancellationToken cancellationToken)
    {
        IReadOnlyList<Field> fields =
        [
            new Field("Energy", new NumericValue(EnergyWattHours, Units.WattHour, _energyDecimals), timestamp),
            new Field("Power", new NumericValue(GetPower(_timeProvider.GetUtcNow()), Units.Watt, 1), timestamp),
            new Field("Pulses", new LongValue(Pulses), timestamp),
        ];
        return ValueTask.FromResult(fields);
    }

    /// <summary>Writes the count now (also done on every pulse per the persist interval, and on dispose).</summary>
    public void Persist()
    {
        if (_options.StatePath is not string path)
        {
            return;
        }

        long pulses = Pulses;
        try
        {
            AtomicFile.WriteAllText(path, pulses.ToString(CultureInfo.InvariantCulture) + "\n");
            lock (_lock)
            {
                _persistedPulses = pulses;
                _lastPersist = _timeProvider.GetUtcNow();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.PulseCountPersistFailed(_logger, path, e);
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return ValueTask.CompletedTask;
            }

            _disposed = true;
        }

        _input.Changed -= OnChanged;
        if (Pulses != Interlocked.Read(ref _persistedPulses))
        {
            Persist();
        }

        if (_shouldDispose)
        {
            _input.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private void OnChanged(object? sender, DigitalInputChangedEventArgs e)
    {
        if (!e.IsActive)
        {
            return;
        }

        bool persist;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _pulses++;
            if (_lastPulse is DateTimeOffset last)
            {
                _lastPeriod = e.Timestamp - last;
            }

            _lastPulse = e.Timestamp;
            persist = _timeProvider.GetUtcNow() - _lastPersist >= _options.PersistInterval;
        }

        if (persist)
        {
            Persist();
        }
    }

    private long Restore()
    {
        if (_options.StatePath is not string path || !File.Exists(path))
        {
            return 0;
        }

        try
        {
            string text = File.ReadAllText(path).Trim();
            long pulses = long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
            Log.PulseCountRestored(_logger, pulses, path);
            return pulses;
        }
        catch (Exception e) when (e is IOException or FormatException or OverflowException or UnauthorizedAccessException)
        {
            Log.PulseCountUnreadable(_logger, path, e);
            return 0;
        }
    }
}
