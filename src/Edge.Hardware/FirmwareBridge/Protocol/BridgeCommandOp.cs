namespace Edge.Hardware.FirmwareBridge.Protocol;

/// <summary>The operations of a COMMAND frame.</summary>
public enum BridgeCommandOp : byte
{
    /// <summary>Drive a digital output: value 0 or 1.</summary>
    SetOutput = 1,

    /// <summary>Set a pulse counter to a count (u32).</summary>
    SetCounter = 2,
}
