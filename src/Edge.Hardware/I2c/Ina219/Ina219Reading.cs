namespace Edge.Hardware.I2c.Ina219;

/// <summary>One INA219 measurement.</summary>
public readonly record struct Ina219Reading(double BusVolts, double ShuntVolts, double CurrentAmperes, double PowerWatts);
