using System.Globalization;
using System.Numerics;
using System.Xml;
using System.Xml.Schema;

namespace Edge.Exi.Internal.Schema;

/// <summary>
/// Simple types to EXI datatypes (EXI 1.0 §7.1 table 7-1, §7.2): the nearest built-in type decides the
/// representation; enumerations code an index; integer ranges of at most 4096 values an n-bit offset; non-negative
/// ranges an unsigned integer; a pattern on a string type may restrict its character set.
/// </summary>
internal sealed partial class SchemaCompiler
{
    private const int MaxBoundedRange = 4096;

    private readonly Dictionary<XmlSchemaSimpleType, TypeFacts> _facts = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<TypeFacts, Datatype> _datatypes = new(ReferenceEqualityComparer.Instance);

    /// <summary>The effective facets of a simple type along its derivation (what the datatype depends on).</summary>
    private sealed class TypeFacts
    {
        public TypeFacts? Base { get; init; }

        public XmlTypeCode Code { get; init; }

        public XmlSchemaDatatypeVariety Variety { get; init; }

        public TypeFacts? Item { get; init; }

        public BigInteger? Minimum { get; set; }

        public BigInteger? Maximum { get; set; }

        public string[]? Enumeration { get; set; }

        /// <summary>Gets or sets the pattern of the most derived type that has one, and whether that type is built-in.</summary>
        public string? Pattern { get; set; }

        public bool PatternIsBuiltIn { get; set; }

        public WhiteSpace WhiteSpace { get; set; }

        public string Name { get; init; } = string.Empty;
    }

    private Datatype DatatypeOf(XmlSchemaSimpleType? type) => DatatypeOf(FactsOf(type ?? XmlSchemaType.GetBuiltInSimpleType(XmlTypeCode.String)!));

    /// <summary>The datatype of a complex type's simple content (§8.5.4.1.3.1), following extensions and restrictions.</summary>
    private Datatype ContentDatatype(XmlSchemaComplexType type) => DatatypeOf(ContentFacts(type));

    private TypeFacts ContentFacts(XmlSchemaComplexType type)
    {
        TypeFacts baseFacts = type.BaseXmlSchemaType switch
        {
            XmlSchemaSimpleType simple => FactsOf(simple),
            XmlSchemaComplexType complex when complex.ContentType == XmlSchemaContentType.TextOnly && !ReferenceEquals(complex, type) => ContentFacts(complex),
            _ => FactsOf(XmlSchemaType.GetBuiltInSimpleType(XmlTypeCode.String)!),
        };
        if (type.ContentModel is XmlSchemaSimpleContent { Content: XmlSchemaSimpleContentRestriction restriction })
        {
            TypeFacts restricted = restriction.BaseType is XmlSchemaSimpleType inline ? FactsOf(inline) : baseFacts;
            return Derive(restricted, restriction.Facets, type.QualifiedName.ToString());
        }

        return baseFacts;
    }

    private TypeFacts FactsOf(XmlSchemaSimpleType type)
    {
        if (_facts.TryGetValue(type, out TypeFacts? facts))
        {
            return facts;
        }

        if (type.QualifiedName.Namespace == XsdNamespace || type.Content is null)
        {
            facts = BuiltInFacts(type);
        }
        else
        {
            string name = type.QualifiedName.IsEmpty ? "(anonymous)" : type.QualifiedName.ToString();
            facts = type.Content switch
            {
                XmlSchemaSimpleTypeList list => new TypeFacts
                {
                    Variety = XmlSchemaDatatypeVariety.List,
                    Item = FactsOf(list.BaseItemType ?? XmlSchemaType.GetBuiltInSimpleType(XmlTypeCode.String)!),
                    WhiteSpace = WhiteSpace.Collapse,
                    Name = name,
                },
                XmlSchemaSimpleTypeUnion => new TypeFacts { Variety = XmlSchemaDatatypeVariety.Union, WhiteSpace = WhiteSpace.Collapse, Name = name },
                XmlSchemaSimpleTypeRestriction restriction => Derive(
                    restriction.BaseType is XmlSchemaSimpleType inline ? FactsOf(inline) : FactsOf((XmlSchemaSimpleType)type.BaseXmlSchemaType!),
                    restriction.Facets,
                    name),
                _ => BuiltInFacts(type),
            };
        }

        _facts.Add(type, facts);
        return facts;
    }

    /// <summary>A restriction step: inherit the base's effective facets, then apply this step's own.</summary>
    private static TypeFacts Derive(TypeFacts baseFacts, XmlSchemaObjectCollection facets, string name)
    {
        var derived = new TypeFacts
        {
            Base = baseFacts,
            Code = baseFacts.Code,
            Variety = baseFacts.Variety,
            Item = baseFacts.Item,
            Minimum = baseFacts.Minimum,
            Maximum = baseFacts.Maximum,
            Enumeration = baseFacts.Enumeration,
            Pattern = baseFacts.Pattern,
            PatternIsBuiltIn = baseFacts.PatternIsBuiltIn,
            WhiteSpace = baseFacts.WhiteSpace,
            Name = name,
        };
        var enumeration = new List<string>();
        var patterns = new List<string>();
        foreach (XmlSchemaObject item in facets)
        {
            switch (item)
            {
                case XmlSchemaEnumerationFacet e:
                    enumeration.Add(e.Value ?? string.Empty);
                    break;
                case XmlSchemaPatternFacet p:
                    patterns.Add(p.Value ?? string.Empty);
                    break;
                case XmlSchemaWhiteSpaceFacet w:
                    derived.WhiteSpace = w.Value switch
                    {
                        "replace" => WhiteSpace.Replace,
                        "collapse" => WhiteSpace.Collapse,
                        _ => WhiteSpace.Preserve,
                    };
                    break;
                case XmlSchemaMinInclusiveFacet f when Bound(f.Value) is BigInteger v:
                    derived.Minimum = Max(derived.Minimum, v);
                    break;
                case XmlSchemaMinExclusiveFacet f when Bound(f.Value) is BigInteger v:
                    derived.Minimum = Max(derived.Minimum, v + 1);
                    break;
                case XmlSchemaMaxInclusiveFacet f when Bound(f.Value) is BigInteger v:
                    derived.Maximum = Min(derived.Maximum, v);
                    break;
                case XmlSchemaMaxExclusiveFacet f when Bound(f.Value) is BigInteger v:
                    derived.Maximum = Min(derived.Maximum, v - 1);
                    break;
                default:
                    break;
            }
        }

        if (enumeration.Count > 0)
        {
            derived.Enumeration = [.. enumeration];
        }

        if (patterns.Count > 0)
        {
            derived.Pattern = string.Join('|', patterns);
            derived.PatternIsBuiltIn = false;
        }

        return derived;
    }

    private static BigInteger? Bound(string? value) =>
        BigInteger.TryParse(value?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out BigInteger v) ? v : null;

    private static BigInteger? Max(BigInteger? a, BigInteger b) => a is BigInteger x && x > b ? x : b;

    private static BigInteger? Min(BigInteger? a, BigInteger b) => a is BigInteger x && x < b ? x : b;

    private static TypeFacts BuiltInFacts(XmlSchemaSimpleType type)
    {
        XmlTypeCode code = type.TypeCode;
        XmlSchemaDatatypeVariety variety = type.Datatype?.Variety ?? XmlSchemaDatatypeVariety.Atomic;
        if (variety == XmlSchemaDatatypeVariety.List)
        {
            XmlTypeCode item = code switch
            {
                XmlTypeCode.Idref => XmlTypeCode.Idref,
                XmlTypeCode.Entity => XmlTypeCode.Entity,
                _ => XmlTypeCode.NmToken,
            };
            return new TypeFacts { Variety = variety, Item = BuiltInFacts(XmlSchemaType.GetBuiltInSimpleType(item)!), WhiteSpace = WhiteSpace.Collapse, Name = type.QualifiedName.ToString() };
        }

        (BigInteger? min, BigInteger? max) = code switch
        {
            XmlTypeCode.NonPositiveInteger => ((BigInteger?)null, (BigInteger?)0),
            XmlTypeCode.NegativeInteger => (null, -1),
            XmlTypeCode.Long => (long.MinValue, long.MaxValue),
            XmlTypeCode.Int => (int.MinValue, int.MaxValue),
            XmlTypeCode.Short => (short.MinValue, short.MaxValue),
            XmlTypeCode.Byte => (sbyte.MinValue, sbyte.MaxValue),
            XmlTypeCode.NonNegativeInteger => (0, null),
            XmlTypeCode.UnsignedLong => (0, ulong.MaxValue),
            XmlTypeCode.UnsignedInt => (0, uint.MaxValue),
            XmlTypeCode.UnsignedShort => (0, ushort.MaxValue),
            XmlTypeCode.UnsignedByte => (0, byte.MaxValue),
            XmlTypeCode.PositiveInteger => (1, null),
            _ => (null, null),
        };
        bool builtInPattern = code is XmlTypeCode.Language or XmlTypeCode.NmToken or XmlTypeCode.Name or XmlTypeCode.NCName
            or XmlTypeCode.Id or XmlTypeCode.Idref or XmlTypeCode.Entity;
        WhiteSpace whiteSpace = code switch
        {
            XmlTypeCode.String or XmlTypeCode.AnyAtomicType or XmlTypeCode.None => WhiteSpace.Preserve,
            XmlTypeCode.NormalizedString => WhiteSpace.Replace,
            _ => WhiteSpace.Collapse,
        };
        return new TypeFacts
        {
            Code = code,
            Variety = variety,
            Minimum = min,
            Maximum = max,
            Pattern = builtInPattern ? "(built-in)" : null,
            PatternIsBuiltIn = builtInPattern,
            WhiteSpace = whiteSpace,
            Name = type.QualifiedName.ToString(),
        };
    }

    private Datatype DatatypeOf(TypeFacts facts)
    {
        if (_datatypes.TryGetValue(facts, out Datatype? datatype))
        {
            return datatype;
        }

        datatype = BuildDatatype(facts);
        _datatypes.Add(facts, datatype);
        return datatype;
    }

    private Datatype BuildDatatype(TypeFacts facts)
    {
        if (facts.Enumeration is string[] values)
        {
            TypeFacts valueType = facts.Base!;
            while (valueType.Enumeration is not null && valueType.Base is not null)
            {
                valueType = valueType.Base;
            }

            if (valueType.Variety == XmlSchemaDatatypeVariety.Union)
            {
                return new Datatype(DatatypeKind.String, WhiteSpace.Collapse);
            }

            if (valueType.Code is XmlTypeCode.QName or XmlTypeCode.Notation)
            {
                return new Datatype(DatatypeKind.String, valueType.WhiteSpace);
            }

            if (valueType.Variety == XmlSchemaDatatypeVariety.List)
            {
                return new Datatype(DatatypeKind.List, WhiteSpace.Collapse) { Item = DatatypeOf(valueType.Item!) };
            }

            Datatype valueDatatype = DatatypeOf(valueType);
            Datatype enumerationBase = valueDatatype.IsString ? Datatype.Untyped : valueDatatype;
            foreach (string value in values)
            {
                if (!TypedValue.IsValid(enumerationBase, value))
                {
                    throw new ExiSchemaException($"The enumerated value '{value}' of {facts.Name} is not a valid {valueType.Name}.");
                }
            }

            return new Datatype(DatatypeKind.Enumeration, WhiteSpace.Collapse)
            {
                Bits = CodePoints.BitsFor(values.Length),
                EnumerationLexical = values,
                EnumerationCanonical = [.. values.Select(v => TypedValue.Canonical(enumerationBase, v))],
                EnumerationBase = enumerationBase,
            };
        }

        switch (facts.Variety)
        {
            case XmlSchemaDatatypeVariety.List:
                return new Datatype(DatatypeKind.List, WhiteSpace.Collapse) { Item = DatatypeOf(facts.Item!) };
            case XmlSchemaDatatypeVariety.Union:
                return new Datatype(DatatypeKind.String, WhiteSpace.Collapse);
            default:
                break;
        }

        switch (facts.Code)
        {
            case XmlTypeCode.Base64Binary:
                return new Datatype(DatatypeKind.Base64Binary, WhiteSpace.Collapse);
            case XmlTypeCode.HexBinary:
                return new Datatype(DatatypeKind.HexBinary, WhiteSpace.Collapse);
            case XmlTypeCode.Boolean:
                return new Datatype(facts.Pattern is null ? DatatypeKind.Boolean : DatatypeKind.PatternBoolean, WhiteSpace.Collapse);
            case XmlTypeCode.DateTime or XmlTypeCode.Time or XmlTypeCode.Date or XmlTypeCode.GYearMonth or XmlTypeCode.GYear
                or XmlTypeCode.GMonthDay or XmlTypeCode.GDay or XmlTypeCode.GMonth:
                return new Datatype(DatatypeKind.DateTime, WhiteSpace.Collapse) { DateTimeFamily = DateTimeFamilyOf(facts.Code) };
            case XmlTypeCode.Decimal:
                return new Datatype(DatatypeKind.Decimal, WhiteSpace.Collapse);
            case XmlTypeCode.Float or XmlTypeCode.Double:
                return new Datatype(DatatypeKind.Float, WhiteSpace.Collapse);
            case XmlTypeCode.Integer or XmlTypeCode.NonPositiveInteger or XmlTypeCode.NegativeInteger or XmlTypeCode.Long
                or XmlTypeCode.Int or XmlTypeCode.Short or XmlTypeCode.Byte or XmlTypeCode.NonNegativeInteger
                or XmlTypeCode.UnsignedLong or XmlTypeCode.UnsignedInt or XmlTypeCode.UnsignedShort or XmlTypeCode.UnsignedByte
                or XmlTypeCode.PositiveInteger:
                return IntegerDatatype(facts);
            default:
                break;
        }

        if (facts.Pattern is string pattern && !facts.PatternIsBuiltIn && RestrictedCharacterSet.TryCompute(pattern, out int[] set))
        {
            return new Datatype(DatatypeKind.RestrictedString, facts.WhiteSpace)
            {
                CharacterSet = set,
                Bits = CodePoints.BitsFor(set.Length + 1),
            };
        }

        return new Datatype(DatatypeKind.String, facts.WhiteSpace);
    }

    private static Datatype IntegerDatatype(TypeFacts facts)
    {
        if (facts.Minimum is BigInteger min && facts.Maximum is BigInteger max && max >= min && max - min + 1 <= MaxBoundedRange)
        {
            return new Datatype(DatatypeKind.BoundedInteger, WhiteSpace.Collapse)
            {
                Minimum = min,
                Maximum = max,
                Bits = CodePoints.BitsFor((int)(max - min + 1)),
            };
        }

        return facts.Minimum is BigInteger low && low.Sign >= 0
            ? new Datatype(DatatypeKind.UnsignedInteger, WhiteSpace.Collapse)
            : new Datatype(DatatypeKind.Integer, WhiteSpace.Collapse);
    }

    private static DateTimeFamily DateTimeFamilyOf(XmlTypeCode code) => code switch
    {
        XmlTypeCode.Time => DateTimeFamily.Time,
        XmlTypeCode.Date => DateTimeFamily.Date,
        XmlTypeCode.GYearMonth => DateTimeFamily.GYearMonth,
        XmlTypeCode.GYear => DateTimeFamily.GYear,
        XmlTypeCode.GMonthDay => DateTimeFamily.GMonthDay,
        XmlTypeCode.GDay => DateTimeFamily.GDay,
        XmlTypeCode.GMonth => DateTimeFamily.GMonth,
        _ => DateTimeFamily.DateTime,
    };
}
