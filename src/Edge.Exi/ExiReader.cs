using Edge.Exi.Internal;
using Edge.Exi.Internal.Schema;

namespace Edge.Exi;

/// <summary>
/// Reads an EXI stream as a sequence of events (the streaming decoder). The header is read by the constructor;
/// options found in it win over the ones passed in, which serve when the header carries none (out of band).
/// Every malformed input ends in an <see cref="ExiException"/> that names the bit offset.
/// </summary>
public sealed class ExiReader : IDisposable
{
    private readonly Stream _input;
    private readonly bool _leaveOpen;
    private readonly BodyDecoder _body;
    private readonly Queue<ExiEvent> _queue = new();
    private readonly PrefixedStream? _source;
    private readonly ExiSession? _session;
    private BitInput? _preCompressed;
    private bool _disposed;

    public ExiReader(Stream input, ExiOptions? options = null, bool leaveOpen = true)
        : this(input, options ?? new ExiOptions(), null, leaveOpen)
    {
    }

    /// <summary>
    /// Reads the next body of <paramref name="session"/>, coded with its options (a header, if any, is skipped), from
    /// the string tables and grammars its earlier bodies left (XEP-0322 <c>sessionWideBuffers</c>). A body not read
    /// to its end when the reader is disposed (it failed, or not all of it has arrived) leaves the session unchanged.
    /// </summary>
    public ExiReader(Stream input, ExiSession session, bool leaveOpen = true)
        : this(input, session?.Options!, session, leaveOpen)
    {
    }

    private ExiReader(Stream input, ExiOptions options, ExiSession? session, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        ExiOptions outOfBand = options;
        _input = input;
        _leaveOpen = leaveOpen;
        var bits = new BitInput(input, byteAligned: false, outOfBand.MaxStringLength);
        Options = Header.Read(bits, outOfBand);
        if (Options.Schema is null && Options.SchemaId is string schemaId)
        {
            // The header names the schema; without one given out of band, only a built-in set can be used.
            Options.Schema = ExiSchema.TryGetBuiltIn(schemaId, out ExiSchema? builtIn)
                ? builtIn
                : throw new ExiException($"The stream is schema-informed (schemaId '{schemaId}'), and no such schema is known: pass it as ExiOptions.Schema", bits.BitPosition);
        }

        try
        {
            Options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ExiException($"Inconsistent options in the header: {ex.Message}", bits.BitPosition, ex);
        }

        bits.ByteAligned = Options.IsByteAligned;
        if (Options.IsChanneled)
        {
            _source = bits.RemainderAsStream();
        }

        if (session is not null)
        {
            // The header's options (if any) cannot change what the session's earlier bodies were coded with.
            session.BeginBody();
            _session = session;
            Options = session.Options;
        }

        _body = new BodyDecoder(Options, bits, session);
    }

    /// <summary>Gets the options the stream is decoded with (from its header, or those given).</summary>
    public ExiOptions Options { get; }

    /// <summary>Gets the bit offset of the decoder in the current stream (within the inflated data when compressed).</summary>
    public long BitPosition => _body.Input.BitPosition;

    /// <summary>Gets the event read by the last successful <see cref="Read"/>.</summary>
    public ExiEvent? Current { get; private set; }

    /// <summary>Reads the next event; false after ED.</summary>
    public bool Read()
    {
        if (_queue.Count == 0)
        {
            if (_body.Ended)
            {
                _session?.EndBody();
                Current = null;
                return false;
            }

            try
            {
                if (Options.IsChanneled)
                {
                    ReadBlock();
                }
                else
                {
                    ReadEvent();
                }
            }
            catch (InvalidDataException ex)
            {
                throw new ExiException("Corrupt DEFLATE stream", _body.Input.BitPosition, ex);
            }
        }

        Current = _queue.Dequeue();
        return true;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _session?.AbandonBody();
        if (!_leaveOpen)
        {
            _input.Dispose();
        }
    }

    private void ReadEvent()
    {
        ExiEvent e = _body.Next();
        _queue.Enqueue(e);
        if (e.Type == ExiEventType.StartElement && Options.PreservePrefixes)
        {
            // The element's own prefix may be named by an NS event that follows it (local-element-ns).
            ExiEvent next;
            do
            {
                next = _body.Next();
                _queue.Enqueue(next);
            }
            while (next.Type == ExiEventType.NamespaceDeclaration);
        }
    }

    /// <summary>Decodes one block: its structure, then its value channels (§9.3).</summary>
    private void ReadBlock()
    {
        BitInput structure = OpenStream();
        _body.Input = structure;
        _body.PendingValues.Clear();
        while (!_body.Ended)
        {
            if (_queue.Count >= Options.MaxBufferedEvents)
            {
                throw structure.Error($"A block holds more than {Options.MaxBufferedEvents} events (MaxBufferedEvents)");
            }

            _queue.Enqueue(_body.Next());
            if (_body.PendingValues.Count == Options.BlockSize)
            {
                break;
            }
        }

        List<(ExiEvent Event, int QName, Datatype? Type)> pending = _body.PendingValues;
        var order = new List<int>();
        var byName = new Dictionary<int, List<(ExiEvent Event, Datatype? Type)>>();
        foreach ((ExiEvent e, int qname, Datatype? type) in pending)
        {
            if (!byName.TryGetValue(qname, out List<(ExiEvent Event, Datatype? Type)>? list))
            {
                list = [];
                byName.Add(qname, list);
                order.Add(qname);
            }

            list.Add((e, type));
        }

        if (pending.Count <= ExiWriter.SmallChannelLimit)
        {
            ReadChannels(structure, order, byName, _ => true);
        }
        else
        {
            if (order.Exists(q => byName[q].Count <= ExiWriter.SmallChannelLimit))
            {
                ReadChannels(OpenStream(), order, byName, n => n <= ExiWriter.SmallChannelLimit);
            }

            foreach (int qname in order)
            {
                if (byName[qname].Count > ExiWriter.SmallChannelLimit)
                {
                    ReadChannels(OpenStream(), [qname], byName, _ => true);
                }
            }
        }
    }

    private void ReadChannels(BitInput input, List<int> order, Dictionary<int, List<(ExiEvent Event, Datatype? Type)>> byName, Func<int, bool> include)
    {
        _body.Input = input;
        foreach (int qname in order)
        {
            List<(ExiEvent Event, Datatype? Type)> events = byName[qname];
            if (include(events.Count))
            {
                foreach ((ExiEvent e, Datatype? type) in events)
                {
                    e.Value = _body.ReadChannelValue(input, qname, type);
                }
            }
        }
    }

    private BitInput OpenStream()
    {
        if (Options.Alignment == ExiAlignment.PreCompression)
        {
            return _preCompressed ??= new BitInput(_source!, byteAligned: true, Options.MaxStringLength);
        }

        if (_source!.AtEnd())
        {
            // Only zero-length events can follow the final block: decode them from nothing.
            return new BitInput(Stream.Null, byteAligned: true, Options.MaxStringLength);
        }

        return new BitInput(Inflater.Inflate(_source, Options.MaxInflatedBytes), byteAligned: true, Options.MaxStringLength);
    }
}
