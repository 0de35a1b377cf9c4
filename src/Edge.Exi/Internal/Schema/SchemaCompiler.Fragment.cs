using Edge.Exi.Internal.Schema.Model;

namespace Edge.Exi.Internal.Schema;

/// <summary>
/// The schema-informed fragment grammar (EXI 1.0 §8.5.2): SE of every element declared anywhere in the schema,
/// sorted, each with its grammar, or, where declarations of one name disagree, the relaxed ElementFragment grammar
/// that accepts any attribute and element of the schema.
/// </summary>
internal sealed partial class SchemaCompiler
{
    private readonly HashSet<XsdAttribute> _attributeDeclarations = new(ReferenceEqualityComparer.Instance);
    private readonly List<XsdAttribute> _attributeOrder = [];
    private SchemaState? _elementFragment;

    private void NoteAttribute(XsdAttribute declaration)
    {
        if (_attributeDeclarations.Add(declaration))
        {
            _attributeOrder.Add(declaration);
        }
    }

    private SchemaState FragmentContent()
    {
        foreach (XsdAttribute global in _set.GlobalAttributes.Values)
        {
            NoteAttribute(global);
        }

        SchemaState content = NewState(SchemaStateKind.FragmentContent, "FragmentContent");
        foreach ((int qname, ElementGrammar grammar) in FragmentElements())
        {
            content.Add(new SchemaProduction(SchemaEvent.StartElement, content) { QName = qname, Element = grammar });
        }

        content.Add(new SchemaProduction(SchemaEvent.StartElementAny, content));
        content.Add(new SchemaProduction(SchemaEvent.EndDocument, null));
        return content;
    }

    /// <summary>Every declared element name, sorted, with one grammar: the declarations', or ElementFragment where they differ.</summary>
    private List<(int QName, ElementGrammar Grammar)> FragmentElements()
    {
        var byName = new Dictionary<int, List<XsdElement>>();
        foreach (XsdElement declaration in _elements.Keys.ToList())
        {
            int id = QNameId(declaration.Name);
            if (!byName.TryGetValue(id, out List<XsdElement>? list))
            {
                list = [];
                byName.Add(id, list);
            }

            list.Add(declaration);
        }

        var result = new List<(int, ElementGrammar)>();
        foreach (int id in SortedByName(byName.Keys))
        {
            List<XsdElement> declarations = byName[id];
            if (declarations.Count == 1 || SameElementGrammar(declarations))
            {
                result.Add((id, ElementOf(declarations[0])));
            }
            else
            {
                result.Add((id, new ElementGrammar(id) { Start = ElementFragment() }));
            }
        }

        return result;
    }

    /// <summary>Declarations of one name share a grammar when they have the same named type and nillability.</summary>
    private static bool SameElementGrammar(List<XsdElement> declarations)
    {
        XsdElement first = declarations[0];
        foreach (XsdElement other in declarations)
        {
            XsdType a = first.Type;
            XsdType b = other.Type;
            if (a.Name is null || b.Name is null || a.Name != b.Name || first.Nillable != other.Nillable)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The relaxed grammar for elements whose declarations disagree (§8.5.3, ElementFragment).</summary>
    private SchemaState ElementFragment()
    {
        if (_elementFragment is not null)
        {
            return _elementFragment;
        }

        SchemaState start = NewState(SchemaStateKind.FirstStartTag, "ElementFragment");
        SchemaState content = NewState(SchemaStateKind.Content, "ElementFragment/content");
        start.Content2 = content;
        start.Nillable = true;
        start.TypeCastable = true;
        _elementFragment = start;

        List<(int QName, ElementGrammar Grammar)> elements = FragmentElements();
        foreach ((int qname, ElementGrammar grammar) in elements)
        {
            content.Add(new SchemaProduction(SchemaEvent.StartElement, content) { QName = qname, Element = grammar });
        }

        content.Add(new SchemaProduction(SchemaEvent.StartElementAny, content));
        content.Add(new SchemaProduction(SchemaEvent.EndElement, null));
        content.Add(new SchemaProduction(SchemaEvent.CharactersAny, content));

        var attributes = new Dictionary<int, List<XsdAttribute>>();
        foreach (XsdAttribute declaration in _attributeOrder)
        {
            int id = QNameId(declaration.Name);
            if (!attributes.TryGetValue(id, out List<XsdAttribute>? list))
            {
                list = [];
                attributes.Add(id, list);
            }

            list.Add(declaration);
        }

        foreach (int id in SortedByName(attributes.Keys))
        {
            List<XsdAttribute> declarations = attributes[id];
            bool same = declarations.All(d => ReferenceEquals(d.Type, declarations[0].Type));
            Datatype type = same ? DatatypeOf(declarations[0].Type) : Datatype.Untyped;
            start.Add(new SchemaProduction(SchemaEvent.Attribute, start) { QName = id, Type = type });
        }

        start.Add(new SchemaProduction(SchemaEvent.AttributeAny, start));
        foreach ((int qname, ElementGrammar grammar) in elements)
        {
            start.Add(new SchemaProduction(SchemaEvent.StartElement, content) { QName = qname, Element = grammar });
        }

        start.Add(new SchemaProduction(SchemaEvent.StartElementAny, content));
        start.Add(new SchemaProduction(SchemaEvent.EndElement, null));
        start.Add(new SchemaProduction(SchemaEvent.CharactersAny, content));
        return start;
    }
}
