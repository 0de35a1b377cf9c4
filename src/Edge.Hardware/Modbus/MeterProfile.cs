using System.Text.Json;
using Edge.Hardware.Internal;

namespace Edge.Hardware.Modbus;

/// <summary>
/// A meter's register map, loaded from JSON (<c>hardware/meters/*.json</c>): data, not code, so a new meter model
/// is a new file. Every key is validated; an error names its JSON path.
/// </summary>
public sealed record MeterProfile(string Name, ModbusWordOrder WordOrder, int MaxRegistersPerRead,
    IReadOnlyList<MeterRegister> Registers)
{
    public static MeterProfile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllText(path), Path.GetFileName(path));
    }

    public static MeterProfile Parse(string json, string source)
    {
        using (JsonDocument document = JsonObjectReader.ParseDocument(json, source))
        {
            var root = new JsonObjectReader(source, string.Empty, document.RootElement);
            string name = root.String("name");
            _ = root.OptionalString("description");
            _ = root.OptionalString("source");
            ModbusWordOrder order = root.Enum<ModbusWordOrder>("wordOrder", ModbusWordOrder.HighFirst);
            int max = root.Int("maxRegistersPerRead", 80, 1, 125);
            var registers = new List<MeterRegister>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonObjectReader r in root.Objects("registers", required: true))
            {
                var register = new MeterRegister(
                    r.String("name"),
                    (ushort)r.Int("address", null, 0, 0xFFFF),
                    r.Enum<ModbusRegisterBank>("bank", ModbusRegisterBank.Input),
                    r.Enum<ModbusValueType>("type", ModbusValueType.Float32),
                    r.OptionalString("unit") ?? string.Empty,
                    r.Int("decimals", 2, 0, 15),
                    r.Double("scale", 1));
                _ = r.OptionalString("description");
                r.RejectUnknownKeys();
                if (!names.Add(register.Name))
                {
                    throw r.Error(r.KeyPath("name"), $"'{register.Name}' appears twice");
                }

                if (register.Length > max)
                {
                    throw r.Error(r.KeyPath("type"), "is longer than maxRegistersPerRead");
                }

                registers.Add(register);
            }

            if (registers.Count == 0)
            {
                throw root.Error("registers", "must list at least one register");
            }

            root.RejectUnknownKeys();
            return new MeterProfile(name, order, max, registers);
        }
    }

    /// <summary>Groups the registers of one bank into reads of at most <see cref="MaxRegistersPerRead"/>.</summary>
    public IReadOnlyList<(ModbusRegisterBank Bank, ushort Start, ushort Count, MeterRegister[] Values)> PlanReads(
        int maxGap = 8)
    {
        var plan = new List<(ModbusRegisterBank, ushort, ushort, MeterRegister[])>();
        foreach (IGrouping<ModbusRegisterBank, MeterRegister> bank in Registers.GroupBy(r => r.Bank))
        {
            var current = new List<MeterRegister>();
            int start = 0;
            int end = 0;
            foreach (MeterRegister r in bank.OrderBy(r => r.Address))
            {
                if (current.Count > 0 && (r.Address - end > maxGap || r.Address + r.Length - start > MaxRegistersPerRead))
                {
                    plan.Add((bank.Key, (ushort)start, (ushort)(end - start), [.. current]));
                    current.Clear();
                }

                if (current.Count == 0)
                {
                    start = r.Address;
                }

                current.Add(r);
                end = Math.Max(end, r.Address + r.Length);
            }

            if (current.Count > 0)
            {
                plan.Add((bank.Key, (ushort)start, (ushort)(end - start), [.. current]));
            }
        }

        return plan;
    }
}
