using Edge.Exi.Internal.Schema.Model;

namespace Edge.Exi.Internal.Schema;

/// <summary>
/// Compiles the components of an XML Schema (<see cref="XsdSchema"/>) into EXI grammars (EXI 1.0 §8.5 and appendix D): the pre-populated string
/// table, a datatype per simple type, a type grammar per type, an element grammar per element declaration, and the
/// document and fragment grammars. XML Schema itself (includes, imports, groups, derivation, the post-schema
/// component properties) was done before the model was built (by the BCL's XmlSchemaSet, here or ahead of time
/// in a grammar file); everything EXI is built here, without System.Xml.Schema.
/// </summary>
internal sealed partial class SchemaCompiler
{
    private const string XsdNamespace = XsdBuiltInTypes.Namespace;

    private readonly XsdSchema _set;
    private readonly Dictionary<string, SortedSet<string>> _names = new(StringComparer.Ordinal);
    private readonly HashSet<XsdComplexType> _visitedTypes = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<(string Uri, string LocalName), int> _qnameIds = [];
    private readonly List<(string Uri, string LocalName)> _qnames = [];
    private readonly Dictionary<string, int> _uriIds = new(StringComparer.Ordinal);
    private readonly List<string> _uris = [];
    private readonly List<SchemaState> _states = [];
    private readonly Dictionary<XsdElement, ElementGrammar> _elements = new(ReferenceEqualityComparer.Instance);
    private readonly List<(XsdElement Declaration, ElementGrammar Grammar)> _pendingElements = [];
    private readonly Dictionary<XsdType, SchemaState> _typeGrammars = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<XsdType> _baseTypes = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<XsdName> _baseTypeNames = [];
    private SchemaState? _endState;

    private SchemaCompiler(XsdSchema set)
    {
        _set = set;
    }

    /// <summary>Compiles the grammars of a schema's components.</summary>
    public static CompiledSchema Compile(XsdSchema set) => new SchemaCompiler(set).Run();

    private CompiledSchema Run()
    {
        CollectNames();
        UriEntry[] uris = AssignIds();
        CollectBaseTypes();

        var globalElements = new ElementGrammar?[_qnames.Count];
        var globalAttributes = new Datatype?[_qnames.Count];
        var typeGrammars = new SchemaState?[_qnames.Count];
        for (int id = 0; id < _qnames.Count; id++)
        {
            var name = new XsdName(_qnames[id].Uri, _qnames[id].LocalName);
            if (_set.GlobalElements.GetValueOrDefault(name) is XsdElement element)
            {
                globalElements[id] = ElementOf(element);
            }

            if (_set.GlobalAttributes.GetValueOrDefault(name) is XsdAttribute attribute)
            {
                globalAttributes[id] = DatatypeOf(attribute.Type);
            }

            if (_set.TypeNamed(name) is XsdType type)
            {
                typeGrammars[id] = TypeGrammar(type);
            }
        }

        var docContent = NewState(SchemaStateKind.DocContent, "DocContent");
        var globals = new List<(string Uri, string LocalName)>();
        foreach (int id in SortedByName(globalElements.Select((g, id) => (g, id)).Where(e => e.g is not null).Select(e => e.id)))
        {
            docContent.Add(new SchemaProduction(SchemaEvent.StartElement, null) { QName = id, Element = globalElements[id] });
            globals.Add(_qnames[id]);
        }

        docContent.Add(new SchemaProduction(SchemaEvent.StartElementAny, null));
        SchemaState fragmentContent = FragmentContent();

        ResolveElements();
        foreach (SchemaState state in _states)
        {
            state.Freeze(id => _qnames[id], id => _uris[id]);
        }

        return new CompiledSchema
        {
            Uris = uris,
            QNameCount = _qnames.Count,
            GlobalElements = globalElements,
            GlobalAttributes = globalAttributes,
            TypeGrammars = typeGrammars,
            DocContent = docContent,
            FragmentContent = fragmentContent,
            StateCount = _states.Count,
            GlobalElementNames = globals,
        };
    }

    /// <summary>The qualified-name ids sorted by local name, then URI (the order of §8.5.1 and §8.5.4.3).</summary>
    private IEnumerable<int> SortedByName(IEnumerable<int> ids) => ids
        .OrderBy(id => _qnames[id].LocalName, StringComparer.Ordinal)
        .ThenBy(id => _qnames[id].Uri, StringComparer.Ordinal);

    private SchemaState NewState(SchemaStateKind kind, string label)
    {
        var state = new SchemaState(kind) { Label = label };
        _states.Add(state);
        return state;
    }

    /// <summary>The content state holding only EE, shared by simple-content types.</summary>
    private SchemaState EndState()
    {
        if (_endState is null)
        {
            _endState = NewState(SchemaStateKind.Content, "end");
            _endState.Add(new SchemaProduction(SchemaEvent.EndElement, null));
        }

        return _endState;
    }

    private int QNameId(XsdName name) => _qnameIds[(name.Uri, name.LocalName)];

    private int UriId(string uri) => _uriIds[uri];

    /// <summary>The grammar of an element declaration (§8.5.4.1.4); its first state is fixed once all types exist.</summary>
    private ElementGrammar ElementOf(XsdElement declaration)
    {
        if (_elements.TryGetValue(declaration, out ElementGrammar? grammar))
        {
            return grammar;
        }

        grammar = new ElementGrammar(QNameId(declaration.Name));
        _elements.Add(declaration, grammar);
        _pendingElements.Add((declaration, grammar));
        _ = TypeGrammar(declaration.Type);
        return grammar;
    }

    /// <summary>
    /// Fixes each element's first state: its type's, or a copy marked nillable and/or type-castable, which adds
    /// xsi:nil / xsi:type to the strict second level (§8.5.4.4.1).
    /// </summary>
    private void ResolveElements()
    {
        for (int i = 0; i < _pendingElements.Count; i++)
        {
            (XsdElement declaration, ElementGrammar grammar) = _pendingElements[i];
            XsdType type = declaration.Type;
            SchemaState typeStart = TypeGrammar(type);
            bool castable = IsTypeCastable(type);
            if (declaration.Nillable || castable)
            {
                SchemaState copy = CopyFirstStartTag(typeStart, $"{declaration.Name}");
                copy.Nillable = declaration.Nillable;
                copy.TypeCastable = castable;
                grammar.Start = copy;
            }
            else
            {
                grammar.Start = typeStart;
            }
        }
    }

    /// <summary>A type has named subtypes (it is the base of some global type, built-in ones included) or is a union.</summary>
    private bool IsTypeCastable(XsdType type) =>
        (type.Name is XsdName name ? _baseTypeNames.Contains(name) : _baseTypes.Contains(type))
        || type is XsdSimpleType { Variety: XsdVariety.Union };

    private void CollectBaseTypes()
    {
        // Built-in types derived from built-in types: those bases are castable whatever the schema says.
        foreach (string name in (string[])["anyType", "anySimpleType", "string", "normalizedString", "token", "Name", "NCName", "decimal", "integer", "nonPositiveInteger", "long", "int", "short", "nonNegativeInteger", "unsignedLong", "unsignedInt", "unsignedShort"])
        {
            _baseTypeNames.Add(new XsdName(XsdNamespace, name));
        }

        foreach (XsdType type in _set.GlobalTypes.Values)
        {
            if (type.Base is XsdType baseType)
            {
                if (baseType.Name is XsdName name)
                {
                    _baseTypeNames.Add(name);
                }
                else
                {
                    _baseTypes.Add(baseType);
                }
            }
        }
    }

    private SchemaState CopyFirstStartTag(SchemaState source, string label)
    {
        SchemaState copy = NewState(SchemaStateKind.FirstStartTag, label);
        FillFirstStartTag(copy, source);
        return copy;
    }
}
