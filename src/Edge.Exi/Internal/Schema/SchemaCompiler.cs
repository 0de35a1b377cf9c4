using System.Xml;
using System.Xml.Schema;

namespace Edge.Exi.Internal.Schema;

/// <summary>
/// Compiles an <see cref="XmlSchemaSet"/> into EXI grammars (EXI 1.0 §8.5 and appendix D): the pre-populated string
/// table, a datatype per simple type, a type grammar per type, an element grammar per element declaration, and the
/// document and fragment grammars. XML Schema itself (includes, imports, groups, derivation, the post-schema
/// component properties) is the BCL's <see cref="XmlSchemaSet"/>; everything EXI is built here.
/// </summary>
internal sealed partial class SchemaCompiler
{
    private const string XsdNamespace = "http://www.w3.org/2001/XMLSchema";

    private static readonly string[] XsdTypeNames =
    [
        "ENTITIES", "ENTITY", "ID", "IDREF", "IDREFS", "NCName", "NMTOKEN", "NMTOKENS", "NOTATION", "Name", "QName",
        "anySimpleType", "anyType", "anyURI", "base64Binary", "boolean", "byte", "date", "dateTime", "decimal", "double",
        "duration", "float", "gDay", "gMonth", "gMonthDay", "gYear", "gYearMonth", "hexBinary", "int", "integer",
        "language", "long", "negativeInteger", "nonNegativeInteger", "nonPositiveInteger", "normalizedString",
        "positiveInteger", "short", "string", "time", "token", "unsignedByte", "unsignedInt", "unsignedLong",
        "unsignedShort",
    ];

    private static readonly XmlSchemaComplexType AnyType = XmlSchemaType.GetBuiltInComplexType(new XmlQualifiedName("anyType", XsdNamespace))!;

    private readonly XmlSchemaSet _set;
    private readonly Dictionary<string, SortedSet<string>> _names = new(StringComparer.Ordinal);
    private readonly HashSet<XmlSchemaComplexType> _visitedTypes = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<(string Uri, string LocalName), int> _qnameIds = [];
    private readonly List<(string Uri, string LocalName)> _qnames = [];
    private readonly Dictionary<string, int> _uriIds = new(StringComparer.Ordinal);
    private readonly List<string> _uris = [];
    private readonly List<SchemaState> _states = [];
    private readonly Dictionary<object, ElementGrammar> _elements = new(ReferenceEqualityComparer.Instance);
    private readonly List<(XmlSchemaElement Declaration, ElementGrammar Grammar)> _pendingElements = [];
    private readonly Dictionary<XmlSchemaType, SchemaState> _typeGrammars = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<object> _baseTypes = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<XmlQualifiedName> _baseTypeNames = [];
    private SchemaState? _endState;

    private SchemaCompiler(XmlSchemaSet set)
    {
        _set = set;
    }

    /// <summary>Compiles a compiled (<see cref="XmlSchemaSet.IsCompiled"/>) schema set.</summary>
    public static CompiledSchema Compile(XmlSchemaSet set) => new SchemaCompiler(set).Run();

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
            var name = new XmlQualifiedName(_qnames[id].LocalName, _qnames[id].Uri);
            if (_set.GlobalElements[name] is XmlSchemaElement element)
            {
                globalElements[id] = ElementOf(element);
            }

            if (_set.GlobalAttributes[name] is XmlSchemaAttribute attribute)
            {
                globalAttributes[id] = DatatypeOf(attribute.AttributeSchemaType);
            }

            if (TypeNamed(name) is XmlSchemaType type)
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

    private XmlSchemaType? TypeNamed(XmlQualifiedName name)
    {
        if (name.Namespace == XsdNamespace)
        {
            return name.Name == "anyType" ? AnyType : XmlSchemaType.GetBuiltInSimpleType(name);
        }

        return _set.GlobalTypes[name] as XmlSchemaType;
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

    private int QNameId(XmlQualifiedName name) => _qnameIds[(name.Namespace, name.Name)];

    private int UriId(string uri) => _uriIds[uri];

    /// <summary>The identity of an element particle's declaration: the global declaration for references.</summary>
    private object DeclarationOf(XmlSchemaElement particle) =>
        particle.RefName.IsEmpty ? particle : (object?)_set.GlobalElements[particle.RefName] ?? particle;

    /// <summary>The grammar of an element declaration (§8.5.4.1.4); its first state is fixed once all types exist.</summary>
    private ElementGrammar ElementOf(XmlSchemaElement particle)
    {
        object key = DeclarationOf(particle);
        if (_elements.TryGetValue(key, out ElementGrammar? grammar))
        {
            return grammar;
        }

        var declaration = (XmlSchemaElement)key;
        grammar = new ElementGrammar(QNameId(declaration.QualifiedName));
        _elements.Add(key, grammar);
        _pendingElements.Add((declaration, grammar));
        _ = TypeGrammar(declaration.ElementSchemaType ?? AnyType);
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
            (XmlSchemaElement declaration, ElementGrammar grammar) = _pendingElements[i];
            XmlSchemaType type = declaration.ElementSchemaType ?? AnyType;
            SchemaState typeStart = TypeGrammar(type);
            bool castable = IsTypeCastable(type);
            if (declaration.IsNillable || castable)
            {
                SchemaState copy = CopyFirstStartTag(typeStart, $"{declaration.QualifiedName}");
                copy.Nillable = declaration.IsNillable;
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
    private bool IsTypeCastable(XmlSchemaType type) =>
        (type.QualifiedName.IsEmpty ? _baseTypes.Contains(type) : _baseTypeNames.Contains(type.QualifiedName))
        || (type is XmlSchemaSimpleType simple && simple.Datatype?.Variety == XmlSchemaDatatypeVariety.Union);

    private void CollectBaseTypes()
    {
        // Built-in types derived from built-in types: those bases are castable whatever the schema says.
        foreach (string name in (string[])["anyType", "anySimpleType", "string", "normalizedString", "token", "Name", "NCName", "decimal", "integer", "nonPositiveInteger", "long", "int", "short", "nonNegativeInteger", "unsignedLong", "unsignedInt", "unsignedShort"])
        {
            _baseTypeNames.Add(new XmlQualifiedName(name, XsdNamespace));
        }

        foreach (XmlSchemaType type in _set.GlobalTypes.Values)
        {
            if (type.BaseXmlSchemaType is XmlSchemaType baseType)
            {
                if (baseType.QualifiedName.IsEmpty)
                {
                    _baseTypes.Add(baseType);
                }
                else
                {
                    _baseTypeNames.Add(baseType.QualifiedName);
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
