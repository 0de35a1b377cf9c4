namespace Edge.Hardware.FirmwareBridge.Protocol;

/// <summary>
/// The receiver of PROTOCOL.md §4: accumulates bytes up to each 0x00 delimiter, decodes and checks the frame, counts
/// and drops what is broken and resynchronises at the next delimiter. Not thread-safe: one reader per receive loop.
/// </summary>
public sealed class BridgeFrameReader
{
    private readonly byte[] _buffer = new byte[BridgeFrameCodec.MaxEncodedLength];
    private readonly long[] _errors = new long[(int)BridgeFrameError.Malformed + 1];
    private int _length;
    private bool _discarding;

    /// <summary>Good frames delivered.</summary>
    public long Frames { get; private set; }

    /// <summary>How many frames were dropped for <paramref name="error"/>.</summary>
    public long GetErrorCount(BridgeFrameError error) => _errors[(int)error];

    /// <summary>
    /// Feeds one byte. Returns true when a frame ended: then either <paramref name="frame"/> is set, or
    /// <paramref name="error"/> says why the frame was dropped (already counted).
    /// </summary>
    public bool Push(byte value, out BridgeFrame? frame, out BridgeFrameError error)
    {
        frame = null;
        error = BridgeFrameError.None;
        if (_discarding)
        {
            _discarding = value != 0;
            return false;
        }

        if (value != 0)
        {
            if (_length >= _buffer.Length)
            {
                _length = 0;
                _discarding = true;
                error = BridgeFrameError.Oversize;
                _errors[(int)error]++;
                return true;
            }

            _buffer[_length++] = value;
            return false;
        }

        if (_length == 0)
        {
            return false; // idle fill
        }

        error = BridgeFrameCodec.TryDecode(_buffer.AsSpan(0, _length), out frame);
        _length = 0;
        if (error == BridgeFrameError.None)
        {
            Frames++;
        }
        else
        {
            _errors[(int)error]++;
        }

        return true;
    }
}
