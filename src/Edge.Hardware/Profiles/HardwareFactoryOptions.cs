using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Hardware.Profiles;

/// <summary>What <see cref="HardwareFactory.Create"/> needs besides the profile.</summary>
public sealed class HardwareFactoryOptions
{
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;

    /// <summary>Where drivers keep state across restarts (S0 pulse counts) and the sim profile its w1 tree.</summary>
    public string DataDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "edge-hardware");

    /// <summary>
    /// The hook for <c>firmwareBridge</c> sensor entries, implemented in <c>Edge.Hardware.FirmwareBridge</c>: it gets
    /// the entry (its <see cref="SensorSpec.Settings"/> hold the serial path etc.) and these options, and returns the
    /// sensor. When it is <c>null</c>, a <see cref="FirmwareBridge.FirmwareBridgeSensor"/> opens the entry's port.
    /// </summary>
    public Func<SensorSpec, HardwareFactoryOptions, ISensor>? FirmwareBridgeFactory { get; set; }
}
