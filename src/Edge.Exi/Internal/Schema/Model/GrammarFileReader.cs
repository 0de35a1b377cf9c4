using System.Numerics;
using XmlTypeCode = System.Xml.Schema.XmlTypeCode;

namespace Edge.Exi.Internal.Schema.Model;

/// <summary>
/// Reads grammar files (<see cref="GrammarFileFormat"/>) and composes them into one <see cref="XsdSchema"/>, as
/// XML Schema composes the documents of a schema (references by name resolve across files). Reading checks the
/// whole file; a name no composed file declares is an <see cref="ExiSchemaException"/> naming the file and the name.
/// </summary>
internal sealed class GrammarFileReader
{
    private readonly GrammarCursor _in;
    private readonly List<Action<XsdSchema>> _fixups = [];
    private readonly List<ulong> _checks = [];
    private string[] _strings = [];
    private XsdName[] _names = [];
    private XsdType[] _types = [];
    private XsdElement[] _elements = [];
    private XsdAttribute[] _attributes = [];
    private XsdWildcardParticle[] _wildcards = [];

    private GrammarFileReader(byte[] bytes, string name)
    {
        _in = new GrammarCursor(bytes, name);
    }

    public string TargetNamespace { get; private set; } = string.Empty;

    public long SourceLength { get; private set; }

    public byte[] SourceMd5 { get; private set; } = [];

    public List<(string Namespace, string Location)> Imports { get; } = [];

    public List<XsdElement> GlobalElements { get; } = [];

    public List<XsdAttribute> GlobalAttributes { get; } = [];

    public List<XsdType> GlobalTypes { get; } = [];

    /// <summary>Reads a whole file (references to other files stay unresolved until <see cref="Compose"/>).</summary>
    public static GrammarFileReader Read(byte[] bytes, string name)
    {
        var reader = new GrammarFileReader(bytes, name);
        reader.Run();
        return reader;
    }

    /// <summary>Composes files into one schema: their target namespaces and global components, references resolved.</summary>
    public static XsdSchema Compose(IEnumerable<(byte[] Bytes, string Name)> files)
    {
        var schema = new XsdSchema();
        var readers = new List<GrammarFileReader>();
        var declaredBy = new Dictionary<(char, XsdName), string>();
        void Declare<T>(Dictionary<XsdName, T> table, char kind, XsdName name, T item, string file)
        {
            if (!declaredBy.TryAdd((kind, name), file))
            {
                throw new ExiSchemaException($"{name} is declared both in '{declaredBy[(kind, name)]}' and in '{file}'.");
            }

            table.Add(name, item);
        }

        foreach ((byte[] bytes, string name) in files)
        {
            GrammarFileReader reader = Read(bytes, name);
            readers.Add(reader);
            schema.TargetNamespaces.Add(reader.TargetNamespace);
            reader.GlobalElements.ForEach(e => Declare(schema.GlobalElements, 'e', e.Name, e, name));
            reader.GlobalAttributes.ForEach(a => Declare(schema.GlobalAttributes, 'a', a.Name, a, name));
            reader.GlobalTypes.ForEach(t => Declare(schema.GlobalTypes, 't', t.Name!.Value, t, name));
        }

        foreach (GrammarFileReader reader in readers)
        {
            reader._fixups.ForEach(fixup => fixup(schema));
        }

        readers.ForEach(reader => reader.CheckDerivations());
        return schema;
    }

    private void Run()
    {
        if (!_in.Bytes(4).SequenceEqual(GrammarFileFormat.Magic))
        {
            throw new ExiSchemaException($"'{_in.Name}' is not an EXI grammar file (it does not start with \"EXIG\").");
        }

        int version = _in.Count();
        if (version != GrammarFileFormat.Version)
        {
            throw new ExiSchemaException($"EXI grammar file '{_in.Name}' has format {version}; this Edge reads format {GrammarFileFormat.Version}: compile the schema again (edge-gateway exi compile SCHEMA.xsd).");
        }

        SourceLength = (long)_in.Unsigned();
        SourceMd5 = _in.Bytes(16).ToArray();
        int target = _in.Count();
        var imports = new (int, int)[_in.Count()];
        for (int i = 0; i < imports.Length; i++)
        {
            imports[i] = (_in.Count(), _in.Count());
        }

        _strings = new string[_in.Count()];
        for (int i = 0; i < _strings.Length; i++)
        {
            _strings[i] = _in.Text();
        }

        TargetNamespace = String(target);
        Imports.AddRange(imports.Select(i => (String(i.Item1), String(i.Item2))));
        _names = new XsdName[_in.Count()];
        for (int i = 0; i < _names.Length; i++)
        {
            _names[i] = new XsdName(String(_in.Count()), String(_in.Count()));
        }

        _wildcards = new XsdWildcardParticle[_in.Count()];
        for (int i = 0; i < _wildcards.Length; i++)
        {
            var wildcard = new XsdWildcardParticle();
            Occurs(wildcard);
            wildcard.Wildcard = Wildcard();
            _wildcards[i] = wildcard;
        }

        _elements = new XsdElement[_in.Count()];
        for (int i = 0; i < _elements.Length; i++)
        {
            var element = new XsdElement { Name = Name(_in.Count()) };
            byte flags = _in.Byte();
            element.IsGlobal = (flags & 1) != 0;
            element.Nillable = (flags & 2) != 0;
            ulong type = _in.Unsigned();
            element.SubstitutionHead = (flags & 4) != 0 ? Name(_in.Count()) : null;
            Fix(s => element.Type = Type(s, type) ?? throw _in.Corrupt("an element without a type"));
            _elements[i] = element;
        }

        _attributes = new XsdAttribute[_in.Count()];
        for (int i = 0; i < _attributes.Length; i++)
        {
            var attribute = new XsdAttribute { Name = Name(_in.Count()), IsGlobal = _in.Byte() == 1 };
            ulong type = _in.Unsigned();
            CheckLater(type);
            Fix(s => attribute.Type = SimpleType(s, type) ?? throw _in.Corrupt("an attribute without a type"));
            _attributes[i] = attribute;
        }

        byte[] kinds = _in.Bytes(_in.Count()).ToArray();
        _types = [.. kinds.Select(k => k switch
        {
            GrammarFileFormat.SimpleKind => (XsdType)new XsdSimpleType(),
            GrammarFileFormat.ComplexKind => new XsdComplexType(),
            _ => throw _in.Corrupt($"an unknown type kind {k}"),
        })];
        Array.ForEach(_types, ReadType);
        _checks.ForEach(reference => Check(reference, _types.Length));
        for (int i = _in.Count(); i > 0; i--)
        {
            ulong element = _in.Unsigned();
            GlobalElements.Add(Local(_elements, element, "a global element"));
        }

        for (int i = _in.Count(); i > 0; i--)
        {
            ulong attribute = _in.Unsigned();
            GlobalAttributes.Add(Local(_attributes, attribute, "a global attribute"));
        }

        for (int i = _in.Count(); i > 0; i--)
        {
            ulong type = _in.Unsigned();
            XsdType global = Local(_types, type, "a global type");
            GlobalTypes.Add(global.Name is null ? throw _in.Corrupt("a global type without a name") : global);
        }

        if (!_in.AtEnd)
        {
            throw _in.Corrupt("data after the end");
        }
    }

    /// <summary>A simple type's restriction and list-item chains end (a corrupt file could make them loop).</summary>
    private void CheckDerivations()
    {
        // Depth-first with the path marked: a type met again while still on the path is a loop; done ones are skipped.
        var onPath = new HashSet<XsdSimpleType>(ReferenceEqualityComparer.Instance);
        var done = new HashSet<XsdSimpleType>(ReferenceEqualityComparer.Instance);
        void Visit(XsdSimpleType? type)
        {
            if (type is null || done.Contains(type))
            {
                return;
            }

            if (!onPath.Add(type))
            {
                throw _in.Corrupt($"the simple type {type.Label} derives from itself");
            }

            Visit(type.FactsBase);
            Visit(type.Item);
            onPath.Remove(type);
            done.Add(type);
        }

        foreach (XsdSimpleType type in _types.OfType<XsdSimpleType>())
        {
            Visit(type);
        }
    }

    private T Local<T>(T[] table, ulong reference, string what)
        where T : class
    {
        if (reference % 2 != 1 || (reference - 1) / 2 >= (ulong)table.Length)
        {
            throw _in.Corrupt($"{what} that is not a record of the file");
        }

        return table[(int)((reference - 1) / 2)];
    }

    private string String(int index) => index < _strings.Length ? _strings[index] : throw _in.Corrupt($"string {index} out of range");

    private XsdName Name(int index) => index < _names.Length ? _names[index] : throw _in.Corrupt($"name {index} out of range");

    private void Fix(Action<XsdSchema> fixup) => _fixups.Add(fixup);

    /// <summary>Type references of elements and attributes come before the type table: their range is checked after it.</summary>
    private void CheckLater(ulong reference) => _checks.Add(reference);

    /// <summary>Checks a reference's range now; resolves it (to a record, or a global by name) when composing.</summary>
    private (bool Local, int Index) Check(ulong reference, int localCount)
    {
        if (reference == 0)
        {
            return (false, -1);
        }

        ulong index = (reference - 1) / 2;
        bool local = reference % 2 == 1;
        return index < (ulong)(local ? localCount : _names.Length) ? (local, (int)index) : throw _in.Corrupt($"reference {reference} out of range");
    }

    private XsdType? Type(XsdSchema schema, ulong reference)
    {
        (bool local, int index) = Check(reference, _types.Length);
        if (index < 0)
        {
            return null;
        }

        return local ? _types[index] : schema.TypeNamed(_names[index]) ?? throw Unresolved("type", _names[index]);
    }

    private XsdSimpleType? SimpleType(XsdSchema schema, ulong reference) => Type(schema, reference) switch
    {
        null => null,
        XsdSimpleType simple => simple,
        var other => throw new ExiSchemaException($"EXI grammar file '{_in.Name}' uses {other.Label} as a simple type; it is a complex type."),
    };

    private XsdElement ElementOf(XsdSchema schema, ulong reference)
    {
        (bool local, int index) = Check(reference, _elements.Length);
        return index < 0 ? throw _in.Corrupt("a particle without an element")
            : local ? _elements[index] : schema.GlobalElements.GetValueOrDefault(_names[index]) ?? throw Unresolved("element", _names[index]);
    }

    private XsdAttribute AttributeOf(XsdSchema schema, ulong reference)
    {
        (bool local, int index) = Check(reference, _attributes.Length);
        return index < 0 ? throw _in.Corrupt("an attribute use without an attribute")
            : local ? _attributes[index] : schema.GlobalAttributes.GetValueOrDefault(_names[index]) ?? throw Unresolved("attribute", _names[index]);
    }

    private ExiSchemaException Unresolved(string what, XsdName name) =>
        new($"EXI grammar file '{_in.Name}' refers to the {what} {name}, which none of the schemas composed with it declares (add the schema that declares it).");

    private void ReadType(XsdType type)
    {
        ulong name = _in.Unsigned();
        type.Name = name == 0 ? null : Name((int)Math.Min(name - 1, int.MaxValue));
        ulong baseType = _in.Unsigned();
        Check(baseType, _types.Length);
        Fix(s => type.Base = Type(s, baseType));
        if (type is XsdSimpleType simple)
        {
            byte flags = _in.Byte();
            ulong factsBase = _in.Unsigned();
            Check(factsBase, _types.Length);
            Fix(s => simple.FactsBase = SimpleType(s, factsBase));
            simple.Code = (XmlTypeCode)_in.Count(256);
            simple.Variety = (XsdVariety)_in.Byte();
            ulong item = _in.Unsigned();
            Check(item, _types.Length);
            Fix(s => simple.Item = SimpleType(s, item));
            simple.Minimum = (flags & 1) != 0 ? _in.Big() : null;
            simple.Maximum = (flags & 2) != 0 ? _in.Big() : null;
            simple.Enumeration = (flags & 4) != 0 ? [.. Enumerable.Range(0, _in.Count()).Select(_ => String(_in.Count()))] : null;
            simple.HasPattern = (flags & 8) != 0;
            simple.PatternIsBuiltIn = (flags & 16) != 0;
            simple.CharacterSet = (flags & 32) != 0 ? [.. Enumerable.Range(0, _in.Count(RestrictedCharacterSet.MaxCharacters + 1)).Select(_ => _in.Count(0x110000))] : null;
            simple.WhiteSpace = (WhiteSpace)_in.Byte();
            simple.DisplayName = String(_in.Count());
            return;
        }

        var complex = (XsdComplexType)type;
        complex.ContentType = (XsdContentType)_in.Byte();
        for (int i = _in.Count(); i > 0; i--)
        {
            var use = new XsdAttributeUse();
            ulong attribute = _in.Unsigned();
            Check(attribute, _attributes.Length);
            ulong useType = _in.Unsigned();
            Check(useType, _types.Length);
            use.Required = _in.Byte() == 1;
            Fix(s =>
            {
                use.Declaration = AttributeOf(s, attribute);
                use.Type = SimpleType(s, useType) ?? throw _in.Corrupt("an attribute use without a type");
            });
            complex.AttributeUses.Add(use);
        }

        complex.AttributeWildcard = _in.Byte() == 1 ? Wildcard() : null;
        complex.Particle = _in.Byte() == 1 ? Particle() : null;
        ulong content = _in.Unsigned();
        Check(content, _types.Length);
        Fix(s => complex.SimpleContent = SimpleType(s, content));
    }

    private XsdWildcard Wildcard()
    {
        int count = _in.Count();
        return new XsdWildcard { Uris = count == 0 ? null : [.. Enumerable.Range(0, count - 1).Select(_ => String(_in.Count()))] };
    }

    private void Occurs(XsdParticle particle)
    {
        particle.MinOccurs = _in.Unsigned();
        ulong max = _in.Unsigned();
        particle.MaxOccurs = max == 0 ? XsdParticle.Unbounded : max - 1;
    }

    private XsdParticle Particle()
    {
        byte kind = _in.Byte();
        switch (kind)
        {
            case GrammarFileFormat.ElementParticle:
                var element = new XsdElementParticle();
                Occurs(element);
                ulong reference = _in.Unsigned();
                Check(reference, _elements.Length);
                Fix(s => element.Element = ElementOf(s, reference));
                return element;
            case GrammarFileFormat.WildcardParticle:
                return Local(_wildcards, _in.Unsigned(), "a wildcard");
            case GrammarFileFormat.SequenceGroup or GrammarFileFormat.ChoiceGroup or GrammarFileFormat.AllGroup:
                var group = new XsdGroup
                {
                    Compositor = kind switch
                    {
                        GrammarFileFormat.ChoiceGroup => XsdCompositor.Choice,
                        GrammarFileFormat.AllGroup => XsdCompositor.All,
                        _ => XsdCompositor.Sequence,
                    },
                };
                Occurs(group);
                for (int i = _in.Count(); i > 0; i--)
                {
                    group.Items.Add(Particle());
                }

                return group;
            default:
                throw _in.Corrupt($"an unknown particle kind {kind}");
        }
    }
}
