namespace Edge.Hardware.I2c.Bme280;

/// <summary>BME280 registers (datasheet BST-BME280-DS002, §5.3 memory map, §4.2.2 trimming parameters).</summary>
public enum Bme280Register : byte
{
    /// <summary>Start of dig_T1..dig_P9 and dig_H1 (0x88..0xA1, 26 bytes).</summary>
    Calibration00 = 0x88,
    ChipId = 0xD0,
    Reset = 0xE0,

    /// <summary>Start of dig_H2..dig_H6 (0xE1..0xE7, 7 bytes).</summary>
    Calibration26 = 0xE1,
    ControlHumidity = 0xF2,
    Status = 0xF3,
    ControlMeasurement = 0xF4,
    Config = 0xF5,

    /// <summary>press_msb; the burst 0xF7..0xFE holds pressure, temperature and humidity.</summary>
    PressureMsb = 0xF7,
    TemperatureMsb = 0xFA,
    HumidityMsb = 0xFD,
}
