using Edge.Exi.Internal.Schema.Model;

namespace Edge.Exi.Internal.Schema;

/// <summary>
/// Type grammars (EXI 1.0 §8.5.4.1.3): the attribute uses of a type in qualified-name order, each optional one
/// skippable, the attribute wildcard in every attribute state, then the content (empty, simple, or the content
/// model's states, with CH [untyped] in every state when mixed).
/// </summary>
internal sealed partial class SchemaCompiler
{
    /// <summary>The first start-tag state of a type's grammar (without the element's xsi:nil / xsi:type marks).</summary>
    private SchemaState TypeGrammar(XsdType type)
    {
        if (_typeGrammars.TryGetValue(type, out SchemaState? start))
        {
            return start;
        }

        string label = type.Label;
        start = NewState(SchemaStateKind.FirstStartTag, label);
        _typeGrammars.Add(type, start);
        switch (type)
        {
            case XsdComplexType { IsAnyType: true }:
                BuildAnyType(start);
                break;
            case XsdComplexType complex:
                BuildComplexType(start, complex);
                break;
            case XsdSimpleType simple:
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

    private void BuildComplexType(SchemaState start, XsdComplexType type)
    {
        SchemaState content;
        SchemaState content2;
        switch (type.ContentType)
        {
            case XsdContentType.TextOnly:
                content = NewState(SchemaStateKind.Content, start.Label + "/simple");
                content.Add(new SchemaProduction(SchemaEvent.Characters, EndState()) { Type = DatatypeOf(type.SimpleContent ?? XsdBuiltInTypes.String) });
                content2 = content;
                break;
            case XsdContentType.ElementOnly:
            case XsdContentType.Mixed:
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

        var uses = type.AttributeUses.ToList();
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
        SchemaState startTag = Attributes(first, content2, [], new XsdWildcard { Uris = null }, "anyType");
        FillFirstStartTag(start, startTag);
    }

    /// <summary>
    /// The attribute states (§8.5.4.1.3.2), built from the last attribute use to the first: each state offers its
    /// attribute (and the wildcard); an optional one also offers everything the next state does.
    /// </summary>
    private SchemaState Attributes(SchemaState content, SchemaState content2, List<XsdAttributeUse> uses, XsdWildcard? wildcard, string label)
    {
        string[]? wildcardUris = wildcard?.Uris;
        SchemaState state = NewState(SchemaStateKind.StartTag, label + "/attributes-end");
        state.Content2 = content2;
        state.AddAll(content);
        AddAttributeWildcard(state, wildcard, wildcardUris);
        uses.Sort((a, b) =>
        {
            int byName = string.CompareOrdinal(a.Declaration.Name.LocalName, b.Declaration.Name.LocalName);
            return byName != 0 ? byName : string.CompareOrdinal(a.Declaration.Name.Uri, b.Declaration.Name.Uri);
        });
        for (int i = uses.Count - 1; i >= 0; i--)
        {
            XsdAttributeUse use = uses[i];
            NoteAttribute(use.Declaration);
            SchemaState previous = state;
            state = NewState(SchemaStateKind.StartTag, $"{label}/@{use.Declaration.Name.LocalName}");
            state.Content2 = content2;
            state.Add(new SchemaProduction(SchemaEvent.Attribute, previous)
            {
                QName = QNameId(use.Declaration.Name),
                Type = DatatypeOf(use.Type),
            });
            AddAttributeWildcard(state, wildcard, wildcardUris);
            if (!use.Required)
            {
                state.AddAll(previous, p => p.Event is not (SchemaEvent.AttributeAny or SchemaEvent.AttributeNs));
            }
        }

        return state;
    }

    private void AddAttributeWildcard(SchemaState state, XsdWildcard? wildcard, string[]? uris)
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
    private SchemaState ContentStates(XsdComplexType type, string label)
    {
        bool mixed = type.ContentType == XsdContentType.Mixed;
        XsdParticle particle = type.Particle ?? new XsdGroup();
        if (particle is XsdGroup { Compositor: XsdCompositor.All } all)
        {
            // An all group: one state offering each member and EE, looping (as the reference implementation does).
            SchemaState allState = NewState(SchemaStateKind.Content, label + "/all");
            allState.Add(new SchemaProduction(SchemaEvent.EndElement, null));
            foreach (XsdParticle item in all.Items)
            {
                if (item is XsdElementParticle member)
                {
                    ElementGrammar element = ElementOf(member.Element);
                    allState.Add(new SchemaProduction(SchemaEvent.StartElement, allState) { QName = element.QName, Element = element });
                }
            }

            return allState;
        }

        List<ContentModel.State> automaton = ContentModel.Build(particle);
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
        if (term.Element is XsdElement declaration)
        {
            ElementGrammar head = ElementOf(declaration);
            var members = new List<(int QName, ElementGrammar Grammar)> { (head.QName, head) };
            members.AddRange(SubstitutionGroup(declaration).Select(m => (QNameId(m.Name), ElementOf(m))));
            foreach ((int qname, ElementGrammar grammar) in SortedByName(members.Select(m => m.QName)).Select(id => members.First(m => m.QName == id)))
            {
                state.Add(new SchemaProduction(SchemaEvent.StartElement, target) { QName = qname, Element = grammar });
            }

            return;
        }

        string[]? uris = term.Wildcard!.Uris;
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
