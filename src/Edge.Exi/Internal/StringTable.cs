namespace Edge.Exi.Internal;

/// <summary>
/// The EXI string table (EXI 1.0 §7.3): URI, prefix and local-name partitions, and the global and local value
/// partitions, with the pre-populated entries of §7.3.1 (and, schema-informed, those of the schema).
/// Qualified names get dense ids so element grammars and local value partitions hang off one array.
/// </summary>
internal sealed class StringTable
{
    private readonly StringTableTemplate _template;
    private readonly List<UriPartition> _uris;
    private readonly QNameEntry?[] _baseQNames;
    private readonly List<QNameEntry> _addedQNames = [];
    private readonly List<GlobalValue?> _values = [];
    private readonly Dictionary<string, int> _valueIndex = new(StringComparer.Ordinal);
    private readonly int _maxValueLength;
    private readonly int _capacity;
    private readonly long _maxCharacters;
    private Dictionary<string, int>? _addedUriIndex;
    private int _globalId = -1;

    /// <summary>
    /// A table pre-populated from <paramref name="template"/>: the entries of §7.3.1, schema-less or (appendix D) of a
    /// schema. The pre-populated names are shared with the template; a stream allocates only what it adds or uses.
    /// </summary>
    public StringTable(int? valueMaxLength, int? valuePartitionCapacity, StringTableTemplate? template = null, long maxCharacters = long.MaxValue)
    {
        _maxCharacters = maxCharacters;
        _maxValueLength = valueMaxLength ?? int.MaxValue;
        _capacity = valuePartitionCapacity ?? int.MaxValue;
        _template = template ?? StringTableTemplate.SchemaLess;
        _uris = new List<UriPartition>(_template.Uris.Length + 4);
        foreach (UriTemplate uri in _template.Uris)
        {
            _uris.Add(new UriPartition(_uris.Count, uri.Uri, uri));
        }

        _baseQNames = new QNameEntry?[_template.QNameCount];
    }

    public int UriCount => _uris.Count;

    /// <summary>Gets the characters the table added to its pre-populated entries (each entry counts one more).</summary>
    public long Characters { get; private set; }

    /// <summary>
    /// Gets or sets the undo actions of the body in progress, or null when none are kept. A session keeps them so a
    /// body that fails half-way (or has not fully arrived) leaves the tables and grammars as they were before it.
    /// </summary>
    public List<Action>? Journal { get; set; }

    /// <summary>Undoes everything recorded in <see cref="Journal"/>, newest first, and stops recording.</summary>
    public void RollBack()
    {
        if (Journal is { } journal)
        {
            Journal = null;
            for (int i = journal.Count - 1; i >= 0; i--)
            {
                journal[i]();
            }
        }
    }

    /// <summary>Applies the learning rules (§8.4.3) to a built-in grammar state, recorded for a roll-back.</summary>
    public void Learn(List<Production> state, Production used, int qname, bool isStartTag)
    {
        if (BuiltInGrammars.Learn(state, used, qname, isStartTag))
        {
            Journal?.Add(() => state.RemoveAt(0));
        }
    }

    /// <summary>The built-in element grammar of a name, created on its first use as an element (§8.4.3).</summary>
    public BuiltInElementGrammar EnsureGrammar(QNameEntry entry, BuiltInGrammars grammars)
    {
        if (entry.Grammar is null)
        {
            entry.Grammar = grammars.NewElementGrammar();
            Journal?.Add(() => entry.Grammar = null);
        }

        return entry.Grammar;
    }

    /// <summary>Adds a prefix to a URI partition (§7.3.2).</summary>
    public void AddPrefix(UriPartition partition, string prefix)
    {
        Grow(prefix.Length + 1);
        partition.AddPrefix(prefix);
        Journal?.Add(() =>
        {
            partition.Prefixes.RemoveAt(partition.Prefixes.Count - 1);
            Characters -= prefix.Length + 1;
        });
    }

    public int GlobalValueCount => _values.Count;

    public UriPartition Uri(int id) => _uris[id];

    public QNameEntry QName(int id)
    {
        if (id < _baseQNames.Length)
        {
            if (_baseQNames[id] is not QNameEntry entry)
            {
                (int uri, string localName) = _template.QNames[id];
                entry = new QNameEntry(id, uri, _template.Uris[uri].Uri, localName);
                _baseQNames[id] = entry;
            }

            return entry;
        }

        return _addedQNames[id - _baseQNames.Length];
    }

    public int FindUri(string uri)
    {
        if (_template.UriIndex.TryGetValue(uri, out int id))
        {
            return id;
        }

        return _addedUriIndex is not null && _addedUriIndex.TryGetValue(uri, out id) ? id : -1;
    }

    public UriPartition AddUri(string uri)
    {
        Grow(uri.Length + 1);
        var partition = new UriPartition(_uris.Count, uri, null);
        _uris.Add(partition);
        (_addedUriIndex ??= new Dictionary<string, int>(StringComparer.Ordinal)).Add(uri, partition.Id);
        Journal?.Add(() =>
        {
            _uris.RemoveAt(_uris.Count - 1);
            _addedUriIndex.Remove(uri);
            Characters -= uri.Length + 1;
        });
        return partition;
    }

    /// <summary>Adds a local name to a URI partition and gives the new qualified name its id.</summary>
    public int AddLocalName(int uri, string localName)
    {
        Grow(localName.Length + 1);
        int id = _baseQNames.Length + _addedQNames.Count;
        _addedQNames.Add(new QNameEntry(id, uri, _uris[uri].Uri, localName));
        UriPartition partition = _uris[uri];
        Journal?.Add(() =>
        {
            _addedQNames.RemoveAt(_addedQNames.Count - 1);
            partition.RemoveLast();
            Characters -= localName.Length + 1;
        });
        return partition.Add(localName, id);
    }

    public int QNameId(int uri, int local) => _uris[uri].QNameId(local);

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
        int globalId = QName(qname).LocalValues[localId];
        return globalId < 0 ? throw new ExiException($"Local value {localId} is unassigned", bitOffset) : _values[globalId]!.Value;
    }

    /// <summary>Adds a value after a miss, honouring valueMaxLength and valuePartitionCapacity (§7.3.3).</summary>
    public void AddValue(int qname, string value)
    {
        if (value.Length == 0 || _capacity == 0 || CodePoints.Count(value) > _maxValueLength)
        {
            return;
        }

        QNameEntry owner = QName(qname);
        int lastId = _globalId;
        if (++_globalId == _capacity)
        {
            _globalId = 0;
        }

        int id = _globalId;
        GlobalValue? previous = id < _values.Count ? _values[id] : null;
        Grow(value.Length + 1 - (previous is null ? 0 : previous.Value.Length + 1));
        bool indexed = _valueIndex.TryGetValue(value, out int indexedId);
        var entry = new GlobalValue(value, qname, owner.LocalValues.Count);
        bool previousIndexed = false;
        if (id < _values.Count)
        {
            if (previous is not null)
            {
                if (_valueIndex.TryGetValue(previous.Value, out int current) && current == id)
                {
                    previousIndexed = true;
                    _valueIndex.Remove(previous.Value);
                }

                QName(previous.QName).LocalValues[previous.LocalId] = -1;
            }

            _values[id] = entry;
        }
        else
        {
            _values.Add(entry);
        }

        _valueIndex[value] = id;
        owner.LocalValues.Add(id);
        Journal?.Add(() =>
        {
            owner.LocalValues.RemoveAt(owner.LocalValues.Count - 1);
            if (indexed)
            {
                _valueIndex[value] = indexedId;
            }
            else
            {
                _valueIndex.Remove(value);
            }

            if (previous is null && id == _values.Count - 1)
            {
                _values.RemoveAt(id);
            }
            else
            {
                _values[id] = previous;
                if (previous is not null)
                {
                    QName(previous.QName).LocalValues[previous.LocalId] = id;
                    if (previousIndexed)
                    {
                        _valueIndex[previous.Value] = id;
                    }
                }
            }

            Characters -= value.Length + 1 - (previous is null ? 0 : previous.Value.Length + 1);
            _globalId = lastId;
        });
    }

    /// <summary>Counts added characters against the bound of a session's tables (<see cref="ExiOptions.MaxSessionTableCharacters"/>).</summary>
    private void Grow(long characters)
    {
        if (Characters + characters > _maxCharacters)
        {
            throw new ExiException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"The session's string tables would hold more than {_maxCharacters} characters (ExiOptions.MaxSessionTableCharacters); the session must start over"));
        }

        Characters += characters;
    }
}

/// <summary>One URI partition: its prefixes and local names (pre-populated ones shared with a template).</summary>
internal sealed class UriPartition
{
    private readonly UriTemplate? _base;
    private readonly int _baseCount;
    private List<string>? _added;
    private Dictionary<string, int>? _addedIndex;
    private List<int>? _addedQNames;

    public UriPartition(int id, string uri, UriTemplate? template)
    {
        Id = id;
        Uri = uri;
        _base = template;
        _baseCount = template?.LocalNames.Length ?? 0;
        Prefixes = template is null || template.Prefixes.Length == 0 ? [] : [.. template.Prefixes];
    }

    public int Id { get; }

    public string Uri { get; }

    public int LocalNameCount => _baseCount + (_added?.Count ?? 0);

    public List<string> Prefixes { get; }

    public int FindLocalName(string name)
    {
        if (_base is not null && _base.Index.TryGetValue(name, out int local))
        {
            return local;
        }

        return _addedIndex is not null && _addedIndex.TryGetValue(name, out local) ? _baseCount + local : -1;
    }

    public int QNameId(int local) => local < _baseCount ? _base!.FirstQName + local : _addedQNames![local - _baseCount];

    /// <summary>Appends a local name whose qualified name got id <paramref name="qname"/>; returns its local id.</summary>
    public int Add(string localName, int qname)
    {
        _added ??= [];
        _addedIndex ??= new Dictionary<string, int>(StringComparer.Ordinal);
        _addedQNames ??= [];
        _addedIndex.Add(localName, _added.Count);
        _added.Add(localName);
        _addedQNames.Add(qname);
        return _baseCount + _added.Count - 1;
    }

    public int FindPrefix(string prefix) => Prefixes.IndexOf(prefix);

    /// <summary>Removes the last local name added (a session's roll-back).</summary>
    public void RemoveLast()
    {
        _addedIndex!.Remove(_added![^1]);
        _added.RemoveAt(_added.Count - 1);
        _addedQNames!.RemoveAt(_addedQNames.Count - 1);
    }

    public void AddPrefix(string prefix) => Prefixes.Add(prefix);
}

/// <summary>The pre-populated part of one URI partition, shared by every table made from one template.</summary>
internal sealed class UriTemplate(string uri, string[] prefixes, string[] localNames, int firstQName)
{
    public string Uri { get; } = uri;

    public string[] Prefixes { get; } = prefixes;

    public string[] LocalNames { get; } = localNames;

    public int FirstQName { get; } = firstQName;

    public Dictionary<string, int> Index { get; } = localNames.Select((n, i) => (n, i)).ToDictionary(e => e.n, e => e.i, StringComparer.Ordinal);
}

/// <summary>
/// The pre-populated string table entries (§7.3.1): URIs, their prefixes and local names, with qualified-name ids in
/// table order. Immutable; built once (schema-less, or per schema) and shared.
/// </summary>
internal sealed class StringTableTemplate
{
    public StringTableTemplate(IEnumerable<(string Uri, string[] Prefixes, string[] LocalNames)> uris)
    {
        var list = new List<UriTemplate>();
        var qnames = new List<(int Uri, string LocalName)>();
        foreach ((string uri, string[] prefixes, string[] localNames) in uris)
        {
            list.Add(new UriTemplate(uri, prefixes, localNames, qnames.Count));
            qnames.AddRange(localNames.Select(n => (list.Count - 1, n)));
        }

        Uris = [.. list];
        QNames = [.. qnames];
        UriIndex = list.Select((u, i) => (u.Uri, i)).ToDictionary(e => e.Uri, e => e.i, StringComparer.Ordinal);
    }

    /// <summary>Gets the entries of a schema-less table: "", xml (base, id, lang, space), xsi (nil, type).</summary>
    public static StringTableTemplate SchemaLess { get; } = new(
    [
        (string.Empty, [string.Empty], []),
        (ExiConstants.XmlNamespace, ["xml"], ["base", "id", "lang", "space"]),
        (ExiConstants.XsiNamespace, ["xsi"], ["nil", "type"]),
    ]);

    public UriTemplate[] Uris { get; }

    public (int Uri, string LocalName)[] QNames { get; }

    public int QNameCount => QNames.Length;

    public Dictionary<string, int> UriIndex { get; }
}

/// <summary>A qualified name known to the string table, with its local value partition and element grammar.</summary>
internal sealed class QNameEntry(int id, int uri, string uriString, string localName)
{
    public int Id { get; } = id;

    public int Uri { get; } = uri;

    public string UriString { get; } = uriString;

    public string LocalName { get; } = localName;

    private List<int>? _localValues;

    /// <summary>Gets the local value partition: global ids, -1 where a value was evicted (allocated on first use).</summary>
    public List<int> LocalValues => _localValues ??= [];

    /// <summary>Gets the size of the local value partition without allocating it.</summary>
    public int LocalValueCount => _localValues?.Count ?? 0;

    /// <summary>Gets or sets the built-in element grammar learnt for this name, if it appeared as an element.</summary>
    public BuiltInElementGrammar? Grammar { get; set; }
}

/// <summary>An entry of the global value partition.</summary>
internal sealed record GlobalValue(string Value, int QName, int LocalId);
