namespace Edge.Hardware.Modbus;

/// <summary>The register table a value lives in.</summary>
public enum ModbusRegisterBank
{
    /// <summary>Input registers (read-only, function 04; "3xxxx" in vendor manuals).</summary>
    Input,

    /// <summary>Holding registers (function 03/06/16; "4xxxx").</summary>
    Holding,
}
