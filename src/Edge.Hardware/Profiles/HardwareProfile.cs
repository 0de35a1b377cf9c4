using System.Text.Json;
using Edge.Hardware.Gpio;
using Edge.Hardware.I2c.Ads1115;
using Edge.Hardware.Internal;
using Edge.Hardware.Modbus;
using Edge.Hardware.Serial;

namespace Edge.Hardware.Profiles;

/// <summary>
/// Which sensor sits on which bus, pin or address (<c>hardware/profiles/*.json</c>). Loading validates every key
/// and throws a <see cref="ProfileException"/> naming the bad key's JSON path; unknown keys are errors.
/// <see cref="HardwareFactory"/> turns a profile into a <see cref="HardwareSet"/>.
/// </summary>
public sealed record HardwareProfile(string Name, string? Description, bool Simulated, int I2cBus, string W1DevicesPath,
    IReadOnlyList<SerialBusSpec> SerialBuses, IReadOnlyList<SensorSpec> Sensors, IReadOnlyList<RelaySpec> Relays,
    GridMeterSpec? GridMeter = null)
{
    public static HardwareProfile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllText(path), Path.GetFileName(path), Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <param name="json">The profile text.</param>
    /// <param name="source">The name errors quote (the file name).</param>
    /// <param name="baseDirectory">Where relative paths resolve; meters are looked up in <c>../meters/</c> from here.</param>
    public static HardwareProfile Parse(string json, string source, string baseDirectory)
    {
        using (JsonDocument document = JsonObjectReader.ParseDocument(json, source))
        {
            var root = new JsonObjectReader(source, string.Empty, document.RootElement);
            string name = root.String("name");
            string? description = root.OptionalString("description");
            bool simulated = root.Bool("simulated", false);
            int i2cBus = root.Int("i2cBus", 1, 0, 255);
            string w1 = root.OptionalString("w1DevicesPath") ?? OneWire.Ds18b20.DefaultDevicesPath;
            var ids = new HashSet<string>(StringComparer.Ordinal);
            var pins = new Dictionary<int, string>();

            var buses = new List<SerialBusSpec>();
            foreach (JsonObjectReader b in root.Objects("serialBuses"))
            {
                var bus = new SerialBusSpec(b.String("id"), b.String("port"), b.Int("baud", 9600, 300, 4_000_000),
                    b.Enum<Parity>("parity", Parity.None), b.Enum<StopBits>("stopBits", StopBits.One),
                    b.Milliseconds("timeoutMs", 1000), b.Int("retries", 2, 0, 10));
                b.RejectUnknownKeys();

                // What termios can set (SerialPortSettings): refused here with the key's path, not at first open.
                if (SerialPortSettings.BaudRateError(bus.BaudRate) is { } baudError)
                {
                    throw b.Error(b.KeyPath("baud"), baudError);
                }

                if (SerialPortSettings.StopBitsError(bus.StopBits) is { } stopError)
                {
                    throw b.Error(b.KeyPath("stopBits"), stopError);
                }

                if (buses.Any(x => x.Id == bus.Id))
                {
                    throw b.Error(b.KeyPath("id"), $"serial bus '{bus.Id}' is defined twice");
                }

                buses.Add(bus);
            }

            var sensors = new List<SensorSpec>();
            foreach (JsonObjectReader s in root.Objects("sensors"))
            {
                string id = s.String("id");
                if (!ids.Add(id))
                {
                    throw s.Error(s.KeyPath("id"), $"node id '{id}' is used twice");
                }

                string kind = s.String("kind");
                object? parsed = ParseSensor(s, kind, buses, baseDirectory, pins, id);
                int index = sensors.Count;
                sensors.Add(new SensorSpec(id, kind, s.Path, document.RootElement.GetProperty("sensors")[index].Clone(), parsed));
            }

            var relays = new List<RelaySpec>();
            foreach (JsonObjectReader r in root.Objects("relays"))
            {
                string id = r.String("id");
                if (!ids.Add(id))
                {
                    throw r.Error(r.KeyPath("id"), $"node id '{id}' is used twice");
                }

                int pin = Pin(r, pins, id);
                var options = new RelayOptions
                {
                    ActiveLow = r.Bool("activeLow", false),
                    FailSafeOn = r.Bool("failSafeOn", false),
                    MinimumOnTime = TimeSpan.FromSeconds(r.Double("minOnSeconds", 0, 0, 86400)),
                    MinimumOffTime = TimeSpan.FromSeconds(r.Double("minOffSeconds", 0, 0, 86400)),
                    MaxSwitchingsPerHour = r.Int("maxSwitchingsPerHour", 0, 0, 3600),
                };
                DemandResponseRole? role = null;
                if (r.Object("demandResponse") is { } dr)
                {
                    role = new DemandResponseRole(dr.Int("shedPriority", null, 0, 9), dr.Bool("essential", false),
                        dr.Double("nominalWatts", 0, 0, 1_000_000), dr.Bool("cyclable", false));
                    dr.RejectUnknownKeys();
                }

                r.RejectUnknownKeys();
                relays.Add(new RelaySpec(id, pin, options, role));
            }

            GridMeterSpec? gridMeter = null;
            if (root.Object("gridMeter") is { } g)
            {
                gridMeter = new GridMeterSpec(g.String("sensor"), g.String("importPowerField"), g.OptionalString("importEnergyField"));
                if (sensors.TrueForAll(s => s.Id != gridMeter.Sensor))
                {
                    throw g.Error(g.KeyPath("sensor"), $"'{gridMeter.Sensor}' is not a sensor of this profile");
                }

                g.RejectUnknownKeys();
            }

            root.RejectUnknownKeys();
            return new HardwareProfile(name, description, simulated, i2cBus, w1, buses, sensors, relays, gridMeter);
        }
    }

    private static object? ParseSensor(JsonObjectReader s, string kind, List<SerialBusSpec> buses, string baseDirectory,
        Dictionary<int, string> pins, string id)
    {
        object? parsed;
        switch (kind)
        {
            case "bme280":
                parsed = new Bme280Settings(s.Int("address", 0x76, 0x76, 0x77));
                break;
            case "ina219":
                parsed = new Ina219Settings(s.Int("address", 0x40, 0x40, 0x4F), s.Double("shuntOhms", 0.1, 1e-6, 1e3),
                    s.Double("maxCurrent", 3.2, 1e-6, 1e3));
                break;
            case "ads1115":
                int address = s.Int("address", 0x48, 0x48, 0x4B);
                Ads1115Gain gain = s.Enum<Ads1115Gain>("gain", Ads1115Gain.FullScale4096mV);
                Ads1115DataRate rate = s.Enum<Ads1115DataRate>("dataRate", Ads1115DataRate.Sps128);
                var channels = new List<Ads1115Channel>();
                foreach (JsonObjectReader c in s.Objects("channels", required: true))
                {
                    channels.Add(new Ads1115Channel(c.Int("input", null, 0, 3), c.String("name"),
                        c.OptionalString("unit") ?? "V", c.Int("decimals", 4, 0, 15), c.Double("scale", 1),
                        c.Double("offset", 0)));
                    c.RejectUnknownKeys();
                }

                parsed = new Ads1115Settings(address, gain, rate, channels);
                break;
            case "ds18b20":
                string device = s.String("device");
                if (!device.StartsWith(OneWire.Ds18b20.FamilyPrefix, StringComparison.Ordinal))
                {
                    throw s.Error(s.KeyPath("device"), $"'{device}' is not a DS18B20 id (28-…)");
                }

                parsed = new Ds18b20Settings(device);
                break;
            case "dht22":
                parsed = new Dht22Settings(Pin(s, pins, id));
                break;
            case "s0":
                parsed = new S0Settings(Pin(s, pins, id), s.Double("impulsesPerKwh", 1000, 1e-3, 1e6),
                    s.Milliseconds("debounceMs", 10), s.Milliseconds("persistIntervalMs", 0));
                break;
            case "digitalInput":
                parsed = new DigitalInputSettings(Pin(s, pins, id), s.Milliseconds("debounceMs", 20),
                    s.Bool("activeLow", true), s.Bool("pullUp", true));
                break;
            case "modbus":
                string bus = s.String("bus");
                if (buses.All(b => b.Id != bus))
                {
                    throw s.Error(s.KeyPath("bus"), $"no serial bus '{bus}' in serialBuses");
                }

                byte unit = (byte)s.Int("unit", null, 1, 247);
                string meter = s.String("meter");
                string meterPath = Path.GetFullPath(meter.EndsWith(".json", StringComparison.Ordinal)
                    ? Path.Combine(baseDirectory, meter)
                    : Path.Combine(baseDirectory, "..", "meters", meter + ".json"));
                if (!File.Exists(meterPath))
                {
                    throw s.Error(s.KeyPath("meter"), $"meter profile '{meterPath}' does not exist");
                }

                _ = MeterProfile.Load(meterPath); // validate now, not at first read
                parsed = new ModbusSettings(bus, unit, meterPath);
                break;
            case "firmwareBridge":
                // Owned by the firmware-bridge component: its keys are read by the factory hook, not here.
                return null;
            default:
                throw s.Error(s.KeyPath("kind"),
                    $"'{kind}' is not one of bme280, ina219, ads1115, ds18b20, dht22, s0, digitalInput, modbus, firmwareBridge");
        }

        s.RejectUnknownKeys();
        return parsed;
    }

    private static int Pin(JsonObjectReader r, Dictionary<int, string> pins, string id)
    {
        int pin = r.Int("pin", null, 0, 27);
        if (!pins.TryAdd(pin, id))
        {
            throw r.Error(r.KeyPath("pin"), $"GPIO {pin} is already used by '{pins[pin]}'");
        }

        return pin;
    }
}
