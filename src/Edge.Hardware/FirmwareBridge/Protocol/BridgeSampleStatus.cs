namespace Edge.Hardware.FirmwareBridge.Protocol;

/// <summary>The status of one sample in a READING.</summary>
public enum BridgeSampleStatus : byte
{
    Ok = 0,

    /// <summary>Sensor or ADC error: the raw value is meaningless.</summary>
    Fault = 1,

    Overrange = 2,
}
