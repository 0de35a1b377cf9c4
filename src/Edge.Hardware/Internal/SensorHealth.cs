using Edge.Things;
using Microsoft.Extensions.Logging;

namespace Edge.Hardware.Internal;

/// <summary>
/// Remembers whether a sensor's last read failed, so the failure is logged once when it starts (or its reason
/// changes) and the recovery once when it ends — not once per sampling cycle.
/// </summary>
internal sealed class SensorHealth(ILogger logger, string node)
{
    private readonly Lock _lock = new();
    private string? _failure;

    public bool IsFailing
    {
        get
        {
            lock (_lock)
            {
                return _failure is not null;
            }
        }
    }

    public string? LastFailure
    {
        get
        {
            lock (_lock)
            {
                return _failure;
            }
        }
    }

    public void Failed(string reason, Exception? exception = null)
    {
        lock (_lock)
        {
            if (_failure == reason)
            {
                return;
            }

            _failure = reason;
        }

        Log.SensorFailed(logger, node, reason, exception);
    }

    public void Succeeded()
    {
        lock (_lock)
        {
            if (_failure is null)
            {
                return;
            }

            _failure = null;
        }

        Log.SensorRecovered(logger, node);
    }

    /// <summary>A field reporting that its value could not be read.</summary>
    public static Field Missing(string name, string unit, int decimals, DateTimeOffset timestamp,
        ReadoutTypes types = ReadoutTypes.Momentary) =>
        new(name, new NumericValue(0, unit, decimals), timestamp, types, FieldQoS.Missing | FieldQoS.Error);
}
