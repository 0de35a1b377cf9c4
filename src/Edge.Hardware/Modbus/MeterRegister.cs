namespace Edge.Hardware.Modbus;

/// <summary>One value of a meter profile: where it is, how it is encoded, and the field it becomes.</summary>
public sealed record MeterRegister(string Name, ushort Address, ModbusRegisterBank Bank, ModbusValueType Type,
    string Unit, int Decimals, double Scale = 1)
{
    /// <summary>How many registers the value occupies.</summary>
    public int Length => Type is ModbusValueType.Int16 or ModbusValueType.UInt16 ? 1 : 2;

    /// <summary>Decodes the value from its registers (scaled).</summary>
    public double Decode(ReadOnlySpan<ushort> registers, ModbusWordOrder order)
    {
        if (Length == 1)
        {
            return (Type == ModbusValueType.Int16 ? (short)registers[0] : registers[0]) * Scale;
        }

        uint raw = order == ModbusWordOrder.HighFirst
            ? ((uint)registers[0] << 16) | registers[1]
            : ((uint)registers[1] << 16) | registers[0];
        return Type switch
        {
            ModbusValueType.Float32 => BitConverter.UInt32BitsToSingle(raw) * Scale,
            ModbusValueType.Int32 => (int)raw * Scale,
            _ => raw * Scale,
        };
    }

    /// <summary>Encodes a value into its registers (for simulated slaves).</summary>
    public void Encode(double value, Span<ushort> registers, ModbusWordOrder order)
    {
        double raw = value / Scale;
        if (Length == 1)
        {
            registers[0] = Type == ModbusValueType.Int16 ? (ushort)(short)Math.Round(raw) : (ushort)Math.Round(raw);
            return;
        }

        uint bits = Type switch
        {
            ModbusValueType.Float32 => BitConverter.SingleToUInt32Bits((float)raw),
            ModbusValueType.Int32 => (uint)(int)Math.Round(raw),
            _ => (uint)Math.Round(raw),
        };
        (ushort first, ushort second) = order == ModbusWordOrder.HighFirst
            ? ((ushort)(bits >> 16), (ushort)bits)
            : ((ushort)bits, (ushort)(bits >> 16));
        registers[0] = first;
        registers[1] = second;
    }
}
