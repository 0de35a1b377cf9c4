namespace Edge.Exi.Internal;

/// <summary>
/// A buffered, read-only stream serving bytes already read by the header reader, then the rest of an inner stream.
/// The (pre-)compressed body is read from it one DEFLATE stream after another (§9): <see cref="Inflater"/> takes
/// bytes one at a time through <see cref="ReadByte"/> and so never consumes a byte of the next stream.
/// </summary>
internal sealed class PrefixedStream : Stream
{
    private readonly Stream _inner;
    private byte[] _buffer;
    private int _offset;
    private int _count;

    public PrefixedStream(byte[] head, int offset, int count, Stream inner)
    {
        _inner = inner;
        _buffer = new byte[Math.Max(4096, count)];
        Array.Copy(head, offset, _buffer, 0, count);
        _count = count;
    }

    /// <summary>Gets the number of bytes consumed so far (for error offsets).</summary>
    public long Consumed { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Gets a value indicating whether no byte is left.</summary>
    public bool AtEnd() => _count == 0 && !Fill();

    public override int ReadByte()
    {
        if (_count == 0 && !Fill())
        {
            return -1;
        }

        _count--;
        Consumed++;
        return _buffer[_offset++];
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty || (_count == 0 && !Fill()))
        {
            return 0;
        }

        int n = Math.Min(_count, buffer.Length);
        _buffer.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        _count -= n;
        Consumed += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private bool Fill()
    {
        _offset = 0;
        _count = _inner.Read(_buffer, 0, _buffer.Length);
        return _count > 0;
    }
}
