using Edge.Testing.FirmwareBridge;

namespace Edge.Hardware.Tests.FirmwareBridge;

/// <summary>Files of firmware-bridge/ the tests read (the virtual MCU itself is <see cref="VirtualMcu"/>).</summary>
internal static class FirmwareBridgeFiles
{
    public static string VectorsPath => Path.Combine(VirtualMcu.FirmwareRoot, "vectors", "frames.txt");
}
