namespace Edge.Exi.Internal;

/// <summary>
/// Decodes the EXI body (EXI 1.0 §6–§8) with the built-in grammars into events. With channels (§9) the value of
/// AT and CH events is left empty and recorded in <see cref="PendingValues"/> to be read from the value channels.
/// </summary>
internal sealed partial class BodyDecoder
{
    private readonly ExiOptions _options;
    private readonly StringTable _table;
    private readonly BuiltInGrammars _grammars;
    private readonly List<Frame> _frames = [];
    private readonly Schema.CompiledSchema? _schema;
    private readonly int _xsiType;
    private readonly int _xsiNil;
    private List<Production>? _documentState;
    private Schema.SchemaState? _documentSchemaState;
    private BodyDecoder? _inner;

    public BodyDecoder(ExiOptions options, BitInput input, ExiSession? session = null)
    {
        _options = options;
        Input = input;
        _schema = options.Schema?.Compiled;
        _table = session?.Table ?? new StringTable(options.ValueMaxLength, options.ValuePartitionCapacity, _schema?.Table);
        _grammars = session?.Grammars ?? new BuiltInGrammars(options);
        _xsiType = _table.QNameId(2, _table.Uri(2).FindLocalName("type"));
        _xsiNil = _table.QNameId(2, _table.Uri(2).FindLocalName("nil"));
    }

    public BitInput Input { get; set; }

    public bool Started { get; private set; }

    public bool Ended { get; private set; }

    /// <summary>Gets the events whose values wait for the value channels, with their qualified names.</summary>
    public List<(ExiEvent Event, int QName, Schema.Datatype? Type)> PendingValues { get; } = [];

    public int Depth => _frames.Count;

    public ExiEvent Next()
    {
        if (_inner is not null)
        {
            return NextSelfContained();
        }

        if (!Started)
        {
            Started = true;
            _documentState = _options.Fragment ? _grammars.FragmentContent : _grammars.DocContent;
            _documentSchemaState = _schema is null ? null : _options.Fragment ? _schema.FragmentContent : _schema.DocContent;
            return new ExiEvent(ExiEventType.StartDocument);
        }

        if (Ended)
        {
            throw new InvalidOperationException("The document has ended.");
        }

        if ((_frames.Count == 0 ? _documentSchemaState : _frames[^1].State) is Schema.SchemaState schemaState)
        {
            return SchemaNext(schemaState);
        }

        bool inStartTag = _frames.Count > 0 && _frames[^1].InStartTag;
        List<Production> state = _frames.Count == 0 ? _documentState! : inStartTag ? _frames[^1].Grammar!.StartTag : _frames[^1].Grammar!.Content;
        long at = Input.BitPosition;
        Production p = BuiltInGrammars.ReadCode(Input, state);
        switch (p.Kind)
        {
            case ExiEventType.StartElement:
                return StartElement(state, p, inStartTag);
            case ExiEventType.EndElement:
                _table.Learn(state, p, -1, inStartTag);
                QNameEntry closed = _table.QName(_frames[^1].QName);
                _frames.RemoveAt(_frames.Count - 1);
                return new ExiEvent(ExiEventType.EndElement) { NamespaceUri = closed.UriString, LocalName = closed.LocalName };
            case ExiEventType.Attribute:
                return Attribute(state, p);
            case ExiEventType.Characters:
                _table.Learn(state, p, -1, inStartTag);
                _frames[^1].InStartTag = false;
                return WithValue(new ExiEvent(ExiEventType.Characters), _frames[^1].QName);
            case ExiEventType.NamespaceDeclaration:
                return NamespaceDeclaration();
            case ExiEventType.EndDocument:
                Ended = true;
                return new ExiEvent(ExiEventType.EndDocument);
            case ExiEventType.Comment:
                LeaveStartTag();
                return new ExiEvent(ExiEventType.Comment) { Value = Input.ReadString() };
            case ExiEventType.ProcessingInstruction:
                LeaveStartTag();
                return new ExiEvent(ExiEventType.ProcessingInstruction) { Name = Input.ReadString(), Value = Input.ReadString() };
            case ExiEventType.DocType:
                return new ExiEvent(ExiEventType.DocType)
                {
                    Name = Input.ReadString(),
                    PublicId = Input.ReadString(),
                    SystemId = Input.ReadString(),
                    Value = Input.ReadString(),
                };
            case ExiEventType.EntityReference:
                LeaveStartTag();
                return new ExiEvent(ExiEventType.EntityReference) { Name = Input.ReadString() };
            default:
                StartSelfContained(at);
                return NextSelfContained();
        }
    }

    /// <summary>SC (§4, §8.4.3): the element restarts as a byte-aligned fragment with tables of its own.</summary>
    private void StartSelfContained(long at)
    {
        if (_options.IsChanneled)
        {
            throw new ExiException("SC cannot occur with (pre-)compression", at);
        }

        Input.Align();
        ExiOptions options = _options.Clone();
        options.Fragment = true;
        options.MaxDepth = Math.Max(1, _options.MaxDepth - _frames.Count + 1);
        var inner = new BodyDecoder(options, Input);
        inner.Next();
        ExiEvent start = inner.Next();
        Frame outer = _frames[^1];
        QNameEntry name = _table.QName(outer.QName);
        if (start.Type != ExiEventType.StartElement || start.NamespaceUri != name.UriString || start.LocalName != name.LocalName)
        {
            throw new ExiException($"A self-contained fragment must restart its element {{{name.UriString}}}{name.LocalName}", at);
        }

        // The element was reported already: the fragment's NS events complete that report.
        inner._frames[^1].Start = outer.Start;
        _inner = inner;
    }

    private ExiEvent NextSelfContained()
    {
        BodyDecoder inner = _inner!;
        ExiEvent e = inner.Next();
        if (e.Type == ExiEventType.EndDocument)
        {
            throw Input.Error("A self-contained fragment ended without its element");
        }

        if (e.Type == ExiEventType.EndElement && inner.Depth == 0)
        {
            long at = Input.BitPosition;
            if (inner.Next().Type != ExiEventType.EndDocument)
            {
                throw new ExiException("A self-contained fragment holds more than its element", at);
            }

            Input.Align();
            _inner = null;
            _frames.RemoveAt(_frames.Count - 1);
        }

        return e;
    }

    private ExiEvent StartElement(List<Production> state, Production p, bool inStartTag)
    {
        int qname = p.QName >= 0 ? p.QName : ReadQName();
        string? prefix = _options.PreservePrefixes ? ReadQNamePrefix(qname) : null;
        _table.Learn(state, p, qname, inStartTag);
        LeaveStartTag();
        if (_frames.Count == 0 && !_options.Fragment)
        {
            _documentState = _grammars.DocEnd;
        }

        return PushElement(qname, prefix, null);
    }

    /// <summary>Opens an element: its declared grammar, else the global declaration of its name, else a built-in grammar.</summary>
    private ExiEvent PushElement(int qname, string? prefix, Schema.ElementGrammar? declared)
    {
        if (_frames.Count >= _options.MaxDepth)
        {
            throw Input.Error($"Element nesting deeper than {_options.MaxDepth}");
        }

        QNameEntry entry = _table.QName(qname);
        var e = new ExiEvent(ExiEventType.StartElement) { NamespaceUri = entry.UriString, LocalName = entry.LocalName, Prefix = prefix };
        Schema.ElementGrammar? grammar = declared ?? GlobalElement(qname);
        if (grammar is not null)
        {
            _frames.Add(new Frame(qname, null, e) { State = grammar.Start });
        }
        else
        {
            _table.EnsureGrammar(entry, _grammars);
            _frames.Add(new Frame(qname, entry.Grammar, e));
        }

        return e;
    }

    private ExiEvent Attribute(List<Production> state, Production p)
    {
        int qname = p.QName >= 0 ? p.QName : ReadQName();
        string? prefix = _options.PreservePrefixes ? ReadQNamePrefix(qname) : null;
        _table.Learn(state, p, qname, isStartTag: true);
        QNameEntry entry = _table.QName(qname);
        if (entry.UriString == ExiConstants.XsiNamespace && entry.LocalName == "type")
        {
            int type = ReadQName();
            QNameEntry typeName = _table.QName(type);
            string? typePrefix = _options.PreservePrefixes ? ReadQNamePrefix(type) : null;
            if (TypeGrammar(type) is Schema.SchemaState typeGrammar)
            {
                _frames[^1].State = typeGrammar;
            }

            return new ExiEvent(ExiEventType.Attribute)
            {
                NamespaceUri = entry.UriString,
                LocalName = entry.LocalName,
                Prefix = prefix,
                Value = typePrefix is { Length: > 0 } ? $"{typePrefix}:{typeName.LocalName}" : typeName.LocalName,
                TypeNamespaceUri = typeName.UriString,
                TypeLocalName = typeName.LocalName,
            };
        }

        return WithValue(new ExiEvent(ExiEventType.Attribute) { NamespaceUri = entry.UriString, LocalName = entry.LocalName, Prefix = prefix }, qname);
    }

    private ExiEvent NamespaceDeclaration()
    {
        UriPartition partition = ReadUri();
        int count = partition.Prefixes.Count;
        int code = Input.ReadCode(CodePoints.BitsFor(count + 1), count + 1, "prefix");
        string prefix;
        if (code == 0)
        {
            prefix = Input.ReadString();
            if (partition.FindPrefix(prefix) >= 0)
            {
                throw Input.Error($"Prefix '{prefix}' coded as new but already in the table");
            }

            _table.AddPrefix(partition, prefix);
        }
        else
        {
            prefix = partition.Prefixes[code - 1];
        }

        bool local = Input.ReadBoolean();
        if (local)
        {
            _frames[^1].Start.Prefix = prefix;
        }

        if (!_frames[^1].Declare(prefix))
        {
            // The same prefix declared twice on one element (an SC fragment repeats its element's own): once is
            // enough for the output.
            return Next();
        }

        return new ExiEvent(ExiEventType.NamespaceDeclaration) { NamespaceUri = partition.Uri, Prefix = prefix, IsLocalElementNamespace = local };
    }

    private ExiEvent WithValue(ExiEvent e, int qname)
    {
        if (_options.IsChanneled)
        {
            PendingValues.Add((e, qname, null));
        }
        else
        {
            e.Value = ReadValue(Input, qname);
        }

        return e;
    }

    private void LeaveStartTag()
    {
        if (_frames.Count > 0)
        {
            _frames[^1].InStartTag = false;
        }
    }

    private sealed class Frame(int qname, BuiltInElementGrammar? grammar, ExiEvent start)
    {
        public int QName { get; } = qname;

        /// <summary>Gets the built-in grammar of an element without a schema grammar (schema-less, or undeclared).</summary>
        public BuiltInElementGrammar? Grammar { get; } = grammar;

        /// <summary>Gets or sets the current state of the element's schema-informed grammar, or null for built-in.</summary>
        public Schema.SchemaState? State { get; set; }

        private HashSet<string>? _prefixes;

        public ExiEvent Start { get; set; } = start;

        public bool Declare(string prefix) => (_prefixes ??= new HashSet<string>(StringComparer.Ordinal)).Add(prefix);

        public bool InStartTag { get; set; } = true;
    }
}
