using System.Globalization;
using System.Text.Json;
using Edge.Agent.Internal;
using Edge.Hardware.Profiles;

namespace Edge.Agent.Doctor;

/// <summary>
/// The device files a hardware profile needs (GPIO chip, I2C bus, 1-Wire devices, serial ports) and whether the
/// agent's user may open them: <c>edge doctor</c>'s <c>device</c> lines. A simulated profile needs none.
/// </summary>
public static class DeviceChecks
{
    /// <summary>The GPIO character device System.Device.Gpio opens (chip 0: the header's pins on a Raspberry Pi).</summary>
    public const string GpioChip = "/dev/gpiochip0";

    private static readonly string[] I2cKinds = ["bme280", "ina219", "ads1115"];
    private static readonly string[] GpioKinds = ["dht22", "s0", "digitalInput"];

    /// <summary>What a profile opens, each with who needs it and how to fix its absence.</summary>
    public static IReadOnlyList<DeviceNeed> Needs(HardwareProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var needs = new List<DeviceNeed>();
        if (profile.Simulated)
        {
            return needs;
        }

        void Add(string path, string user, string group, string missing)
        {
            var index = needs.FindIndex(n => n.Path == path);
            if (index < 0)
            {
                needs.Add(new DeviceNeed(path, [user], group, missing));
            }
            else
            {
                needs[index] = needs[index] with { Users = [.. needs[index].Users, user] };
            }
        }

        foreach (var sensor in profile.Sensors)
        {
            if (I2cKinds.Contains(sensor.Kind))
            {
                Add("/dev/i2c-" + profile.I2cBus.ToString(CultureInfo.InvariantCulture), sensor.Id, "i2c",
                    "enable I2C (dtparam=i2c_arm=on in config.txt, see hardware/config-txt.md) and check the profile's i2cBus");
            }
            else if (GpioKinds.Contains(sensor.Kind))
            {
                Add(GpioChip, sensor.Id, "gpio", "this kernel offers no GPIO character device: is this the device the profile was written for?");
            }
            else if (sensor.Kind == "ds18b20")
            {
                Add(profile.W1DevicesPath, sensor.Id, string.Empty,
                    "enable 1-Wire (dtoverlay=w1-gpio in config.txt, see hardware/config-txt.md) and check the sensor's wiring");
            }
            else if (sensor.Kind == "modbus" && Text(sensor.Settings, "bus") is { } busId
                     && profile.SerialBuses.FirstOrDefault(b => b.Id == busId) is { } bus)
            {
                Add(bus.Port, sensor.Id, "dialout", "plug the adapter in, or correct the bus's port (ls -l /dev/serial/by-id/)");
            }
            else if (sensor.Kind == "firmwareBridge" && Text(sensor.Settings, "port") is { } port)
            {
                Add(port, sensor.Id, "dialout", "check the cable and the port name; a Pi's PL011 UART needs enable_uart=1 (hardware/config-txt.md)");
            }
        }

        foreach (var relay in profile.Relays)
        {
            Add(GpioChip, relay.Id, "gpio", "this kernel offers no GPIO character device: is this the device the profile was written for?");
        }

        return needs;
    }

    public static IEnumerable<DoctorFinding> Check(HardwareProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var needs = Needs(profile);
        if (needs.Count == 0)
        {
            yield return DoctorFinding.Ok("device", profile.Simulated
                ? $"simulated profile '{profile.Name}': no device files to open"
                : $"profile '{profile.Name}' opens no device files");
            yield break;
        }

        var user = Environment.UserName;
        foreach (var need in needs)
        {
            var who = string.Join(", ", need.Users);
            if (!File.Exists(need.Path) && !Directory.Exists(need.Path))
            {
                yield return DoctorFinding.Failed("device", $"{need.Path} (for {who}) does not exist", need.Missing);
            }
            else if (need.Group.Length > 0 && !Posix.CanReadWrite(need.Path))
            {
                yield return DoctorFinding.Failed("device", $"{user} may not read and write {need.Path} (for {who})",
                    $"add the user to the device's group: sudo adduser {user} {need.Group} (ls -l {need.Path} shows the group), then restart the agent");
            }
            else
            {
                yield return DoctorFinding.Ok("device", $"{need.Path} (for {who})");
            }
        }
    }

    private static string? Text(JsonElement settings, string key) =>
        settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

/// <summary>A device file a profile opens: its path, the nodes that need it, the group that usually owns it (empty: a
/// directory that is only read), and what to do when it is missing.</summary>
public sealed record DeviceNeed(string Path, IReadOnlyList<string> Users, string Group, string Missing);
