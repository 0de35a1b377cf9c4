namespace Edge.Exi.Internal;

/// <summary>
/// The EXI string table (EXI 1.0 §7.3): URI, prefix and local-name partitions, and the global and local value
/// partitions, with the pre-populated entries of §7.3.1 (and, schema-informed, those of the schema).
/// Qualified names get dense ids so element grammars and local value partitions hang off one array.
/// </summary>
internal sealed class StringTable
{
    private readonly List<UriPartition> _uris = [];
    private readonly Dictionary<string, int> _uriIndex = new(StringComparer.Ordinal);
    private readonly List<QNameEntry> _qnames = [];
    private readonly List<GlobalValue?> _values = [];
    private readonly Dictionary<string, int> _valueIndex = new(StringComparer.Ordinal);
    private readonly int _maxValueLength;
    private readonly int _capacity;
    private int _globalId = -1;

    public StringTable(int? valueMaxLength, int? valuePartitionCapacity)
    {
        _maxValueLength = valueMaxLength ?? int.MaxValue;
        _capacity = valuePartitionCapacity ?? int.MaxValue;
        AddUri(string.Empty).AddPrefix(string.Empty);
        UriPartition xml = AddUri(ExiConstants.XmlNamespace);
        xml.AddPrefix("xml");
        foreach (string name in (ReadOnlySpan<string>)["base", "id", "lang", "space"])
        {
            AddLocalName(1, name);
        }

        UriPartition xsi = AddUri(ExiConstants.XsiNamespace);
        xsi.AddPrefix("xsi");
        AddLocalName(2, "nil");
        AddLocalName(2, "type");
    }

    public int UriCount => _uris.Count;

    public int GlobalValueCount => _values.Count;

    public UriPartition Uri(int id) => _uris[id];

    public QNameEntry QName(int id) => _qnames[id];

    public int FindUri(string uri) => _uriIndex.TryGetValue(uri, out int id) ? id : -1;

    public UriPartition AddUri(string uri)
    {
        var partition = new UriPartition(_uris.Count, uri);
        _uris.Add(partition);
        _uriIndex.Add(uri, partition.Id);
        return partition;
    }

    /// <summary>Adds a local name to a URI partition and gives the new qualified name its id.</summary>
    public int AddLocalName(int uri, string localName)
    {
        UriPartition partition = _uris[uri];
        int local = partition.LocalNames.Count;
        partition.LocalNames.Add(localName);
        partition.LocalIndex.Add(localName, local);
        partition.QNameIds.Add(_qnames.Count);
        _qnames.Add(new QNameEntry(_qnames.Count, uri, partition.Uri, localName));
        return local;
    }

    public int QNameId(int uri, int local) => _uris[uri].QNameIds[local];

    /// <summary>Looks a value up: a local hit (same qualified name) or a global hit, or -1 for a miss.</summary>
    public int FindValue(string value, out GlobalValue? entry)
    {
        if (_valueIndex.TryGetValue(value, out int id))
        {
            entry = _values[id];
            return id;
        }

        entry = null;
        return -1;
    }

    public string GlobalValue(int id, long bitOffset)
    {
        return _values[id]?.Value ?? throw new ExiException($"Global value {id} is unassigned", bitOffset);
    }

    public string LocalValue(int qname, int localId, long bitOffset)
    {
        int globalId = _qnames[qname].LocalValues[localId];
        return globalId < 0 ? throw new ExiException($"Local value {localId} is unassigned", bitOffset) : _values[globalId]!.Value;
    }

    /// <summary>Adds a value after a miss, honouring valueMaxLength and valuePartitionCapacity (§7.3.3).</summary>
    public void AddValue(int qname, string value)
    {
        if (value.Length == 0 || _capacity == 0 || CodePoints.Count(value) > _maxValueLength)
        {
            return;
        }

        QNameEntry owner = _qnames[qname];
        if (++_globalId == _capacity)
        {
            _globalId = 0;
        }

        var entry = new GlobalValue(value, qname, owner.LocalValues.Count);
        if (_globalId < _values.Count)
        {
            GlobalValue? previous = _values[_globalId];
            if (previous is not null)
            {
                if (_valueIndex.TryGetValue(previous.Value, out int current) && current == _globalId)
                {
                    _valueIndex.Remove(previous.Value);
                }

                _qnames[previous.QName].LocalValues[previous.LocalId] = -1;
            }

            _values[_globalId] = entry;
        }
        else
        {
            _values.Add(entry);
        }

        _valueIndex[value] = _globalId;
        owner.LocalValues.Add(_globalId);
    }
}

/// <summary>One URI partition: its prefixes and local names.</summary>
internal sealed class UriPartition(int id, string uri)
{
    public int Id { get; } = id;

    public string Uri { get; } = uri;

    public List<string> LocalNames { get; } = [];

    public Dictionary<string, int> LocalIndex { get; } = new(StringComparer.Ordinal);

    public List<int> QNameIds { get; } = [];

    public List<string> Prefixes { get; } = [];

    public int FindLocalName(string name) => LocalIndex.TryGetValue(name, out int id) ? id : -1;

    public int FindPrefix(string prefix) => Prefixes.IndexOf(prefix);

    public void AddPrefix(string prefix) => Prefixes.Add(prefix);
}

/// <summary>A qualified name known to the string table, with its local value partition and element grammar.</summary>
internal sealed class QNameEntry(int id, int uri, string uriString, string localName)
{
    public int Id { get; } = id;

    public int Uri { get; } = uri;

    public string UriString { get; } = uriString;

    public string LocalName { get; } = localName;

    /// <summary>Gets the local value partition: global ids, -1 where a value was evicted.</summary>
    public List<int> LocalValues { get; } = [];

    /// <summary>Gets or sets the built-in element grammar learnt for this name, if it appeared as an element.</summary>
    public BuiltInElementGrammar? Grammar { get; set; }
}

/// <summary>An entry of the global value partition.</summary>
internal sealed record GlobalValue(string Value, int QName, int LocalId);
