using System.Buffers;

namespace Edge.Xmpp.Exi;

/// <summary>
/// The buffered bytes of the connection as a stream for one EXI body's decoder, handed out one byte per read: the
/// decoder then pulls exactly the bytes the body occupies (§3.3 pads each body to a byte boundary), so
/// <see cref="Consumed"/> is where the next body starts. <see cref="HitEnd"/> tells "the body is not complete yet"
/// apart from "the body is malformed" when decoding fails.
/// </summary>
internal sealed class ExiBodyInput(ReadOnlySequence<byte> buffer) : Stream
{
    private ReadOnlySequence<byte>.Enumerator _segments = buffer.GetEnumerator();
    private ReadOnlyMemory<byte> _segment;
    private int _index;

    /// <summary>Gets the bytes handed to the decoder.</summary>
    public long Consumed { get; private set; }

    /// <summary>Gets a value indicating whether the decoder asked for a byte past the end of what has arrived.</summary>
    public bool HitEnd { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => Consumed;
        set => throw new NotSupportedException();
    }

    public override int ReadByte()
    {
        while (_index == _segment.Length)
        {
            if (!_segments.MoveNext())
            {
                HitEnd = true;
                return -1;
            }

            _segment = _segments.Current;
            _index = 0;
        }

        Consumed++;
        return _segment.Span[_index++];
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        var b = ReadByte();
        if (b < 0)
        {
            return 0;
        }

        buffer[0] = (byte)b;
        return 1;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
