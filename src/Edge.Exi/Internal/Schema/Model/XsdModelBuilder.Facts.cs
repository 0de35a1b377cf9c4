using System.Globalization;
using System.Numerics;
using System.Xml;
using System.Xml.Schema;

namespace Edge.Exi.Internal.Schema.Model;

/// <summary>
/// The effective facets of simple types along their derivation (what EXI 1.0 §7.1 table 7-1 and §7.2 depend on):
/// enumerations, integer bounds, whiteSpace, and pattern facets turned into restricted character sets (§7.1.10.1).
/// </summary>
internal sealed partial class XsdModelBuilder
{
    private XsdSimpleType SimpleType(XmlSchemaSimpleType? type)
    {
        type ??= XmlSchemaType.GetBuiltInSimpleType(XmlTypeCode.String)!;
        if (TryGet(type, out XsdSimpleType model))
        {
            return model;
        }

        if (type.QualifiedName.Namespace == XsdBuiltInTypes.Namespace && XsdBuiltInTypes.Find(type.QualifiedName.Name) is XsdSimpleType builtIn)
        {
            _models.Add(type, builtIn);
            return builtIn;
        }

        if (type.Content is null)
        {
            return Remember(type, BuiltInLike(type), null);
        }

        string name = type.QualifiedName.IsEmpty ? "(anonymous)" : type.QualifiedName.ToString();
        switch (type.Content)
        {
            case XmlSchemaSimpleTypeList list:
                model = Remember(type, new XsdSimpleType { Variety = XsdVariety.List, WhiteSpace = WhiteSpace.Collapse, DisplayName = name }, type);
                model.Item = SimpleType(list.BaseItemType);
                break;
            case XmlSchemaSimpleTypeUnion:
                model = Remember(type, new XsdSimpleType { Variety = XsdVariety.Union, WhiteSpace = WhiteSpace.Collapse, DisplayName = name }, type);
                break;
            case XmlSchemaSimpleTypeRestriction restriction:
                XsdSimpleType baseFacts = restriction.BaseType is XmlSchemaSimpleType inline ? SimpleType(inline) : SimpleType((XmlSchemaSimpleType)type.BaseXmlSchemaType!);
                model = Remember(type, Derive(baseFacts, restriction.Facets, name), type);
                break;
            default:
                model = Remember(type, BuiltInLike(type), type);
                break;
        }

        model.Name = type.QualifiedName.IsEmpty ? null : NameOf(type.QualifiedName);
        model.Base = Type(type.BaseXmlSchemaType);
        return model;
    }

    /// <summary>A simple type without content of its own outside the XML Schema namespace: as the built-in of its code.</summary>
    private static XsdSimpleType BuiltInLike(XmlSchemaSimpleType type)
    {
        XsdVariety variety = type.Datatype?.Variety switch
        {
            XmlSchemaDatatypeVariety.List => XsdVariety.List,
            XmlSchemaDatatypeVariety.Union => XsdVariety.Union,
            _ => XsdVariety.Atomic,
        };
        XsdSimpleType? item = variety != XsdVariety.List ? null : (XsdSimpleType)XsdBuiltInTypes.Find(type.TypeCode switch
        {
            XmlTypeCode.Idref => "IDREF",
            XmlTypeCode.Entity => "ENTITY",
            _ => "NMTOKEN",
        })!;
        XsdSimpleType model = XsdBuiltInTypes.Create(NameOf(type.QualifiedName), type.TypeCode, variety, item);
        model.Name = null;
        return model;
    }

    /// <summary>The simple type of a complex type's simple content (§8.5.4.1.3.1), following extensions and restrictions.</summary>
    private XsdSimpleType ContentFacts(XmlSchemaComplexType type)
    {
        XsdSimpleType baseFacts = type.BaseXmlSchemaType switch
        {
            XmlSchemaSimpleType simple => SimpleType(simple),
            XmlSchemaComplexType complex when complex.ContentType == XmlSchemaContentType.TextOnly && !ReferenceEquals(complex, type) => ContentFacts(complex),
            _ => XsdBuiltInTypes.String,
        };
        if (type.ContentModel is XmlSchemaSimpleContent { Content: XmlSchemaSimpleContentRestriction restriction })
        {
            XsdSimpleType restricted = restriction.BaseType is XmlSchemaSimpleType inline ? SimpleType(inline) : baseFacts;
            return Derive(restricted, restriction.Facets, type.QualifiedName.ToString());
        }

        return baseFacts;
    }

    /// <summary>A restriction step: inherit the base's effective facets, then apply this step's own.</summary>
    private static XsdSimpleType Derive(XsdSimpleType baseFacts, XmlSchemaObjectCollection facets, string name)
    {
        var derived = new XsdSimpleType
        {
            FactsBase = baseFacts,
            Code = baseFacts.Code,
            Variety = baseFacts.Variety,
            Item = baseFacts.Item,
            Minimum = baseFacts.Minimum,
            Maximum = baseFacts.Maximum,
            Enumeration = baseFacts.Enumeration,
            HasPattern = baseFacts.HasPattern,
            PatternIsBuiltIn = baseFacts.PatternIsBuiltIn,
            CharacterSet = baseFacts.CharacterSet,
            WhiteSpace = baseFacts.WhiteSpace,
            DisplayName = name,
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
            derived.HasPattern = true;
            derived.PatternIsBuiltIn = false;
            derived.CharacterSet = RestrictedCharacterSet.TryCompute(string.Join('|', patterns), out int[] set) ? set : null;
        }

        return derived;
    }

    private static BigInteger? Bound(string? value) =>
        BigInteger.TryParse(value?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out BigInteger v) ? v : null;

    private static BigInteger? Max(BigInteger? a, BigInteger b) => a is BigInteger x && x > b ? x : b;

    private static BigInteger? Min(BigInteger? a, BigInteger b) => a is BigInteger x && x < b ? x : b;
}
