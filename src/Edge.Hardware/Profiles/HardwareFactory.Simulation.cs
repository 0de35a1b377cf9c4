using System.Device.Gpio;
using System.Device.I2c;
using Edge.Hardware.Dht;
using Edge.Hardware.I2c.Bme280;
using Edge.Hardware.Modbus;
using Edge.Hardware.Simulation;
using Edge.Things;

namespace Edge.Hardware.Profiles;

/// <summary>
/// The simulated twin of every bus for a <c>"simulated": true</c> profile, with drifting signals. A twin costs what a
/// kernel read costs: its value is computed when a driver reads it (the I2C register files, the Modbus slave, the
/// DHT22 capture, and the 1-Wire files, written just before their sensor reads them). Only what a real input does
/// on its own moves on timers: each S0 pulse (its two edges, the next pulse timed from the power at the last), and the
/// door contact (every 17 s). No tick runs while nothing happens.
/// </summary>
public static partial class HardwareFactory
{
    private sealed class Simulation(HardwareFactoryOptions options) : IAsyncDisposable
    {
        private static readonly TimeSpan DoorPeriod = TimeSpan.FromSeconds(17);
        private readonly Lock _lock = new();
        private readonly TimeProvider _time = options.TimeProvider;
        private readonly DateTimeOffset _start = options.TimeProvider.GetUtcNow();
        private readonly Dictionary<int, I2cDevice> _i2c = [];
        private readonly Dictionary<string, SimulatedModbusSlaveStream> _modbus = new(StringComparer.Ordinal);
        private readonly List<string> _w1Devices = [];
        private readonly List<(int Pin, double ImpulsesPerKwh)> _s0 = [];
        private readonly List<int> _toggles = [];
        private readonly List<ITimer> _timers = [];
        private SimulatedW1Tree? _w1;

        public SimulatedGpioDriver Gpio { get; } = new(28, options.TimeProvider);

        public I2cDevice Bme280(int address) => I2c(address, () => new SimulatedBme280((byte)address, null, _time)
        {
            Environment = now =>
            {
                double t = Seconds(now);
                return new Bme280Reading(
                    21.5 + (1.5 * Math.Sin(2 * Math.PI * t / 600)) + (0.05 * Math.Sin(2 * Math.PI * t / 7)),
                    101_325 + (150 * Math.Sin(2 * Math.PI * t / 3600)) + (3 * Math.Sin(2 * Math.PI * t / 11)),
                    45 + (5 * Math.Sin(2 * Math.PI * t / 900)) + (0.3 * Math.Sin(2 * Math.PI * t / 13)));
            },
        });

        public I2cDevice Ina219(int address, double shuntOhms) => I2c(address, () => new SimulatedIna219((byte)address, _time)
        {
            Signal = now =>
            {
                double t = Seconds(now);
                double amps = 1.2 + (0.6 * Math.Sin(2 * Math.PI * t / 120)) + (0.02 * Math.Sin(2 * Math.PI * t / 3));
                return (12.1 + (0.2 * Math.Sin(2 * Math.PI * t / 45)), amps * shuntOhms);
            },
        });

        public I2cDevice Ads1115(int address) => I2c(address, () => new SimulatedAds1115((byte)address, _time)
        {
            Signal = (channel, now) => 1.0 + (0.5 * channel)
                + (0.2 * Math.Sin(2 * Math.PI * Seconds(now) / (60 + (17 * channel)))),
        });

        public string W1(string device)
        {
            lock (_lock)
            {
                // In memory (/dev/shm), as /sys is: no part of the data disk (a full data disk leaves the simulated bus
                // alone), and a rewrite costs no disk work.
                _w1 ??= new SimulatedW1Tree();
                _w1Devices.Add(device);
                UpdateW1(_time.GetUtcNow());
                return _w1.Root;
            }
        }

        /// <summary>A DS18B20 on the simulated w1 tree: its file is brought up to date as the sensor reads it.</summary>
        public ISensor OnW1(ISensor sensor) => new ReadHook(sensor, () =>
        {
            lock (_lock)
            {
                UpdateW1(_time.GetUtcNow());
            }
        });

        public SimulatedDht22 Dht22() => new SimulatedDht22(now =>
        {
            double t = Seconds(now);
            return new Dht22Reading(50 + (4 * Math.Sin(2 * Math.PI * t / 700)), 22 + Math.Sin(2 * Math.PI * t / 500));
        }, _time);

        public void AddS0(int pin, double impulsesPerKwh)
        {
            lock (_lock)
            {
                _s0.Add((pin, impulsesPerKwh));
            }
        }

        public void AddToggle(int pin)
        {
            lock (_lock)
            {
                _toggles.Add(pin);
            }
        }

        public SimulatedModbusSlaveStream ModbusBus(string busId)
        {
            lock (_lock)
            {
                if (!_modbus.TryGetValue(busId, out SimulatedModbusSlaveStream? stream))
                {
                    stream = new SimulatedModbusSlaveStream(_time);
                    _modbus[busId] = stream;
                }

                return stream;
            }
        }

        /// <summary>
        /// A simulated meter on <paramref name="busId"/>. The site's grid meter (<paramref name="grid"/> set) imports
        /// a drifting base load plus <paramref name="switchedWatts"/> (the relays that are on): its import power field
        /// carries the total, the other power registers a third each, and its import energy counter integrates it.
        /// </summary>
        public MeterProfile Meter(string busId, byte unitId, string meterPath, GridMeterSpec? grid = null,
            Func<double>? switchedWatts = null)
        {
            MeterProfile profile = MeterProfile.Load(meterPath);
            int size = profile.Registers.Max(r => r.Address + r.Length) + 1;
            var unit = new SimulatedModbusUnit(size, 16);
            if (grid is null)
            {
                unit.Update = (u, now) => FillMeter(profile, u, Seconds(now), unitId, null);
            }
            else
            {
                var energy = new GridEnergy(Seconds(_time.GetUtcNow()));
                unit.Update = (u, now) =>
                {
                    double t = Seconds(now);
                    double watts = BaseLoad(t, unitId) + (switchedWatts?.Invoke() ?? 0);
                    FillMeter(profile, u, t, unitId, (grid, watts, energy.Add(t, watts)));
                };
            }

            _ = ModbusBus(busId).AddUnit(unitId, unit);
            return profile;
        }

        /// <summary>Starts the inputs that move on their own: each S0 meter's pulses and the door contacts.</summary>
        public void Start()
        {
            lock (_lock)
            {
                foreach ((int pin, double imp) in _s0)
                {
                    ITimer? pulses = null;
                    pulses = _time.CreateTimer(_ => Pulse(pin, imp, pulses!), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                    _timers.Add(pulses);
                    _ = pulses.Change(PulsePeriod(imp), Timeout.InfiniteTimeSpan);
                }

                if (_toggles.Count > 0)
                {
                    _timers.Add(_time.CreateTimer(_ => Toggle(), null, DoorPeriod, DoorPeriod));
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            ITimer[] timers;
            lock (_lock)
            {
                timers = [.. _timers];
                _timers.Clear();
            }

            foreach (ITimer timer in timers)
            {
                await timer.DisposeAsync().ConfigureAwait(false);
            }

            Gpio.Dispose();
            foreach (SimulatedModbusSlaveStream s in _modbus.Values)
            {
                await s.DisposeAsync().ConfigureAwait(false);
            }

            foreach (I2cDevice d in _i2c.Values)
            {
                d.Dispose();
            }

            _w1?.Dispose();
        }

        private static double BaseLoad(double t, byte unitId) => 1500 + (800 * Math.Sin(2 * Math.PI * t / 300)) + (unitId * 100);

        private static void FillMeter(MeterProfile profile, SimulatedModbusUnit unit, double t, byte unitId,
            (GridMeterSpec Spec, double Watts, double Kwh)? grid)
        {
            double load = grid?.Watts ?? BaseLoad(t, unitId);
            for (int i = 0; i < profile.Registers.Count; i++)
            {
                MeterRegister r = profile.Registers[i];
                double phase = 2 * Math.PI * i / 7;
                double value = r.Unit switch
                {
                    "V" => 230 + (3 * Math.Sin((2 * Math.PI * t / 240) + phase)),
                    "A" => load / 230 * (1 + (0.1 * Math.Sin(phase))),
                    "W" when grid is { } g => r.Name == g.Spec.ImportPowerField ? load : load / 3,
                    "W" => load * (1 + (0.05 * Math.Sin(phase))),
                    "VA" => load * 1.1,
                    "var" => load * 0.2,
                    "Hz" => 50 + (0.03 * Math.Sin(2 * Math.PI * t / 50)),
                    "kWh" when grid is { } g && r.Name == g.Spec.ImportEnergyField => g.Kwh,
                    "kWh" => r.Name.Contains("Export", StringComparison.OrdinalIgnoreCase) ? 12.5 : 1234.5 + (1.5 * t / 3600),
                    _ => 0.97 + (0.02 * Math.Sin(2 * Math.PI * t / 90)),
                };
                r.Encode(value, unit.InputRegisters.AsSpan(r.Address, r.Length), profile.WordOrder);
            }
        }

        private I2cDevice I2c(int address, Func<I2cDevice> create)
        {
            lock (_lock)
            {
                if (!_i2c.TryGetValue(address, out I2cDevice? device))
                {
                    device = create();
                    _i2c[address] = device;
                }

                return device;
            }
        }

        private double Seconds(DateTimeOffset now) => (now - _start).TotalSeconds;

        /// <summary>The site's base load: 1.5 kW ± 0.8 kW over five minutes.</summary>
        private double S0Watts() => 1500 + (800 * Math.Sin(2 * Math.PI * Seconds(_time.GetUtcNow()) / 300));

        /// <summary>The time to the next S0 pulse at the power of now: one pulse per 1/impulses-per-kWh of energy.</summary>
        private TimeSpan PulsePeriod(double impulsesPerKwh) => TimeSpan.FromSeconds(3_600_000.0 / (S0Watts() * impulsesPerKwh));

        /// <summary>One S0 pulse (active low, 40 ms or half the period if shorter), then the next one timed.</summary>
        private void Pulse(int pin, double impulsesPerKwh, ITimer next)
        {
            TimeSpan period = PulsePeriod(impulsesPerKwh);
            Gpio.SetInput(pin, PinValue.Low);
            Gpio.Schedule(pin, TimeSpan.FromMilliseconds(Math.Min(40, period.TotalMilliseconds / 2)), PinValue.High);
            lock (_lock)
            {
                if (_timers.Contains(next))
                {
                    _ = next.Change(period, Timeout.InfiniteTimeSpan);
                }
            }
        }

        /// <summary>Digital inputs: a door contact that changes every 17 s.</summary>
        private void Toggle()
        {
            lock (_lock)
            {
                foreach (int pin in _toggles)
                {
                    Gpio.SetInput(pin, Gpio.GetLevel(pin) == PinValue.High ? PinValue.Low : PinValue.High);
                }
            }
        }

        private void UpdateW1(DateTimeOffset now)
        {
            for (int i = 0; i < _w1Devices.Count; i++)
            {
                _w1!.SetTemperature(_w1Devices[i], 19 + (2 * i) + (2 * Math.Sin(2 * Math.PI * Seconds(now) / (400 + (50 * i)))));
            }
        }

        /// <summary>The grid meter's import energy counter: the power integrated over the simulation's time.</summary>
        private sealed class GridEnergy(double start)
        {
            private readonly Lock _lock = new();
            private double _last = start;
            private double _kwh = 1234.5;

            public double Add(double t, double watts)
            {
                lock (_lock)
                {
                    if (t > _last)
                    {
                        _kwh += watts * (t - _last) / 3_600_000;
                        _last = t;
                    }

                    return _kwh;
                }
            }
        }

        /// <summary>A sensor whose simulated device is brought up to date just before each read.</summary>
        private sealed class ReadHook(ISensor inner, Action before) : ISensor
        {
            public ThingReference Node => inner.Node;

            public ValueTask<IReadOnlyList<Field>> ReadAsync(DateTimeOffset timestamp, CancellationToken cancellationToken)
            {
                before();
                return inner.ReadAsync(timestamp, cancellationToken);
            }

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
