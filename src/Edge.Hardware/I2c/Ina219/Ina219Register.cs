namespace Edge.Hardware.I2c.Ina219;

/// <summary>INA219 registers (TI SBOS448, §8.6 register map); all 16 bits, MSB first.</summary>
public enum Ina219Register : byte
{
    Configuration = 0x00,
    ShuntVoltage = 0x01,
    BusVoltage = 0x02,
    Power = 0x03,
    Current = 0x04,
    Calibration = 0x05,
}
