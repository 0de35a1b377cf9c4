using System.Xml.Schema;

namespace Edge.Exi.Internal.Schema.Model;

/// <summary>
/// Writes the components one schema document (with its includes) declares as a grammar file
/// (<see cref="GrammarFileFormat"/>): what that document declares is written whole, a global component of another
/// document is referenced by name. Deterministic: globals in name order, the rest in the order reached from them.
/// </summary>
internal sealed class GrammarFileWriter
{
    private readonly XsdModelBuilder _model;
    private readonly HashSet<XmlSchema> _documents;
    private readonly string _documentName;
    private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<XsdName, int> _names = [];
    private readonly Dictionary<object, int> _types = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<object, int> _elements = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<object, int> _attributes = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<object, int> _wildcards = new(ReferenceEqualityComparer.Instance);
    private readonly List<XsdType> _typeList = [];
    private readonly List<XsdElement> _elementList = [];
    private readonly List<XsdAttribute> _attributeList = [];
    private readonly List<XsdWildcardParticle> _wildcardList = [];

    private GrammarFileWriter(XsdModelBuilder model, HashSet<XmlSchema> documents, string documentName)
    {
        _model = model;
        _documents = documents;
        _documentName = documentName;
    }

    /// <summary>The grammar file of <paramref name="document"/> (and the documents it includes) within a built model.</summary>
    public static byte[] Write(XsdModelBuilder model, XmlSchema document, string documentName, long sourceLength, byte[] sourceMd5, IEnumerable<(string Namespace, string Location)> imports)
    {
        var documents = new HashSet<XmlSchema>(ReferenceEqualityComparer.Instance);
        AddWithIncludes(documents, document);
        var writer = new GrammarFileWriter(model, documents, documentName);
        return writer.Run(document.TargetNamespace ?? string.Empty, sourceLength, sourceMd5, [.. imports]);
    }

    private static void AddWithIncludes(HashSet<XmlSchema> documents, XmlSchema document)
    {
        if (!documents.Add(document))
        {
            return;
        }

        foreach (XmlSchemaObject external in document.Includes)
        {
            if (external is XmlSchemaInclude or XmlSchemaRedefine && ((XmlSchemaExternal)external).Schema is XmlSchema included)
            {
                AddWithIncludes(documents, included);
            }
        }
    }

    /// <summary>Declared by this document, or derived facts (no document) reached from it.</summary>
    private bool Owned(object model) => _model.OwnerOf(model) is not XmlSchema owner || _documents.Contains(owner);

    private bool Declared(object model) => _model.OwnerOf(model) is XmlSchema owner && _documents.Contains(owner);

    private byte[] Run(string targetNamespace, long sourceLength, byte[] sourceMd5, List<(string Namespace, string Location)> imports)
    {
        XsdSchema schema = _model.Schema;
        List<XsdElement> globalElements = [.. schema.GlobalElements.Values.Where(e => Declared(e)).OrderBy(e => e.Name.LocalName, StringComparer.Ordinal).ThenBy(e => e.Name.Uri, StringComparer.Ordinal)];
        List<XsdAttribute> globalAttributes = [.. schema.GlobalAttributes.Values.Where(a => Declared(a)).OrderBy(a => a.Name.LocalName, StringComparer.Ordinal).ThenBy(a => a.Name.Uri, StringComparer.Ordinal)];
        List<XsdType> globalTypes = [.. schema.GlobalTypes.Values.Where(t => Declared(t)).OrderBy(t => t.Name!.Value.LocalName, StringComparer.Ordinal).ThenBy(t => t.Name!.Value.Uri, StringComparer.Ordinal)];

        var body = new GrammarBuffer();
        var globals = new GrammarBuffer();
        globals.Count(globalElements.Count);
        globalElements.ForEach(e => globals.Unsigned(ElementRef(e)));
        globals.Count(globalAttributes.Count);
        globalAttributes.ForEach(a => globals.Unsigned(AttributeRef(a)));
        globals.Count(globalTypes.Count);
        globalTypes.ForEach(t => globals.Unsigned(TypeRef(t)));

        // Records reference further records: write until every list is drained (each record is written once).
        var types = new GrammarBuffer();
        var elements = new GrammarBuffer();
        var attributes = new GrammarBuffer();
        var wildcards = new GrammarBuffer();
        int t = 0, e = 0, a = 0, w = 0;
        while (t < _typeList.Count || e < _elementList.Count || a < _attributeList.Count || w < _wildcardList.Count)
        {
            for (; t < _typeList.Count; t++)
            {
                WriteType(types, _typeList[t]);
            }

            for (; e < _elementList.Count; e++)
            {
                XsdElement element = _elementList[e];
                elements.Count(Name(element.Name));
                elements.Byte((byte)((element.IsGlobal ? 1 : 0) | (element.Nillable ? 2 : 0) | (element.SubstitutionHead is null ? 0 : 4)));
                elements.Unsigned(TypeRef(element.Type));
                if (element.SubstitutionHead is XsdName head)
                {
                    elements.Count(Name(head));
                }
            }

            for (; a < _attributeList.Count; a++)
            {
                XsdAttribute attribute = _attributeList[a];
                attributes.Count(Name(attribute.Name));
                attributes.Byte(attribute.IsGlobal ? (byte)1 : (byte)0);
                attributes.Unsigned(TypeRef(attribute.Type));
            }

            for (; w < _wildcardList.Count; w++)
            {
                XsdWildcardParticle wildcard = _wildcardList[w];
                Occurs(wildcards, wildcard);
                Wildcard(wildcards, wildcard.Wildcard);
            }
        }

        var file = new GrammarBuffer();
        file.Bytes(GrammarFileFormat.Magic);
        file.Count(GrammarFileFormat.Version);
        file.Unsigned((ulong)sourceLength);
        file.Bytes(sourceMd5);
        int target = String(targetNamespace);
        var importIds = imports.Select(i => (String(i.Namespace), String(i.Location))).ToList();
        file.Count(target);
        file.Count(importIds.Count);
        foreach ((int ns, int location) in importIds)
        {
            file.Count(ns);
            file.Count(location);
        }

        file.Count(_strings.Count);
        foreach (string s in _strings.Keys)
        {
            file.Text(s);
        }

        file.Count(_names.Count);
        foreach (XsdName name in _names.Keys)
        {
            file.Count(_strings[name.Uri]);
            file.Count(_strings[name.LocalName]);
        }

        file.Count(_wildcardList.Count);
        file.Bytes(wildcards.ToArray());
        file.Count(_elementList.Count);
        file.Bytes(elements.ToArray());
        file.Count(_attributeList.Count);
        file.Bytes(attributes.ToArray());
        file.Count(_typeList.Count);
        _typeList.ForEach(type => file.Byte(type is XsdComplexType ? GrammarFileFormat.ComplexKind : GrammarFileFormat.SimpleKind));
        file.Bytes(types.ToArray());
        file.Bytes(globals.ToArray());
        return file.ToArray();
    }

    private int String(string value)
    {
        if (!_strings.TryGetValue(value, out int id))
        {
            id = _strings.Count;
            _strings.Add(value, id);
        }

        return id;
    }

    private int Name(XsdName name)
    {
        if (!_names.TryGetValue(name, out int id))
        {
            String(name.Uri);
            String(name.LocalName);
            id = _names.Count;
            _names.Add(name, id);
        }

        return id;
    }

    private static ulong Local<T>(Dictionary<object, int> ids, List<T> list, T item)
        where T : class
    {
        if (!ids.TryGetValue(item, out int id))
        {
            id = list.Count;
            ids.Add(item, id);
            list.Add(item);
        }

        return (2 * (ulong)id) + 1;
    }

    private ulong Named(XsdName? name, string what) => name is XsdName n
        ? (2 * (ulong)Name(n)) + 2
        : throw new ExiSchemaException($"Schema document '{_documentName}' uses {what} declared inside another document (a derivation across documents?); a grammar file can only refer to another document's global components.");

    private ulong TypeRef(XsdType? type) => type switch
    {
        null => 0,
        { Name: XsdName { Uri: XsdBuiltInTypes.Namespace } name } => Named(name, "a built-in type"),
        _ when Owned(type) => Local(_types, _typeList, type),
        _ => Named(type.Name, $"an anonymous type"),
    };

    private ulong ElementRef(XsdElement element) =>
        Owned(element) ? Local(_elements, _elementList, element) : Named(element.IsGlobal ? element.Name : null, $"the local element {element.Name}");

    private ulong AttributeRef(XsdAttribute attribute) =>
        Owned(attribute) ? Local(_attributes, _attributeList, attribute) : Named(attribute.IsGlobal ? attribute.Name : null, $"the local attribute {attribute.Name}");

    private void WriteType(GrammarBuffer output, XsdType type)
    {
        output.Unsigned(type.Name is XsdName name ? (ulong)Name(name) + 1 : 0);
        output.Unsigned(TypeRef(type.Base));
        if (type is XsdSimpleType simple)
        {
            output.Byte((byte)((simple.Minimum is null ? 0 : 1) | (simple.Maximum is null ? 0 : 2) | (simple.Enumeration is null ? 0 : 4)
                | (simple.HasPattern ? 8 : 0) | (simple.PatternIsBuiltIn ? 16 : 0) | (simple.CharacterSet is null ? 0 : 32)));
            output.Unsigned(TypeRef(simple.FactsBase));
            output.Count((int)simple.Code);
            output.Byte((byte)simple.Variety);
            output.Unsigned(TypeRef(simple.Item));
            if (simple.Minimum is System.Numerics.BigInteger min)
            {
                output.Big(min);
            }

            if (simple.Maximum is System.Numerics.BigInteger max)
            {
                output.Big(max);
            }

            if (simple.Enumeration is string[] values)
            {
                output.Count(values.Length);
                Array.ForEach(values, v => output.Count(String(v)));
            }

            if (simple.CharacterSet is int[] set)
            {
                output.Count(set.Length);
                Array.ForEach(set, c => output.Count(c));
            }

            output.Byte((byte)simple.WhiteSpace);
            output.Count(String(simple.DisplayName));
            return;
        }

        var complex = (XsdComplexType)type;
        output.Byte((byte)complex.ContentType);
        output.Count(complex.AttributeUses.Count);
        foreach (XsdAttributeUse use in complex.AttributeUses)
        {
            output.Unsigned(AttributeRef(use.Declaration));
            output.Unsigned(TypeRef(use.Type));
            output.Byte(use.Required ? (byte)1 : (byte)0);
        }

        output.Byte(complex.AttributeWildcard is null ? (byte)0 : (byte)1);
        if (complex.AttributeWildcard is XsdWildcard wildcard)
        {
            Wildcard(output, wildcard);
        }

        output.Byte(complex.Particle is null ? (byte)0 : (byte)1);
        if (complex.Particle is XsdParticle particle)
        {
            Particle(output, particle);
        }

        output.Unsigned(TypeRef(complex.SimpleContent));
    }

    private void Wildcard(GrammarBuffer output, XsdWildcard wildcard)
    {
        if (wildcard.Uris is null)
        {
            output.Count(0);
            return;
        }

        output.Count(wildcard.Uris.Length + 1);
        Array.ForEach(wildcard.Uris, u => output.Count(String(u)));
    }

    private static void Occurs(GrammarBuffer output, XsdParticle particle)
    {
        output.Unsigned((ulong)particle.MinOccurs);
        output.Unsigned(particle.MaxOccurs == XsdParticle.Unbounded ? 0 : (ulong)particle.MaxOccurs + 1);
    }

    private void Particle(GrammarBuffer output, XsdParticle particle)
    {
        switch (particle)
        {
            case XsdElementParticle element:
                output.Byte(GrammarFileFormat.ElementParticle);
                Occurs(output, particle);
                output.Unsigned(ElementRef(element.Element));
                break;
            case XsdWildcardParticle wildcard:
                if (!Owned(wildcard))
                {
                    throw new ExiSchemaException($"Schema document '{_documentName}' uses a wildcard of another document's content model (a derivation across documents?); a grammar file can only refer to another document's global components.");
                }

                output.Byte(GrammarFileFormat.WildcardParticle);
                output.Unsigned(Local(_wildcards, _wildcardList, wildcard));
                break;
            case XsdGroup group:
                output.Byte(group.Compositor switch
                {
                    XsdCompositor.Choice => GrammarFileFormat.ChoiceGroup,
                    XsdCompositor.All => GrammarFileFormat.AllGroup,
                    _ => GrammarFileFormat.SequenceGroup,
                });
                Occurs(output, particle);
                output.Count(group.Items.Count);
                group.Items.ForEach(item => Particle(output, item));
                break;
            default:
                throw new InvalidOperationException($"Unknown particle {particle.GetType().Name}.");
        }
    }
}
