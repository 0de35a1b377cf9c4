namespace Edge.Exi.Internal.Schema;

/// <summary>
/// The terminal of a schema-informed production, declared in the order of EXI 1.0 §8.5.4.3: a state's
/// productions are sorted by this first, then AT(qname) by local name and URI, AT(uri:*) by URI, and
/// SE(qname) / SE(uri:*) in schema order.
/// </summary>
internal enum SchemaEvent : byte
{
    /// <summary>AT(qname) [schema-typed value].</summary>
    Attribute,

    /// <summary>AT(uri:*).</summary>
    AttributeNs,

    /// <summary>AT(*).</summary>
    AttributeAny,

    /// <summary>SE(qname).</summary>
    StartElement,

    /// <summary>SE(uri:*).</summary>
    StartElementNs,

    /// <summary>SE(*).</summary>
    StartElementAny,

    EndElement,

    /// <summary>CH [schema-typed value].</summary>
    Characters,

    /// <summary>CH [untyped value] (mixed content).</summary>
    CharactersAny,

    /// <summary>ED, in the fragment grammar.</summary>
    EndDocument,
}

/// <summary>
/// The kinds of schema-informed non-terminals: they decide the undeclared (second-level) productions a
/// non-strict stream adds (§8.5.4.4.1) and where those lead.
/// </summary>
internal enum SchemaStateKind : byte
{
    DocContent,
    FragmentContent,

    /// <summary>The first state of an element or type grammar (xsi:type, xsi:nil and NS are allowed here).</summary>
    FirstStartTag,

    /// <summary>A later state of the start tag: after some attributes, before content.</summary>
    StartTag,

    /// <summary>A state of the element's content.</summary>
    Content,
}

/// <summary>The grammar of one element declaration: its first start-tag state, set once every type is built.</summary>
internal sealed class ElementGrammar(int qname)
{
    public int QName { get; } = qname;

    public SchemaState Start { get; set; } = null!;
}

/// <summary>One production of a schema-informed state; its event code is its index in the state.</summary>
internal sealed class SchemaProduction(SchemaEvent kind, SchemaState? next)
{
    public SchemaEvent Event { get; } = kind;

    /// <summary>Gets the qualified-name id (in the schema's initial string table) of SE(qname) and AT(qname).</summary>
    public int QName { get; init; } = -1;

    /// <summary>Gets the URI id of AT(uri:*) and SE(uri:*).</summary>
    public int Uri { get; init; } = -1;

    /// <summary>Gets the datatype of AT(qname) and CH [schema-typed value].</summary>
    public Datatype? Type { get; init; }

    /// <summary>Gets the grammar of the element an SE(qname) starts.</summary>
    public ElementGrammar? Element { get; init; }

    /// <summary>Gets the state after the event (null after EE and ED).</summary>
    public SchemaState? Next { get; internal set; } = next;

    /// <summary>Gets the insertion order, which is the schema order of SE productions.</summary>
    internal int Sequence { get; set; }

    public override string ToString() => Event switch
    {
        SchemaEvent.Attribute or SchemaEvent.StartElement => $"{Event}#{QName}",
        SchemaEvent.AttributeNs or SchemaEvent.StartElementNs => $"{Event}(uri {Uri})",
        SchemaEvent.Characters => $"{Event}[{Type}]",
        _ => Event.ToString(),
    };
}

/// <summary>
/// A non-terminal of a schema-informed grammar (§8.5.4) after normalization: productions sorted, the event code
/// of each being its index. Immutable once the schema is compiled, and shared by every stream using it.
/// </summary>
internal sealed class SchemaState(SchemaStateKind kind)
{
    private static readonly SchemaState EmptyContent = CreateEmptyContent();
    private readonly List<SchemaProduction> _building = [];
    private SchemaProduction[] _productions = [];
    private SchemaState? _typeEmpty;

    public SchemaStateKind Kind { get; } = kind;

    public SchemaProduction[] Productions => _productions;

    public bool HasEndElement { get; private set; }

    /// <summary>Gets or sets, for start-tag states, the content state undeclared SE, CH, ER, CM and PI lead to.</summary>
    public SchemaState? Content2 { get; set; }

    /// <summary>Gets or sets a value indicating whether xsi:nil is allowed (first start tag of a nillable element).</summary>
    public bool Nillable { get; set; }

    /// <summary>Gets or sets a value indicating whether xsi:type is allowed in strict mode (the type has named subtypes or is a union).</summary>
    public bool TypeCastable { get; set; }

    /// <summary>Gets the number of AT(qname) productions (the range of the AT [untyped value] index, §8.5.4.4.1).</summary>
    public int DeclaredAttributes { get; private set; }

    /// <summary>Gets the event code of the first AT(qname) production.</summary>
    public int LeastAttributeCode { get; private set; }

    /// <summary>Gets a stable name for diagnostics.</summary>
    public string Label { get; set; } = string.Empty;

    /// <summary>Gets the state where undeclared content leads: the content copy for start tags, this state otherwise.</summary>
    public SchemaState ElementContent => Content2 ?? this;

    public void Add(SchemaProduction production)
    {
        foreach (SchemaProduction existing in _building)
        {
            if (existing.Event == production.Event && existing.QName == production.QName && existing.Uri == production.Uri)
            {
                // The same terminal twice (e.g. a wildcard met again): the first one stands (§8.5.4.2 keeps one).
                return;
            }
        }

        production.Sequence = _building.Count;
        _building.Add(production);
        HasEndElement |= production.Event == SchemaEvent.EndElement;
    }

    public void AddAll(SchemaState other, Func<SchemaProduction, bool>? include = null)
    {
        foreach (SchemaProduction p in other._building)
        {
            if (include is null || include(p))
            {
                Add(Copy(p, p.Next));
            }
        }
    }

    public IReadOnlyList<SchemaProduction> Building => _building;

    /// <summary>Sorts the productions into event-code order (§8.5.4.3) and fixes them.</summary>
    public void Freeze(Func<int, (string Uri, string LocalName)> qnameOf, Func<int, string> uriOf)
    {
        var sorted = _building.ToArray();
        Array.Sort(sorted, (a, b) =>
        {
            int byKind = a.Event.CompareTo(b.Event);
            if (byKind != 0)
            {
                return byKind;
            }

            switch (a.Event)
            {
                case SchemaEvent.Attribute:
                    (string au, string al) = qnameOf(a.QName);
                    (string bu, string bl) = qnameOf(b.QName);
                    int byLocal = string.CompareOrdinal(al, bl);
                    return byLocal != 0 ? byLocal : string.CompareOrdinal(au, bu);
                case SchemaEvent.AttributeNs:
                    return string.CompareOrdinal(uriOf(a.Uri), uriOf(b.Uri));
                default:
                    return a.Sequence.CompareTo(b.Sequence);
            }
        });
        _productions = sorted;
        CountAttributes();
    }

    public SchemaProduction? Find(SchemaEvent kind)
    {
        foreach (SchemaProduction p in _productions)
        {
            if (p.Event == kind)
            {
                return p;
            }
        }

        return null;
    }

    public int IndexOf(SchemaEvent kind, int qname = -1, int uri = -1)
    {
        SchemaProduction[] productions = _productions;
        for (int i = 0; i < productions.Length; i++)
        {
            SchemaProduction p = productions[i];
            if (p.Event == kind && (qname < 0 || p.QName == qname) && (uri < 0 || p.Uri == uri))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The state an element continues in after xsi:nil="true" (the TypeEmpty grammar of §8.5.4.1.3): this state's attribute
    /// productions, leading to the empty-typed versions of their targets, then EE. Built on first use, as the
    /// reference implementation does at run time; the result depends only on this state, so a race only builds
    /// an equal copy.
    /// </summary>
    public SchemaState TypeEmpty
    {
        get
        {
            if (_typeEmpty is SchemaState built)
            {
                return built;
            }

            var empty = new SchemaState(Kind == SchemaStateKind.FirstStartTag ? SchemaStateKind.FirstStartTag : SchemaStateKind.StartTag)
            {
                Content2 = EmptyContent,
                Label = Label + "/empty",
            };
            foreach (SchemaProduction p in _productions)
            {
                if (p.Event is SchemaEvent.Attribute or SchemaEvent.AttributeNs or SchemaEvent.AttributeAny)
                {
                    SchemaState target = p.Next == this ? empty : p.Next!.TypeEmpty;
                    empty.Add(Copy(p, target));
                }
                else if (!empty.HasEndElement)
                {
                    empty.Add(new SchemaProduction(SchemaEvent.EndElement, null));
                }
            }

            empty.FreezeInOrder();
            Interlocked.CompareExchange(ref _typeEmpty, empty, null);
            return _typeEmpty;
        }
    }

    public override string ToString() => $"{Kind} {Label} [{string.Join(", ", (_productions.Length > 0 ? _productions : [.. _building]).Select(p => p.ToString()))}]";

    /// <summary>Fixes the productions in the order they were added (they were added in code order).</summary>
    private void FreezeInOrder()
    {
        _productions = [.. _building];
        CountAttributes();
    }

    private void CountAttributes()
    {
        LeastAttributeCode = -1;
        DeclaredAttributes = 0;
        for (int i = 0; i < _productions.Length; i++)
        {
            if (_productions[i].Event == SchemaEvent.Attribute)
            {
                LeastAttributeCode = LeastAttributeCode < 0 ? i : LeastAttributeCode;
                DeclaredAttributes++;
            }
        }
    }

    private static SchemaProduction Copy(SchemaProduction p, SchemaState? next) => new(p.Event, next)
    {
        QName = p.QName,
        Uri = p.Uri,
        Type = p.Type,
        Element = p.Element,
    };

    private static SchemaState CreateEmptyContent()
    {
        var state = new SchemaState(SchemaStateKind.Content) { Label = "empty" };
        state.Add(new SchemaProduction(SchemaEvent.EndElement, null));
        state.FreezeInOrder();
        return state;
    }
}
