using Edge.Exi.Internal.Schema;

namespace Edge.Exi.Internal;

/// <summary>Schema-informed decoding (EXI 1.0 §8.5): the mirror of the encoder's schema paths.</summary>
internal sealed partial class BodyDecoder
{
    private static readonly Datatype BooleanType = new(DatatypeKind.Boolean, WhiteSpace.Collapse);

    private ElementGrammar? GlobalElement(int qname) => _schema is not null && qname < _schema.QNameCount ? _schema.GlobalElements[qname] : null;

    private SchemaState? TypeGrammar(int qname) => _schema is not null && qname < _schema.QNameCount ? _schema.TypeGrammars[qname] : null;

    private Datatype? GlobalAttribute(int qname) => _schema is not null && qname < _schema.QNameCount ? _schema.GlobalAttributes[qname] : null;

    /// <summary>Reads one event coded in a schema-informed state: a first-level production or an undeclared one.</summary>
    private ExiEvent SchemaNext(SchemaState state)
    {
        Span<Undeclared> layout = stackalloc Undeclared[SecondLevel.MaxEntries];
        int count = SecondLevel.Layout(state, _options, layout);
        int n = state.Productions.Length;
        int first = n + (count > 0 ? 1 : 0);
        int code = Input.ReadCode(CodePoints.BitsFor(first), first, "event code");
        if (code < n)
        {
            return SchemaProductionEvent(state, state.Productions[code]);
        }

        int second = Input.ReadCode(CodePoints.BitsFor(count), count, "second-level event code");
        return UndeclaredEvent(state, layout[second]);
    }

    private ExiEvent SchemaProductionEvent(SchemaState state, SchemaProduction p)
    {
        switch (p.Event)
        {
            case SchemaEvent.Attribute:
                SetState(p.Next);
                return AttributeEvent(p.QName, ReadPrefixIfPreserved(p.QName), p.Type!);
            case SchemaEvent.AttributeNs:
            {
                int qname = ReadLocalName(_table.Uri(p.Uri));
                SetState(p.Next);
                return GenericAttribute(qname, schemaInformed: true);
            }

            case SchemaEvent.AttributeAny:
            {
                int qname = ReadQName();
                SetState(p.Next);
                return GenericAttribute(qname, schemaInformed: true);
            }

            case SchemaEvent.StartElement:
            {
                string? prefix = ReadPrefixIfPreserved(p.QName);
                SetState(p.Next, leavesDocument: true);
                return PushElement(p.QName, prefix, p.Element);
            }

            case SchemaEvent.StartElementNs:
            {
                int qname = ReadLocalName(_table.Uri(p.Uri));
                string? prefix = ReadPrefixIfPreserved(qname);
                SetState(p.Next, leavesDocument: true);
                return PushElement(qname, prefix, null);
            }

            case SchemaEvent.StartElementAny:
            {
                int qname = ReadQName();
                string? prefix = ReadPrefixIfPreserved(qname);
                SetState(p.Next, leavesDocument: true);
                return PushElement(qname, prefix, null);
            }

            case SchemaEvent.EndElement:
                return PopElement();
            case SchemaEvent.Characters:
                SetState(p.Next);
                return WithTypedValue(new ExiEvent(ExiEventType.Characters), _frames[^1].QName, p.Type!);
            case SchemaEvent.CharactersAny:
                SetState(p.Next);
                return WithTypedValue(new ExiEvent(ExiEventType.Characters), _frames[^1].QName, Datatype.Untyped);
            default:
                Ended = true;
                return new ExiEvent(ExiEventType.EndDocument);
        }
    }

    private ExiEvent UndeclaredEvent(SchemaState state, Undeclared kind)
    {
        switch (kind)
        {
            case Undeclared.EndElement:
                return PopElement();
            case Undeclared.XsiType:
                return XsiType(ReadPrefixIfPreserved(_xsiType));
            case Undeclared.XsiNil:
            {
                string? prefix = ReadPrefixIfPreserved(_xsiNil);
                bool nil = Input.ReadBoolean();
                if (nil)
                {
                    SetState(state.TypeEmpty);
                }

                return AttributeEvent(_xsiNil, prefix, nil ? "true" : "false");
            }

            case Undeclared.AttributeAny:
                return GenericAttribute(ReadQName(), schemaInformed: true);
            case Undeclared.AttributeInvalid:
            {
                int declared = state.DeclaredAttributes;
                int which = Input.ReadCode(CodePoints.BitsFor(declared + 1), declared + 1, "attribute index");
                int qname;
                if (which < declared)
                {
                    SchemaProduction p = state.Productions[state.LeastAttributeCode + which];
                    qname = p.QName;
                    SetState(p.Next);
                }
                else
                {
                    qname = ReadQName();
                }

                string? prefix = ReadPrefixIfPreserved(qname);
                int context = qname == _xsiNil ? _xsiType : qname;
                var e = AttributeShell(qname, prefix);
                return WithTypedValue(e, context, Datatype.Untyped);
            }

            case Undeclared.Namespace:
                return NamespaceDeclaration();
            case Undeclared.SelfContained:
                StartSelfContained(Input.BitPosition);
                return NextSelfContained();
            case Undeclared.StartElementAny:
            {
                int qname = ReadQName();
                string? prefix = ReadPrefixIfPreserved(qname);
                SetState(state.ElementContent);
                return PushElement(qname, prefix, null);
            }

            case Undeclared.Characters:
                SetState(state.ElementContent);
                return WithTypedValue(new ExiEvent(ExiEventType.Characters), _frames[^1].QName, Datatype.Untyped);
            case Undeclared.EntityReference:
                SetState(state.ElementContent);
                return new ExiEvent(ExiEventType.EntityReference) { Name = Input.ReadString() };
            case Undeclared.DocType:
                return new ExiEvent(ExiEventType.DocType)
                {
                    Name = Input.ReadString(),
                    PublicId = Input.ReadString(),
                    SystemId = Input.ReadString(),
                    Value = Input.ReadString(),
                };
            default:
                bool comments = _options.PreserveComments;
                int third = (comments ? 1 : 0) + (_options.PreserveProcessingInstructions ? 1 : 0);
                int which3 = Input.ReadCode(CodePoints.BitsFor(third), third, "third-level event code");
                if (_frames.Count > 0)
                {
                    SetState(state.ElementContent);
                }

                return which3 == 0 && comments
                    ? new ExiEvent(ExiEventType.Comment) { Value = Input.ReadString() }
                    : new ExiEvent(ExiEventType.ProcessingInstruction) { Name = Input.ReadString(), Value = Input.ReadString() };
        }
    }

    /// <summary>
    /// An attribute matched by a wildcard or undeclared: xsi:type is a QName (and may switch the grammar), xsi:nil
    /// in a schema grammar a boolean, an attribute with a global declaration its type, any other a string.
    /// </summary>
    private ExiEvent GenericAttribute(int qname, bool schemaInformed)
    {
        string? prefix = ReadPrefixIfPreserved(qname);
        if (qname == _xsiType)
        {
            return XsiType(prefix);
        }

        if (qname == _xsiNil && schemaInformed)
        {
            bool nil = Input.ReadBoolean();
            if (nil && _frames[^1].State is SchemaState current)
            {
                SetState(current.TypeEmpty);
            }

            return AttributeEvent(_xsiNil, prefix, nil ? "true" : "false");
        }

        return WithTypedValue(AttributeShell(qname, prefix), qname, GlobalAttribute(qname) ?? Datatype.Untyped);
    }

    private ExiEvent XsiType(string? prefix)
    {
        int type = ReadQName();
        QNameEntry typeName = _table.QName(type);
        string? typePrefix = _options.PreservePrefixes ? ReadQNamePrefix(type) : null;
        if (TypeGrammar(type) is SchemaState typeGrammar)
        {
            SetState(typeGrammar);
        }

        return new ExiEvent(ExiEventType.Attribute)
        {
            NamespaceUri = ExiConstants.XsiNamespace,
            LocalName = "type",
            Prefix = prefix,
            Value = typePrefix is { Length: > 0 } ? $"{typePrefix}:{typeName.LocalName}" : typeName.LocalName,
            TypeNamespaceUri = typeName.UriString,
            TypeLocalName = typeName.LocalName,
        };
    }

    private ExiEvent AttributeEvent(int qname, string? prefix, Datatype type) => WithTypedValue(AttributeShell(qname, prefix), qname, type);

    private ExiEvent AttributeEvent(int qname, string? prefix, string value)
    {
        ExiEvent e = AttributeShell(qname, prefix);
        e.Value = value;
        return e;
    }

    private ExiEvent AttributeShell(int qname, string? prefix)
    {
        if (_frames.Count == 0)
        {
            throw Input.Error("An attribute outside an element");
        }

        QNameEntry entry = _table.QName(qname);
        return new ExiEvent(ExiEventType.Attribute) { NamespaceUri = entry.UriString, LocalName = entry.LocalName, Prefix = prefix };
    }

    private ExiEvent PopElement()
    {
        QNameEntry closed = _table.QName(_frames[^1].QName);
        _frames.RemoveAt(_frames.Count - 1);
        return new ExiEvent(ExiEventType.EndElement) { NamespaceUri = closed.UriString, LocalName = closed.LocalName };
    }

    /// <summary>Moves the current element (or the document, when <paramref name="leavesDocument"/>) to its next state.</summary>
    private void SetState(SchemaState? next, bool leavesDocument = false)
    {
        if (_frames.Count == 0)
        {
            if (leavesDocument)
            {
                _documentSchemaState = next;
                if (next is null)
                {
                    _documentState = _grammars.DocEnd;
                }
            }

            return;
        }

        Frame frame = _frames[^1];
        frame.State = next;
        if (next is null || next.Kind is SchemaStateKind.Content)
        {
            frame.InStartTag = false;
        }
    }

    private string? ReadPrefixIfPreserved(int qname) => _options.PreservePrefixes ? ReadQNamePrefix(qname) : null;

    private ExiEvent WithTypedValue(ExiEvent e, int qname, Datatype type)
    {
        if (_options.IsChanneled)
        {
            PendingValues.Add((e, qname, type));
        }
        else
        {
            e.Value = ReadTypedValue(Input, qname, type);
        }

        return e;
    }
}
