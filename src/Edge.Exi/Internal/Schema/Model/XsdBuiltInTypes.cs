using System.Numerics;
using XmlTypeCode = System.Xml.Schema.XmlTypeCode;

namespace Edge.Exi.Internal.Schema.Model;

/// <summary>
/// The built-in types of XML Schema part 2 §3 as the EXI compiler sees them (xs:anyType and the 45 built-in simple
/// types, plus anySimpleType): type code, variety, the value range of the bounded integer types, whether a built-in
/// pattern applies, and the whiteSpace facet. Immutable singletons, shared by every schema. A test checks the codes and
/// varieties against System.Xml.Schema's own built-ins.
/// </summary>
internal static class XsdBuiltInTypes
{
    public const string Namespace = "http://www.w3.org/2001/XMLSchema";

    private static readonly Dictionary<string, XsdType> ByName = Build();

    /// <summary>Gets xs:anyType.</summary>
    public static XsdComplexType AnyType { get; } = (XsdComplexType)ByName["anyType"];

    /// <summary>Gets xs:string.</summary>
    public static XsdSimpleType String { get; } = (XsdSimpleType)ByName["string"];

    /// <summary>Gets the local names of the built-in types, sorted (the xs partition of the string table, §D.3).</summary>
    public static IReadOnlyList<string> Names { get; } = [.. ByName.Keys.Order(StringComparer.Ordinal)];

    public static XsdType? Find(string localName) => ByName.GetValueOrDefault(localName);

    /// <summary>The facts of a built-in simple type of this code and variety (also for built-ins of other namespaces).</summary>
    public static XsdSimpleType Create(XsdName name, XmlTypeCode code, XsdVariety variety, XsdSimpleType? item)
    {
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
        if (variety == XsdVariety.List)
        {
            (min, max) = (null, null);
        }

        bool builtInPattern = variety != XsdVariety.List && code is XmlTypeCode.Language or XmlTypeCode.NmToken or XmlTypeCode.Name
            or XmlTypeCode.NCName or XmlTypeCode.Id or XmlTypeCode.Idref or XmlTypeCode.Entity;
        WhiteSpace whiteSpace = variety == XsdVariety.List ? WhiteSpace.Collapse : code switch
        {
            XmlTypeCode.String or XmlTypeCode.AnyAtomicType or XmlTypeCode.None => WhiteSpace.Preserve,
            XmlTypeCode.NormalizedString => WhiteSpace.Replace,
            _ => WhiteSpace.Collapse,
        };
        return new XsdSimpleType
        {
            Name = name,
            Code = variety == XsdVariety.List ? default : code,
            Variety = variety,
            Item = item,
            Minimum = min,
            Maximum = max,
            HasPattern = builtInPattern,
            PatternIsBuiltIn = builtInPattern,
            WhiteSpace = whiteSpace,
            DisplayName = name.ToString(),
        };
    }

    private static Dictionary<string, XsdType> Build()
    {
        var types = new Dictionary<string, XsdType>(StringComparer.Ordinal)
        {
            ["anyType"] = new XsdComplexType { Name = new XsdName(Namespace, "anyType"), IsAnyType = true, ContentType = XsdContentType.Mixed },
        };
        XsdSimpleType Add(string name, XmlTypeCode code, XsdVariety variety = XsdVariety.Atomic, XsdSimpleType? item = null)
        {
            var type = Create(new XsdName(Namespace, name), code, variety, item);
            types.Add(name, type);
            return type;
        }

        Add("anySimpleType", XmlTypeCode.AnyAtomicType);
        Add("string", XmlTypeCode.String);
        Add("normalizedString", XmlTypeCode.NormalizedString);
        Add("token", XmlTypeCode.Token);
        Add("language", XmlTypeCode.Language);
        Add("Name", XmlTypeCode.Name);
        Add("NCName", XmlTypeCode.NCName);
        Add("ID", XmlTypeCode.Id);
        XsdSimpleType idref = Add("IDREF", XmlTypeCode.Idref);
        XsdSimpleType entity = Add("ENTITY", XmlTypeCode.Entity);
        XsdSimpleType nmtoken = Add("NMTOKEN", XmlTypeCode.NmToken);
        Add("IDREFS", XmlTypeCode.Idref, XsdVariety.List, idref);
        Add("ENTITIES", XmlTypeCode.Entity, XsdVariety.List, entity);
        Add("NMTOKENS", XmlTypeCode.NmToken, XsdVariety.List, nmtoken);
        Add("NOTATION", XmlTypeCode.Notation);
        Add("QName", XmlTypeCode.QName);
        Add("anyURI", XmlTypeCode.AnyUri);
        Add("base64Binary", XmlTypeCode.Base64Binary);
        Add("hexBinary", XmlTypeCode.HexBinary);
        Add("boolean", XmlTypeCode.Boolean);
        Add("decimal", XmlTypeCode.Decimal);
        Add("integer", XmlTypeCode.Integer);
        Add("nonPositiveInteger", XmlTypeCode.NonPositiveInteger);
        Add("negativeInteger", XmlTypeCode.NegativeInteger);
        Add("long", XmlTypeCode.Long);
        Add("int", XmlTypeCode.Int);
        Add("short", XmlTypeCode.Short);
        Add("byte", XmlTypeCode.Byte);
        Add("nonNegativeInteger", XmlTypeCode.NonNegativeInteger);
        Add("unsignedLong", XmlTypeCode.UnsignedLong);
        Add("unsignedInt", XmlTypeCode.UnsignedInt);
        Add("unsignedShort", XmlTypeCode.UnsignedShort);
        Add("unsignedByte", XmlTypeCode.UnsignedByte);
        Add("positiveInteger", XmlTypeCode.PositiveInteger);
        Add("float", XmlTypeCode.Float);
        Add("double", XmlTypeCode.Double);
        Add("duration", XmlTypeCode.Duration);
        Add("dateTime", XmlTypeCode.DateTime);
        Add("time", XmlTypeCode.Time);
        Add("date", XmlTypeCode.Date);
        Add("gYearMonth", XmlTypeCode.GYearMonth);
        Add("gYear", XmlTypeCode.GYear);
        Add("gMonthDay", XmlTypeCode.GMonthDay);
        Add("gDay", XmlTypeCode.GDay);
        Add("gMonth", XmlTypeCode.GMonth);
        return types;
    }
}
