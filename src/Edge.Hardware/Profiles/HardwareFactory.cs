using System.Device.Gpio;
using System.Device.I2c;
using Edge.Hardware.Dht;
using Edge.Hardware.FirmwareBridge;
using Edge.Hardware.Gpio;
using Edge.Hardware.I2c.Ads1115;
using Edge.Hardware.I2c.Bme280;
using Edge.Hardware.I2c.Ina219;
using Edge.Hardware.Internal;
using Edge.Hardware.Modbus;
using Edge.Hardware.OneWire;
using Edge.Hardware.Serial;
using Edge.Hardware.Simulation;
using Edge.Things;
using Microsoft.Extensions.Logging;

namespace Edge.Hardware.Profiles;

/// <summary>
/// Turns a <see cref="HardwareProfile"/> into live drivers: on real buses (GPIO via the default driver, I2C bus
/// <see cref="HardwareProfile.I2cBus"/>, the w1 sysfs tree, serial ports), or — for a profile with
/// <c>"simulated": true</c> — on the simulated twin of every bus, fed with slowly drifting signals.
/// </summary>
public static partial class HardwareFactory
{
    public static HardwareSet Create(HardwareProfile profile, HardwareFactoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(options);
        var owned = new List<IAsyncDisposable>();
        var sensors = new List<ISensor>();
        var relays = new List<Relay>();
        try
        {
            Simulation? sim = profile.Simulated ? new Simulation(options) : null;
            if (sim is not null)
            {
                owned.Add(sim);
            }

            GpioController? gpio = null;
            GpioController Gpio()
            {
                if (gpio is null)
                {
                    gpio = sim is not null ? new GpioController(sim.Gpio) : new GpioController();
                    owned.Add(new DisposableAdapter(gpio));
                }

                return gpio;
            }

            var masters = new Dictionary<string, ModbusRtuMaster>(StringComparer.Ordinal);
            ModbusRtuMaster Master(string busId)
            {
                if (!masters.TryGetValue(busId, out ModbusRtuMaster? master))
                {
                    SerialBusSpec bus = profile.SerialBuses.Single(b => b.Id == busId);
                    Stream stream = sim is not null
                        ? (Stream)sim.ModbusBus(busId)
                        : SerialStreams.OpenSerialPort(bus.Port, bus.BaudRate, bus.Parity, 8, bus.StopBits);
                    master = new ModbusRtuMaster(stream, new ModbusRtuOptions
                    {
                        BaudRate = bus.BaudRate,
                        ResponseTimeout = bus.ResponseTimeout,
                        Retries = bus.Retries,
                    },

                    // The line timing (silence, timeouts) of the in-process simulated bus runs on the real clock:
                    // under a test's fake clock nothing else would advance it. Its meter values follow the fake clock.
                    sim is not null ? TimeProvider.System : options.TimeProvider,
                    options.LoggerFactory.CreateLogger("Edge.Hardware.Modbus"));
                    masters[busId] = master;
                    owned.Add(master);
                }

                return master;
            }

            ILogger logger = options.LoggerFactory.CreateLogger("Edge.Hardware.Sensors");
            foreach (SensorSpec spec in profile.Sensors)
            {
                var node = new ThingReference(spec.Id);
                ISensor? sensor = spec.Parsed switch
                {
                    Bme280Settings s => new Bme280Sensor(node,
                        () => new Bme280(sim?.Bme280(s.Address) ?? I2cDevice.Create(new I2cConnectionSettings(profile.I2cBus, s.Address))),
                        logger),
                    Ina219Settings s => new Ina219Sensor(node,
                        () => new Ina219(sim?.Ina219(s.Address, s.ShuntOhms) ?? I2cDevice.Create(new I2cConnectionSettings(profile.I2cBus, s.Address)),
                            s.ShuntOhms, s.MaxCurrent),
                        logger),
                    Ads1115Settings s => new Ads1115Sensor(node,
                        () => new Ads1115(sim?.Ads1115(s.Address) ?? I2cDevice.Create(new I2cConnectionSettings(profile.I2cBus, s.Address)),
                            s.Gain, s.DataRate),
                        s.Channels, logger),
                    Ds18b20Settings s when sim is not null => sim.OnW1(new Ds18b20Sensor(node, new Ds18b20(s.Device, sim.W1(s.Device)), logger)),
                    Ds18b20Settings s => new Ds18b20Sensor(node, new Ds18b20(s.Device, profile.W1DevicesPath), logger),
                    Dht22Settings s => new Dht22Sensor(node,
                        (IDht22PulseSource?)sim?.Dht22() ?? new GpioDht22PulseSource(Gpio(), s.Pin), logger),
                    S0Settings s => CreateS0(node, s, Gpio(), sim, options, logger),
                    DigitalInputSettings s => CreateInput(node, s, Gpio(), sim, options),
                    ModbusSettings s => new ModbusMeter(node, Master(s.Bus), s.Unit,
                        sim?.Meter(s.Bus, s.Unit, s.MeterPath, profile.GridMeter is { } g && g.Sensor == spec.Id ? g : null,
                            () => SwitchedWatts(profile, relays)) ?? MeterProfile.Load(s.MeterPath),
                        logger),
                    _ => CreateFirmwareBridge(spec, options),
                };
                if (sensor is not null)
                {
                    sensors.Add(sensor);
                }
            }

            foreach (RelaySpec r in profile.Relays)
            {
                relays.Add(new Relay(Gpio(), r.Pin, new ThingReference(r.Id), r.Options, options.TimeProvider,
                    options.LoggerFactory.CreateLogger("Edge.Hardware.Relays")));
            }

            sim?.Start();
            Log.ProfileOpened(logger, profile.Name, sensors.Count, relays.Count, profile.Simulated);
            return new HardwareSet(profile, sensors, relays, owned);
        }
        catch
        {
            foreach (Relay r in relays)
            {
                r.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            foreach (ISensor s in sensors)
            {
                s.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            foreach (IAsyncDisposable o in owned)
            {
                o.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            throw;
        }
    }

    /// <summary>The nominal power of the relays that are on (the simulated grid meter's switched load).</summary>
    private static double SwitchedWatts(HardwareProfile profile, List<Relay> relays)
    {
        double watts = 0;
        for (int i = 0; i < relays.Count && i < profile.Relays.Count; i++)
        {
            if (relays[i].IsOn && profile.Relays[i].DemandResponse is { } role)
            {
                watts += role.NominalWatts;
            }
        }

        return watts;
    }

    private static S0PulseCounter CreateS0(ThingReference node, S0Settings s, GpioController gpio, Simulation? sim,
        HardwareFactoryOptions options, ILogger logger)
    {
        var input = new DigitalInput(gpio, s.Pin, new DigitalInputOptions { Debounce = s.Debounce }, options.TimeProvider);
        sim?.AddS0(s.Pin, s.ImpulsesPerKwh);
        return new S0PulseCounter(input, node, new S0PulseCounterOptions
        {
            ImpulsesPerKilowattHour = s.ImpulsesPerKwh,
            PersistInterval = s.PersistInterval,
            StatePath = Path.Combine(options.DataDirectory, "s0", node.NodeId + ".count"),
        }, options.TimeProvider, logger);
    }

    private static DigitalInputSensor CreateInput(ThingReference node, DigitalInputSettings s, GpioController gpio,
        Simulation? sim, HardwareFactoryOptions options)
    {
        var input = new DigitalInput(gpio, s.Pin, new DigitalInputOptions
        {
            Debounce = s.Debounce,
            ActiveLow = s.ActiveLow,
            Mode = s.PullUp ? PinMode.InputPullUp : PinMode.InputPullDown,
        }, options.TimeProvider);
        sim?.AddToggle(s.Pin);
        return new DigitalInputSensor(node, input);
    }

    private static ISensor CreateFirmwareBridge(SensorSpec spec, HardwareFactoryOptions options) =>
        // The option stays an override hook (a test double, another transport); by default the entry's serial port
        // is opened lazily by the sensor, so a missing MCU is a Missing | Error field, not a failed profile.
        options.FirmwareBridgeFactory is { } factory ? factory(spec, options) : new FirmwareBridgeSensor(spec, options);

    private sealed class DisposableAdapter(IDisposable inner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
