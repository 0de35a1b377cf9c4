using System.Globalization;
using System.Text;
using Edge.Hardware.FirmwareBridge;
using Edge.Hardware.FirmwareBridge.Protocol;

namespace Edge.Hardware.Tests.FirmwareBridge;

/// <summary>The canonical text of a frame (PROTOCOL.md §6), the same as firmware-bridge/host/frame_text.c writes.</summary>
internal static class VectorText
{
    public static string Format(BridgeFrame frame) => frame switch
    {
        HelloFrame h => Invariant($"HELLO cmd={h.CommandId} min={h.MinVersion} max={h.MaxVersion}"),
        AnnounceFrame a => Invariant($"ANNOUNCE min={a.MinVersion} max={a.MaxVersion} device=0x{a.DeviceId:X8}"),
        HelloAckFrame h => Invariant(
            $"HELLO_ACK cmd={h.CommandId} version={h.Version} channels={h.ChannelCount} device=0x{h.DeviceId:X8} fw={h.FirmwareMajor}.{h.FirmwareMinor} model={h.Model}"),
        ChannelFrame c => Invariant(
            $"CHANNEL index={c.Index} kind={Kind(c.Kind)} decimals={c.Decimals} period={c.PeriodMilliseconds} zero={c.Zero} num={c.Numerator} den={c.Denominator} unit={c.Unit} name={c.Name}"),
        ReadingFrame r => Reading(r),
        CommandFrame c => Invariant(
            $"COMMAND cmd={c.CommandId} op={(c.Op == BridgeCommandOp.SetOutput ? "set_output" : c.Op == BridgeCommandOp.SetCounter ? "set_counter" : ((byte)c.Op).ToString(CultureInfo.InvariantCulture))} channel={c.Channel} value={c.Value}"),
        AckFrame a => Invariant($"ACK cmd={a.CommandId}"),
        NakFrame n => Invariant($"NAK cmd={n.CommandId} reason={Reason(n.Reason)}"),
        _ => throw new ArgumentOutOfRangeException(nameof(frame)),
    };

    public static string Error(BridgeFrameError error) => error.ToString().ToLowerInvariant();

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Reading(ReadingFrame r)
    {
        var sb = new StringBuilder(Invariant($"READING seq={r.Sequence} tick={r.TickMilliseconds}"));
        foreach (BridgeSample s in r.Samples)
        {
            sb.Append(Invariant($" {s.Index}:{s.Status.ToString().ToLowerInvariant()}:{s.Raw}"));
        }

        return sb.ToString();
    }

    private static string Kind(FirmwareBridgeChannelKind kind) => kind.ToString().ToLowerInvariant();

    private static string Reason(FirmwareBridgeNakReason reason) => reason switch
    {
        FirmwareBridgeNakReason.UnknownType => "unknown_type",
        FirmwareBridgeNakReason.Malformed => "malformed",
        FirmwareBridgeNakReason.BadChannel => "bad_channel",
        FirmwareBridgeNakReason.BadValue => "bad_value",
        FirmwareBridgeNakReason.UnsupportedVersion => "unsupported_version",
        FirmwareBridgeNakReason.NotReady => "not_ready",
        FirmwareBridgeNakReason.UnknownOp => "unknown_op",
        _ => ((byte)reason).ToString(CultureInfo.InvariantCulture),
    };
}
