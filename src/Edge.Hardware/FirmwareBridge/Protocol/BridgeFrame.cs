namespace Edge.Hardware.FirmwareBridge.Protocol;

/// <summary>A decoded firmware-bridge frame (PROTOCOL.md §2). <see cref="BridgeFrameCodec"/> reads and writes them.</summary>
public abstract record BridgeFrame
{
    private protected BridgeFrame()
    {
    }

    public abstract BridgeFrameType Type { get; }
}
