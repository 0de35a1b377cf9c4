using Edge.Exi.Internal.Schema;

namespace Edge.Exi.Internal;

/// <summary>
/// Schema-informed coding (EXI 1.0 §8.5): events matched against the compiled grammars' states, first-level codes
/// for what the schema declares and, unless strict, second-level codes for what it does not (§8.5.4.4).
/// The choices follow the reference implementation wherever the specification leaves one open.
/// </summary>
internal sealed partial class BodyEncoder
{
    private static readonly Datatype BooleanType = new(DatatypeKind.Boolean, WhiteSpace.Collapse);

    /// <summary>The schema state SE is coded in: the document or fragment grammar, or the open element's state.</summary>
    private SchemaState? SchemaStateNow()
    {
        CheckStarted();
        return _frames.Count == 0 ? _documentSchemaState : _frames[^1].State;
    }

    private void CheckStarted()
    {
        if (!_started || _ended)
        {
            throw new InvalidOperationException(_ended ? "The document has ended." : "The document has not started.");
        }
    }

    private void SchemaStartElement(SchemaState state, string uri, string localName, string? prefix)
    {
        int qname = FindQName(uri, localName);
        int index = qname >= 0 ? state.IndexOf(SchemaEvent.StartElement, qname) : -1;
        SchemaProduction? used = null;
        ElementGrammar? declared = null;
        if (index >= 0)
        {
            WriteSchemaCode(state, index);
            used = state.Productions[index];
            declared = used.Element;
            if (_options.PreservePrefixes)
            {
                WriteQNamePrefix(qname, prefix ?? string.Empty);
            }
        }
        else
        {
            int uriId = _table.FindUri(uri);
            index = uriId >= 0 ? state.IndexOf(SchemaEvent.StartElementNs, uri: uriId) : -1;
            if (index >= 0)
            {
                WriteSchemaCode(state, index);
                used = state.Productions[index];
                qname = WriteLocalName(_table.Uri(uriId), localName);
            }
            else
            {
                index = state.IndexOf(SchemaEvent.StartElementAny);
                if (index >= 0)
                {
                    WriteSchemaCode(state, index);
                    used = state.Productions[index];
                }
                else
                {
                    WriteSecondLevel(state, Undeclared.StartElementAny, $"SE {{{uri}}}{localName}");
                }

                qname = WriteQName(uri, localName);
            }

            if (_options.PreservePrefixes)
            {
                WriteQNamePrefix(qname, prefix ?? string.Empty);
            }
        }

        SchemaState? next = used is null ? state.ElementContent : used.Next;
        if (_frames.Count == 0)
        {
            _documentSchemaState = next;
            if (next is null)
            {
                _documentState = _grammars.DocEnd;
            }
        }
        else
        {
            _frames[^1].State = next;
        }

        PushElement(qname, prefix, declared);
    }

    /// <summary>Opens an element: its declared grammar, else the global declaration of its name, else a built-in grammar.</summary>
    private void PushElement(int qname, string? prefix, ElementGrammar? declared = null)
    {
        ElementGrammar? grammar = declared ?? GlobalElement(qname);
        if (grammar is not null)
        {
            _frames.Add(new Frame(qname, null, prefix ?? string.Empty) { State = grammar.Start });
            return;
        }

        QNameEntry entry = _table.QName(qname);
        _table.EnsureGrammar(entry, _grammars);
        _frames.Add(new Frame(qname, entry.Grammar, prefix ?? string.Empty));
    }

    private ElementGrammar? GlobalElement(int qname) => _schema is not null && qname < _schema.QNameCount ? _schema.GlobalElements[qname] : null;

    private SchemaState? TypeGrammar(int qname) => _schema is not null && qname < _schema.QNameCount ? _schema.TypeGrammars[qname] : null;

    private Datatype? GlobalAttribute(int qname) => _schema is not null && qname >= 0 && qname < _schema.QNameCount ? _schema.GlobalAttributes[qname] : null;

    private void SchemaAttribute(Frame frame, SchemaState state, string uri, string localName, string? prefix, string value)
    {
        int qname = FindQName(uri, localName);
        if (qname == _xsiType)
        {
            SchemaXsiType(frame, state, prefix, value);
            return;
        }

        if (qname == _xsiNil && SchemaXsiNil(frame, state, prefix, value))
        {
            return;
        }

        int index = qname >= 0 ? state.IndexOf(SchemaEvent.Attribute, qname) : -1;
        Datatype type = Datatype.Untyped;
        SchemaState next;
        TypedValue typed = default;
        bool valid;
        if (index >= 0)
        {
            SchemaProduction used = state.Productions[index];
            type = used.Type!;
            valid = TryParse(type, value, ref typed);
            if (valid)
            {
                WriteSchemaCode(state, index);
            }
            else
            {
                WriteInvalidAttributeCode(state, index - state.LeastAttributeCode, $"AT {{{uri}}}{localName}=\"{value}\"");
                type = Datatype.Untyped;
            }

            next = used.Next!;
        }
        else
        {
            int uriId = _table.FindUri(uri);
            int nsIndex = uriId >= 0 ? state.IndexOf(SchemaEvent.AttributeNs, uri: uriId) : -1;
            int wildcard = nsIndex >= 0 ? nsIndex : state.IndexOf(SchemaEvent.AttributeAny);
            Datatype? global = GlobalAttribute(qname);
            if (global is not null && !TryParse(global, value, ref typed))
            {
                // A globally declared attribute with an invalid value: AT [untyped value] at index "declared count".
                WriteInvalidAttributeCode(state, state.DeclaredAttributes, $"AT {{{uri}}}{localName}=\"{value}\"");
                global = null;
            }
            else if (wildcard >= 0)
            {
                WriteSchemaCode(state, wildcard);
            }
            else
            {
                WriteSecondLevel(state, Undeclared.AttributeAny, $"AT {{{uri}}}{localName}");
            }

            type = global ?? Datatype.Untyped;
            if (wildcard >= 0 && state.Productions[wildcard].Event == SchemaEvent.AttributeNs)
            {
                qname = WriteLocalName(_table.Uri(uriId), localName);
            }
            else
            {
                qname = WriteQName(uri, localName);
            }

            next = wildcard >= 0 ? state.Productions[wildcard].Next! : state;
        }

        if (_options.PreservePrefixes)
        {
            WriteQNamePrefix(qname, prefix ?? string.Empty);
        }

        frame.State = next;
        SchemaValue(qname, type, value, typed);
    }

    /// <summary>xsi:type (§8.5.4.4.1): a QName value; a named schema type switches the element to the type's grammar.</summary>
    private void SchemaXsiType(Frame frame, SchemaState state, string? prefix, string value)
    {
        int index = SecondLevel.IndexOf(state, _options, Undeclared.XsiType, out _);
        if (index >= 0)
        {
            WriteSecondLevel(state, Undeclared.XsiType, "xsi:type");
            if (_options.PreservePrefixes)
            {
                WriteQNamePrefix(_xsiType, prefix ?? string.Empty);
            }
        }
        else
        {
            int any = state.IndexOf(SchemaEvent.AttributeAny);
            if (any < 0)
            {
                throw Invalid($"xsi:type=\"{value}\" is not allowed here in strict mode (the type has no named subtypes)");
            }

            WriteSchemaCode(state, any);
            WriteQName(ExiConstants.XsiNamespace, "type");
            if (_options.PreservePrefixes)
            {
                WriteQNamePrefix(_xsiType, prefix ?? string.Empty);
            }
        }

        int type = WriteTypeName(value);
        if (type >= 0 && TypeGrammar(type) is SchemaState typeGrammar)
        {
            frame.State = typeGrammar;
        }
    }

    /// <summary>
    /// xsi:nil (§8.5.4.4.1): a boolean in the structure; true switches the element to its empty grammar. A false
    /// value is dropped, as the reference implementation does (it changes nothing). A value that is not a boolean is
    /// coded as an attribute with an invalid value (non-strict only).
    /// </summary>
    private bool SchemaXsiNil(Frame frame, SchemaState state, string? prefix, string value)
    {
        TypedValue nil = default;
        if (!TryParse(BooleanType, value, ref nil))
        {
            WriteInvalidAttributeCode(state, state.DeclaredAttributes, $"xsi:nil=\"{value}\"");
            WriteQName(ExiConstants.XsiNamespace, "nil");
            if (_options.PreservePrefixes)
            {
                WriteQNamePrefix(_xsiNil, prefix ?? string.Empty);
            }

            SchemaValue(_xsiType, Datatype.Untyped, value, default);
            return true;
        }

        bool isNil = nil.Number != 0;
        if (!isNil)
        {
            return true;
        }

        if (SecondLevel.IndexOf(state, _options, Undeclared.XsiNil, out _) >= 0)
        {
            WriteSecondLevel(state, Undeclared.XsiNil, "xsi:nil");
        }
        else
        {
            int any = state.IndexOf(SchemaEvent.AttributeAny);
            if (any < 0)
            {
                throw Invalid($"xsi:nil=\"{value}\" is not allowed here in strict mode (the element is not nillable)");
            }

            WriteSchemaCode(state, any);
            WriteQName(ExiConstants.XsiNamespace, "nil");
        }

        if (_options.PreservePrefixes)
        {
            WriteQNamePrefix(_xsiNil, prefix ?? string.Empty);
        }

        Structure.WriteBoolean(true);
        frame.State = state.TypeEmpty;
        return true;
    }

    /// <summary>CH: typed when the state declares it and the value is valid, else CH [untyped] (declared or undeclared).</summary>
    private void SchemaCharacters(Frame frame, SchemaState state, string value)
    {
        int index = state.IndexOf(SchemaEvent.Characters);
        TypedValue typed = default;
        if (index >= 0 && TryParse(state.Productions[index].Type!, value, ref typed))
        {
            WriteSchemaCode(state, index);
            frame.State = state.Productions[index].Next;
            SchemaValue(frame.QName, state.Productions[index].Type!, value, typed);
            return;
        }

        index = state.IndexOf(SchemaEvent.CharactersAny);
        if (index >= 0)
        {
            WriteSchemaCode(state, index);
            frame.State = state.Productions[index].Next;
        }
        else if (SecondLevel.IndexOf(state, _options, Undeclared.Characters, out _) >= 0)
        {
            WriteSecondLevel(state, Undeclared.Characters, "CH");
            frame.State = state.ElementContent;
        }
        else if (_options.Fragment || (_options.Strict && IsWhitespace(value)))
        {
            // Whitespace the strict grammar has no place for is not content (as the reference implementation skips it).
            return;
        }
        else
        {
            throw Invalid($"Characters \"{Shorten(value)}\" are not allowed here in strict mode");
        }

        SchemaValue(frame.QName, Datatype.Untyped, value, default);
    }

    private void SchemaEndElement(Frame frame, SchemaState state)
    {
        int index = state.IndexOf(SchemaEvent.EndElement);
        if (index >= 0)
        {
            WriteSchemaCode(state, index);
            return;
        }

        if (SecondLevel.IndexOf(state, _options, Undeclared.EndElement, out _) >= 0)
        {
            WriteSecondLevel(state, Undeclared.EndElement, "EE");
            return;
        }

        // Strict, and the content is not complete: empty text may complete it (an empty string or list value).
        int ch = state.IndexOf(SchemaEvent.Characters);
        TypedValue typed = default;
        if (ch >= 0 && TryParse(state.Productions[ch].Type!, string.Empty, ref typed) && state.Productions[ch].Next is SchemaState after && after.IndexOf(SchemaEvent.EndElement) is int ee and >= 0)
        {
            WriteSchemaCode(state, ch);
            SchemaValue(frame.QName, state.Productions[ch].Type!, string.Empty, typed);
            WriteSchemaCode(after, ee);
            return;
        }

        throw Invalid($"The element {{{_table.QName(frame.QName).UriString}}}{_table.QName(frame.QName).LocalName} is not complete (strict mode)");
    }

    /// <summary>CM, PI, DT and ER in a schema state: second (and third) level codes; content follows.</summary>
    private bool SchemaMiscellaneous(Undeclared kind, int thirdLevel)
    {
        CheckStarted();
        SchemaState? state = _frames.Count == 0 ? _documentSchemaState : _frames[^1].State;
        if (state is null)
        {
            return false;
        }

        WriteSecondLevel(state, kind, kind.ToString());
        if (kind == Undeclared.CommentOrPi)
        {
            int count = (_options.PreserveComments ? 1 : 0) + (_options.PreserveProcessingInstructions ? 1 : 0);
            Structure.WriteNBit(thirdLevel, CodePoints.BitsFor(count));
        }

        if (_frames.Count > 0 && kind is not Undeclared.DocType)
        {
            _frames[^1].State = state.ElementContent;
        }

        return true;
    }

    /// <summary>A first-level event code: ⌈log2(n + 1)⌉ bits when the state has second-level productions (§6.2).</summary>
    private void WriteSchemaCode(SchemaState state, int index)
    {
        Span<Undeclared> layout = stackalloc Undeclared[SecondLevel.MaxEntries];
        int count = SecondLevel.Layout(state, _options, layout);
        int n = state.Productions.Length;
        Structure.WriteNBit(index, CodePoints.BitsFor(n + (count > 0 ? 1 : 0)));
    }

    private void WriteSecondLevel(SchemaState state, Undeclared kind, string what)
    {
        Span<Undeclared> layout = stackalloc Undeclared[SecondLevel.MaxEntries];
        int count = SecondLevel.Layout(state, _options, layout);
        int index = layout[..count].IndexOf(kind);
        if (index < 0)
        {
            throw Invalid($"{what} is not allowed here{(_options.Strict ? " in strict mode" : string.Empty)}");
        }

        int n = state.Productions.Length;
        Structure.WriteNBit(n, CodePoints.BitsFor(n + 1));
        Structure.WriteNBit(index, CodePoints.BitsFor(count));
    }

    /// <summary>AT(qname) [untyped value]: the second-level code, then which declared attribute (or the undeclared slot).</summary>
    private void WriteInvalidAttributeCode(SchemaState state, int attribute, string what)
    {
        WriteSecondLevel(state, Undeclared.AttributeInvalid, what + " (invalid value)");
        Structure.WriteNBit(attribute, CodePoints.BitsFor(state.DeclaredAttributes + 1));
    }

    private static bool TryParse(Datatype type, string value, ref TypedValue typed) =>
        type.IsString || Schema.TypedValue.TryParse(type, value, out typed);

    private static ExiException Invalid(string message) => new($"{message}; the document does not fit the schema's grammar", -1);

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
