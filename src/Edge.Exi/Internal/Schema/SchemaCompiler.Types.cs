using System.Xml.Schema;

namespace Edge.Exi.Internal.Schema;

/// <summary>
/// Type grammars (EXI 1.0 §8.5.4.1.3): the attribute uses of a type in qualified-name order, each optional one
/// skippable, the attribute wildcard in every attribute state, then the content (empty, simple, or the content
/// model's states, with CH [untyped] in every state when mixed).
/// </summary>
internal sealed partial class SchemaCompiler
{
    /// <summary>The first start-tag state of a type's grammar (without the element's xsi:nil / xsi:type marks).</summary>
    private SchemaState TypeGrammar(XmlSchemaType type)
    {
        if (_typeGrammars.TryGetValue(type, out SchemaState? start))
        {
            return start;
        }

        string label = type.QualifiedName.IsEmpty ? "(anonymous)" : type.QualifiedName.ToString();
        start = NewState(SchemaStateKind.FirstStartTag, label);
        _typeGrammars.Add(type, start);
        switch (type)
        {
            case XmlSchemaComplexType complex when complex.QualifiedName == AnyType.QualifiedName:
                BuildAnyType(start);
                break;
            case XmlSchemaComplexType complex:
                BuildComplexType(start, complex);
                break;
            case XmlSchemaSimpleType simple:
                BuildSimpleType(start, DatatypeOf(simple));
                break;
            default:
                throw new ExiSchemaException($"Unsupported type definition {label}.");
        }

        return start;
    }

    /// <summary>A simple type's grammar: CH [typed value] then EE (§8.5.4.1.3.1).</summary>
    private void BuildSimpleType(SchemaState start, Datatype datatype)
    {
        SchemaState content = NewState(SchemaStateKind.Content, start.Label + "/content");
        content.Add(new SchemaProduction(SchemaEvent.Characters, EndState()) { Type = datatype });
        SchemaState startTag = Attributes(content, content, [], null, start.Label);
        FillFirstStartTag(start, startTag);
    }

    private void BuildComplexType(SchemaState start, XmlSchemaComplexType type)
    {
        SchemaState content;
        SchemaState content2;
        switch (type.ContentType)
        {
            case XmlSchemaContentType.TextOnly:
                content = NewState(SchemaStateKind.Content, start.Label + "/simple");
                content.Add(new SchemaProduction(SchemaEvent.Characters, EndState()) { Type = ContentDatatype(type) });
                content2 = content;
                break;
            case XmlSchemaContentType.ElementOnly:
            case XmlSchemaContentType.Mixed:
                content = ContentStates(type, start.Label);
                content2 = NewState(SchemaStateKind.Content, start.Label + "/content2");
                content2.AddAll(content);
                break;
            default:
                content = NewState(SchemaStateKind.Content, start.Label + "/empty");
                content.Add(new SchemaProduction(SchemaEvent.EndElement, null));
                content2 = content;
                break;
        }

        var uses = type.AttributeUses.Values.Cast<XmlSchemaAttribute>().Where(a => a.Use != XmlSchemaUse.Prohibited).ToList();
        SchemaState startTag = Attributes(content, content2, uses, type.AttributeWildcard, start.Label);
        FillFirstStartTag(start, startTag);
    }

    /// <summary>xs:anyType: any attributes, mixed content of any elements (the ur-type grammar).</summary>
    private void BuildAnyType(SchemaState start)
    {
        SchemaState first = NewState(SchemaStateKind.Content, "anyType/content");
        SchemaState loop = NewState(SchemaStateKind.Content, "anyType/more");
        foreach (SchemaState state in (SchemaState[])[first, loop])
        {
            state.Add(new SchemaProduction(SchemaEvent.StartElementAny, loop));
            state.Add(new SchemaProduction(SchemaEvent.EndElement, null));
            state.Add(new SchemaProduction(SchemaEvent.CharactersAny, state));
        }

        SchemaState content2 = NewState(SchemaStateKind.Content, "anyType/content2");
        content2.AddAll(first);
        SchemaState startTag = Attributes(first, content2, [], new XmlSchemaAnyAttribute { Namespace = "##any" }, "anyType");
        FillFirstStartTag(start, startTag);
    }

    /// <summary>
    /// The attribute states (§8.5.4.1.3.2), built from the last attribute use to the first: each state offers its
    /// attribute (and the wildcard); an optional one also offers everything the next state does.
    /// </summary>
    private SchemaState Attributes(SchemaState content, SchemaState content2, List<XmlSchemaAttribute> uses, XmlSchemaAnyAttribute? wildcard, string label)
    {
        string[]? wildcardUris = wildcard is null ? null : WildcardUris(wildcard.Namespace, wildcard);
        SchemaState state = NewState(SchemaStateKind.StartTag, label + "/attributes-end");
        state.Content2 = content2;
        state.AddAll(content);
        AddAttributeWildcard(state, wildcard, wildcardUris);
        uses.Sort((a, b) =>
        {
            int byName = string.CompareOrdinal(a.QualifiedName.Name, b.QualifiedName.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.QualifiedName.Namespace, b.QualifiedName.Namespace);
        });
        for (int i = uses.Count - 1; i >= 0; i--)
        {
            XmlSchemaAttribute use = uses[i];
            NoteAttribute(use);
            SchemaState previous = state;
            state = NewState(SchemaStateKind.StartTag, $"{label}/@{use.QualifiedName.Name}");
            state.Content2 = content2;
            state.Add(new SchemaProduction(SchemaEvent.Attribute, previous)
            {
                QName = QNameId(use.QualifiedName),
                Type = DatatypeOf(use.AttributeSchemaType),
            });
            AddAttributeWildcard(state, wildcard, wildcardUris);
            if (use.Use != XmlSchemaUse.Required)
            {
                state.AddAll(previous, p => p.Event is not (SchemaEvent.AttributeAny or SchemaEvent.AttributeNs));
            }
        }

        return state;
    }

    private void AddAttributeWildcard(SchemaState state, XmlSchemaAnyAttribute? wildcard, string[]? uris)
    {
        if (wildcard is null)
        {
            return;
        }

        if (uris is null)
        {
            state.Add(new SchemaProduction(SchemaEvent.AttributeAny, state));
            return;
        }

        foreach (string uri in uris)
        {
            state.Add(new SchemaProduction(SchemaEvent.AttributeNs, state) { Uri = UriId(uri) });
        }
    }

    /// <summary>Copies the first attribute state into the type's first start tag; a self-loop (wildcard) stays a self-loop.</summary>
    private static void FillFirstStartTag(SchemaState start, SchemaState source)
    {
        foreach (SchemaProduction p in source.Building)
        {
            start.Add(new SchemaProduction(p.Event, p.Next == source ? start : p.Next)
            {
                QName = p.QName,
                Uri = p.Uri,
                Type = p.Type,
                Element = p.Element,
            });
        }

        start.Content2 = source.Content2;
    }

    /// <summary>The content states of an element-only or mixed type; returns the start state.</summary>
    private SchemaState ContentStates(XmlSchemaComplexType type, string label)
    {
        bool mixed = type.ContentType == XmlSchemaContentType.Mixed;
        XmlSchemaParticle particle = type.ContentTypeParticle;
        if (particle is XmlSchemaAll all)
        {
            // An all group: one state offering each member and EE, looping (as the reference implementation does).
            SchemaState allState = NewState(SchemaStateKind.Content, label + "/all");
            allState.Add(new SchemaProduction(SchemaEvent.EndElement, null));
            foreach (XmlSchemaObject item in all.Items)
            {
                if (item is XmlSchemaElement member)
                {
                    ElementGrammar element = ElementOf(member);
                    allState.Add(new SchemaProduction(SchemaEvent.StartElement, allState) { QName = element.QName, Element = element });
                }
            }

            return allState;
        }

        List<ContentModel.State> automaton = ContentModel.Build(particle, DeclarationOf);
        var states = new SchemaState[automaton.Count];
        for (int i = 0; i < states.Length; i++)
        {
            states[i] = NewState(SchemaStateKind.Content, $"{label}/c{i}");
        }

        for (int i = 0; i < states.Length; i++)
        {
            ContentModel.State source = automaton[i];
            SchemaState state = states[i];
            if (source.End)
            {
                state.Add(new SchemaProduction(SchemaEvent.EndElement, null));
            }

            if (mixed)
            {
                state.Add(new SchemaProduction(SchemaEvent.CharactersAny, state));
            }

            foreach ((ContentModel.Term term, int target) in source.Transitions)
            {
                AddTransition(state, term, states[target]);
            }
        }

        return states[0];
    }

    private void AddTransition(SchemaState state, ContentModel.Term term, SchemaState target)
    {
        if (term.Element is XmlSchemaElement particle)
        {
            var declaration = (XmlSchemaElement)term.Key;
            ElementGrammar head = ElementOf(particle);
            var members = new List<(int QName, ElementGrammar Grammar)> { (head.QName, head) };
            members.AddRange(SubstitutionGroup(declaration).Select(m => (QNameId(m.QualifiedName), ElementOf(m))));
            foreach ((int qname, ElementGrammar grammar) in SortedByName(members.Select(m => m.QName)).Select(id => members.First(m => m.QName == id)))
            {
                state.Add(new SchemaProduction(SchemaEvent.StartElement, target) { QName = qname, Element = grammar });
            }

            return;
        }

        XmlSchemaAny any = term.Wildcard!;
        string[]? uris = WildcardUris(any.Namespace, any);
        if (uris is null)
        {
            state.Add(new SchemaProduction(SchemaEvent.StartElementAny, target));
            return;
        }

        foreach (string uri in uris)
        {
            state.Add(new SchemaProduction(SchemaEvent.StartElementNs, target) { Uri = UriId(uri) });
        }
    }
}
