using System.Buffers;
using System.IO.Pipelines;

namespace Edge.Xmpp.Internal;

/// <summary>
/// The connection's outgoing buffer. Whole frames (a stanza, a nonza, our stream header or end) are collected here,
/// then sent in writes that each end on a frame boundary and fit in one TLS record (<see cref="MaxWriteBytes"/>), so
/// a record never ends inside a stanza: whatever part of our stream the server could decrypt when a connection dies
/// ends between two stanzas.
/// </summary>
/// <remarks>
/// Why it matters (XEP-0198 resumption): Prosody 0.12's mod_smacks moves a resumed session onto the new connection
/// but goes on feeding that connection's bytes to the XML parser of the old one (mod_c2s keeps the parser in the
/// session's data callback, which the resumption does not replace). Before this writer, a flush went out as one TLS
/// record per 4 KiB pipe segment, cut wherever a segment ended. When the server stopped reading mid-flush and the
/// connection was given up, the last record it had decrypted ended inside a stanza; after <c>&lt;resume/&gt;</c> the
/// first resent stanza continued that half stanza (<c>…automaticReadout="true"/</c> then <c>&lt;iq …</c>) and
/// Prosody closed the stream with <c>not-well-formed</c>. A single frame larger than one record still spans
/// records; everything Edge sends is far smaller. Not thread-safe: the connection has one writer at a time.
/// <para>What this cannot cover: Prosody reads a connection 4 KiB of plaintext at a time, and when it learns of the
/// old connection's end from a failed write (it answers what it just read, and our end is gone) it drops what it had
/// not read yet, its parser stopped wherever that read ended. Seen with Prosody frozen (SIGSTOP) past the ping timeout
/// and then resumed; ejabberd resumes cleanly either way. The ping (XmppClient.Loops) no longer gives up on a server
/// that is only slow, which is what the long runs met.</para>
/// </remarks>
internal sealed class FrameWriter : IBufferWriter<byte>
{
    /// <summary>
    /// The largest write handed to the transport (a frame larger than this goes alone): under TLS's 16 KiB record
    /// payload (RFC 8446 §5.1, RFC 5246 §6.2.1), so SslStream sends each write as one record.
    /// </summary>
    public const int MaxWriteBytes = 15 * 1024;

    /// <summary>
    /// How much a long run of writes (a backlog replayed, a resend after resumption) buffers before its writer flushes
    /// mid-run: a few records' worth, so the buffer stays small whatever the backlog.
    /// </summary>
    public const int FlushThresholdBytes = 64 * 1024;

    private const int InitialBytes = 4096;
    private readonly List<int> _cuts = []; // where a write ends (a frame boundary), in order
    private byte[] _buffer = [];
    private int _written;
    private int _frameEnd; // end of the last complete frame
    private int _writeStart; // start of the write being filled

    /// <summary>Gets how many bytes wait for <see cref="FlushAsync"/>.</summary>
    public int BufferedBytes => _written;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_written + count > _buffer.Length)
        {
            throw new InvalidOperationException("Advanced past the buffer.");
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => Ensure(sizeHint).AsMemory(_written);

    public Span<byte> GetSpan(int sizeHint = 0) => Ensure(sizeHint).AsSpan(_written);

    /// <summary>Marks the end of one frame: a write may end here.</summary>
    public void EndFrame()
    {
        // The write being filled may not grow past the limit by this frame: it ends before it (unless it is alone).
        if (_written - _writeStart > MaxWriteBytes && _frameEnd > _writeStart)
        {
            _cuts.Add(_frameEnd);
            _writeStart = _frameEnd;
        }

        // A frame over the limit on its own goes out alone.
        if (_written - _writeStart > MaxWriteBytes)
        {
            _cuts.Add(_written);
            _writeStart = _written;
        }

        _frameEnd = _written;
    }

    /// <summary>
    /// Sends what is buffered, one flush of <paramref name="output"/> per write (each whole frames, at most
    /// <see cref="MaxWriteBytes"/> unless one frame is larger), then lets the buffer go: an idle connection holds none.
    /// </summary>
    /// <returns>False when <paramref name="output"/>'s reader has completed (nothing more can be sent).</returns>
    public async ValueTask<bool> FlushAsync(PipeWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        EndFrame();
        try
        {
            var start = 0;
            for (var i = 0; i <= _cuts.Count; i++)
            {
                var end = i < _cuts.Count ? _cuts[i] : _written;
                if (end == start)
                {
                    continue;
                }

                // One contiguous span after a flush: the pipe sends it as one write to the stream below.
                _buffer.AsSpan(start, end - start).CopyTo(output.GetSpan(end - start));
                output.Advance(end - start);
                start = end;
                var result = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (result.IsCompleted)
                {
                    return false;
                }
            }

            return true;
        }
        finally
        {
            Clear();
        }
    }

    private void Clear()
    {
        _cuts.Clear();
        _written = _frameEnd = _writeStart = 0;
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private byte[] Ensure(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed > _buffer.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(InitialBytes, _buffer.Length * 2)));
            _buffer.AsSpan(0, _written).CopyTo(grown);
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = grown;
        }

        return _buffer;
    }
}
