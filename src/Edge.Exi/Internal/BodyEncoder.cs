namespace Edge.Exi.Internal;

/// <summary>
/// Encodes the EXI body (EXI 1.0 §6–§8) from a sequence of events with the built-in grammars. Structure goes to
/// <see cref="Structure"/>; values go there too, or to per-name channels when the alignment reorders them (§9).
/// </summary>
internal sealed partial class BodyEncoder
{
    private readonly ExiOptions _options;
    private readonly StringTable _table;
    private readonly BuiltInGrammars _grammars;
    private readonly List<Frame> _frames = [];
    private readonly List<(string Prefix, string Uri, int Depth)> _namespaces = [];
    private readonly ValueChannels? _channels;
    private readonly int _xsiType;
    private readonly int _xsiNil;
    private readonly Schema.CompiledSchema? _schema;
    private List<Production>? _documentState;
    private Schema.SchemaState? _documentSchemaState;
    private BodyEncoder? _inner;
    private bool _started;
    private bool _ended;

    public BodyEncoder(ExiOptions options, BitOutput structure, ExiSession? session = null)
    {
        _options = options;
        Structure = structure;
        _schema = options.Schema?.Compiled;
        _table = session?.Table ?? new StringTable(options.ValueMaxLength, options.ValuePartitionCapacity, _schema?.Table);
        _grammars = session?.Grammars ?? new BuiltInGrammars(options);
        _xsiType = _table.QNameId(2, _table.Uri(2).FindLocalName("type"));
        _xsiNil = _table.QNameId(2, _table.Uri(2).FindLocalName("nil"));
        if (options.IsChanneled)
        {
            _channels = new ValueChannels(options.BlockSize);
        }
    }

    public BitOutput Structure { get; }

    public bool Ended => _ended;

    public ValueChannels? Channels => _channels;

    public int Depth => _frames.Count;

    public void StartDocument()
    {
        if (_started)
        {
            throw new InvalidOperationException("The document was already started.");
        }

        _started = true;
        _documentState = _options.Fragment ? _grammars.FragmentContent : _grammars.DocContent;
        _documentSchemaState = _schema is null ? null : _options.Fragment ? _schema.FragmentContent : _schema.DocContent;
    }

    public void EndDocument()
    {
        if (_frames.Count > 0)
        {
            throw new InvalidOperationException("Elements are still open.");
        }

        if (_documentSchemaState is Schema.SchemaState fragment)
        {
            CheckStarted();
            WriteSchemaCode(fragment, fragment.IndexOf(Schema.SchemaEvent.EndDocument));
        }
        else
        {
            Code(CurrentState(), ExiEventType.EndDocument, -1);
        }

        _ended = true;
    }

    public void StartElement(string uri, string localName, string? prefix)
    {
        if (_inner is not null)
        {
            _inner.StartElement(uri, localName, prefix);
            return;
        }

        if (SchemaStateNow() is Schema.SchemaState schemaState)
        {
            SchemaStartElement(schemaState, uri, localName, prefix);
        }
        else
        {
            List<Production> state = CurrentState();
            int qname = FindQName(uri, localName);
            Production used = Code(state, ExiEventType.StartElement, qname);
            if (used.QName < 0)
            {
                qname = WriteQName(uri, localName);
            }

            if (_options.PreservePrefixes)
            {
                WriteQNamePrefix(qname, prefix ?? string.Empty);
            }

            _table.Learn(state, used, qname, IsStartTag());
            LeaveStartTag();
            if (_frames.Count == 0 && !_options.Fragment)
            {
                _documentState = _grammars.DocEnd;
            }

            PushElement(qname, prefix);
        }

        if (_options.SelfContained && _options.SelfContainedElements.Contains(new System.Xml.XmlQualifiedName(localName, uri)))
        {
            StartSelfContained(uri, localName, prefix);
        }
    }

    /// <summary>
    /// SC (§4, §8.4.3): the element restarts as an EXI fragment (SD, SE(qname), content, EE, ED) on a byte
    /// boundary, with string tables and grammars of its own, so it can be read or skipped independently.
    /// </summary>
    private void StartSelfContained(string uri, string localName, string? prefix)
    {
        Frame frame = _frames[^1];
        if (frame.State is Schema.SchemaState schemaState)
        {
            WriteSecondLevel(schemaState, Schema.Undeclared.SelfContained, "SC");
        }
        else
        {
            Code(frame.Grammar!.StartTag, ExiEventType.SelfContained, -1);
        }

        Structure.Align();
        ExiOptions inner = _options.Clone();
        inner.Fragment = true;
        inner.SelfContainedElements.Clear();
        _inner = new BodyEncoder(inner, Structure);
        _inner.StartDocument();
        _inner.StartElement(uri, localName, prefix);
        if (_options.PreservePrefixes)
        {
            _inner.NamespaceDeclaration(uri, prefix ?? string.Empty);
        }
    }

    public void NamespaceDeclaration(string uri, string prefix)
    {
        if (_inner is not null)
        {
            _inner.NamespaceDeclaration(uri, prefix);
            return;
        }

        _namespaces.Add((prefix, uri, _frames.Count));
        if (!_options.PreservePrefixes)
        {
            return;
        }

        Frame frame = CurrentFrame();
        if (!frame.InStartTag)
        {
            throw new InvalidOperationException("A namespace declaration must follow its start element.");
        }

        if (frame.State is Schema.SchemaState schemaState)
        {
            if (schemaState.Kind != Schema.SchemaStateKind.FirstStartTag)
            {
                throw new InvalidOperationException("Namespace declarations must precede the attributes of their element.");
            }

            WriteSecondLevel(schemaState, Schema.Undeclared.Namespace, "NS");
        }
        else
        {
            Code(frame.Grammar!.StartTag, ExiEventType.NamespaceDeclaration, -1);
        }

        UriPartition partition = WriteUri(uri);
        int index = partition.FindPrefix(prefix);
        int bits = CodePoints.BitsFor(partition.Prefixes.Count + 1);
        if (index >= 0)
        {
            Structure.WriteNBit(index + 1, bits);
        }
        else
        {
            Structure.WriteNBit(0, bits);
            Structure.WriteString(prefix);
            _table.AddPrefix(partition, prefix);
        }

        Structure.WriteBoolean(prefix == frame.Prefix);
    }

    public void Attribute(string uri, string localName, string? prefix, string value)
    {
        if (_inner is not null)
        {
            _inner.Attribute(uri, localName, prefix, value);
            return;
        }

        Frame frame = CurrentFrame();
        if (!frame.InStartTag)
        {
            throw new InvalidOperationException("Attributes must precede the element's content.");
        }

        if (frame.State is Schema.SchemaState schemaState)
        {
            SchemaAttribute(frame, schemaState, uri, localName, prefix, value);
            return;
        }

        List<Production> state = frame.Grammar!.StartTag;
        int qname = FindQName(uri, localName);
        Production used = Code(state, ExiEventType.Attribute, qname);
        if (used.QName < 0)
        {
            qname = WriteQName(uri, localName);
        }

        if (_options.PreservePrefixes)
        {
            WriteQNamePrefix(qname, prefix ?? string.Empty);
        }

        _table.Learn(state, used, qname, isStartTag: true);
        if (qname == _xsiType)
        {
            int type = WriteTypeName(value);
            if (TypeGrammar(type) is Schema.SchemaState typeGrammar)
            {
                // Schema-informed: xsi:type names a schema type, whose grammar the element continues in.
                frame.State = typeGrammar;
            }
        }
        else
        {
            Value(qname, value);
        }
    }

    public void Characters(string value)
    {
        if (_inner is not null)
        {
            _inner.Characters(value);
            return;
        }

        Frame frame = CurrentFrame();
        if (frame.State is Schema.SchemaState schemaState)
        {
            SchemaCharacters(frame, schemaState, value);
            return;
        }

        List<Production> state = frame.InStartTag ? frame.Grammar!.StartTag : frame.Grammar!.Content;
        Production used = Code(state, ExiEventType.Characters, -1);
        _table.Learn(state, used, -1, frame.InStartTag);
        LeaveStartTag();
        Value(frame.QName, value);
    }

    public void EndElement()
    {
        if (_inner is not null)
        {
            _inner.EndElement();
            if (_inner.Depth == 0)
            {
                // The self-contained fragment ends with its element: ED, byte alignment, and no outer EE.
                _inner.EndDocument();
                Structure.Align();
                _inner = null;
                _frames.RemoveAt(_frames.Count - 1);
                _namespaces.RemoveAll(n => n.Depth > _frames.Count);
            }

            return;
        }

        Frame frame = CurrentFrame();
        if (frame.State is Schema.SchemaState schemaState)
        {
            SchemaEndElement(frame, schemaState);
        }
        else
        {
            List<Production> state = frame.InStartTag ? frame.Grammar!.StartTag : frame.Grammar!.Content;
            Production used = Code(state, ExiEventType.EndElement, -1);
            _table.Learn(state, used, -1, frame.InStartTag);
        }

        _frames.RemoveAt(_frames.Count - 1);
        _namespaces.RemoveAll(n => n.Depth > _frames.Count);
    }

    public void Comment(string text)
    {
        if (_inner is not null)
        {
            _inner.Comment(text);
            return;
        }

        if (!_options.PreserveComments)
        {
            return;
        }

        if (!SchemaMiscellaneous(Schema.Undeclared.CommentOrPi, 0))
        {
            Code(CurrentState(), ExiEventType.Comment, -1);
            LeaveStartTag();
        }

        Structure.WriteString(text);
    }

    public void ProcessingInstruction(string target, string data)
    {
        if (_inner is not null)
        {
            _inner.ProcessingInstruction(target, data);
            return;
        }

        if (!_options.PreserveProcessingInstructions)
        {
            return;
        }

        if (!SchemaMiscellaneous(Schema.Undeclared.CommentOrPi, _options.PreserveComments ? 1 : 0))
        {
            Code(CurrentState(), ExiEventType.ProcessingInstruction, -1);
            LeaveStartTag();
        }

        Structure.WriteString(target);
        Structure.WriteString(data);
    }

    public void DocType(string name, string publicId, string systemId, string text)
    {
        if (!_options.PreserveDtd)
        {
            return;
        }

        if (!SchemaMiscellaneous(Schema.Undeclared.DocType, -1))
        {
            Code(CurrentState(), ExiEventType.DocType, -1);
        }

        Structure.WriteString(name);
        Structure.WriteString(publicId);
        Structure.WriteString(systemId);
        Structure.WriteString(text);
    }

    public void EntityReference(string name)
    {
        if (_inner is not null)
        {
            _inner.EntityReference(name);
            return;
        }

        if (!_options.PreserveDtd)
        {
            return;
        }

        if (!SchemaMiscellaneous(Schema.Undeclared.EntityReference, -1))
        {
            Code(CurrentState(), ExiEventType.EntityReference, -1);
            LeaveStartTag();
        }

        Structure.WriteString(name);
    }

    private Production Code(List<Production> state, ExiEventType kind, int qname)
    {
        Span<int> path = stackalloc int[4];
        int parts = BuiltInGrammars.Find(state, kind, qname, path, out Production? used);
        if (parts == 0)
        {
            throw new InvalidOperationException($"{kind} is not allowed here.");
        }

        BuiltInGrammars.WriteCode(Structure, state, path[..parts]);
        return used!;
    }

    private List<Production> CurrentState()
    {
        if (!_started || _ended)
        {
            throw new InvalidOperationException(_ended ? "The document has ended." : "The document has not started.");
        }

        if (_frames.Count == 0)
        {
            return _documentState!;
        }

        Frame frame = _frames[^1];
        return frame.InStartTag ? frame.Grammar!.StartTag : frame.Grammar!.Content;
    }

    private Frame CurrentFrame() => _frames.Count > 0 ? _frames[^1] : throw new InvalidOperationException("No element is open.");

    private bool IsStartTag() => _frames.Count > 0 && _frames[^1].InStartTag;

    private void LeaveStartTag()
    {
        if (_frames.Count > 0)
        {
            _frames[^1].InStartTag = false;
        }
    }

    private sealed class Frame(int qname, BuiltInElementGrammar? grammar, string prefix)
    {
        public int QName { get; } = qname;

        /// <summary>Gets the built-in grammar of an element without a schema grammar (schema-less, or undeclared).</summary>
        public BuiltInElementGrammar? Grammar { get; } = grammar;

        /// <summary>Gets or sets the current state of the element's schema-informed grammar, or null for built-in.</summary>
        public Schema.SchemaState? State { get; set; }

        public string Prefix { get; } = prefix;

        public bool InStartTag { get; set; } = true;
    }
}
