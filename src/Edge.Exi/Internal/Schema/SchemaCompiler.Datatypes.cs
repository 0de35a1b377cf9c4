using System.Numerics;
using XmlTypeCode = System.Xml.Schema.XmlTypeCode;
using Edge.Exi.Internal.Schema.Model;

namespace Edge.Exi.Internal.Schema;

/// <summary>
/// Simple types to EXI datatypes (EXI 1.0 §7.1 table 7-1, §7.2): the nearest built-in type decides the
/// representation; enumerations code an index; integer ranges of at most 4096 values an n-bit offset; non-negative
/// ranges an unsigned integer; a pattern on a string type may restrict its character set (computed when the model
/// was built). XmlTypeCode is only an enum here: nothing of System.Xml runs.
/// </summary>
internal sealed partial class SchemaCompiler
{
    private const int MaxBoundedRange = 4096;

    private readonly Dictionary<XsdSimpleType, Datatype> _datatypes = new(ReferenceEqualityComparer.Instance);

    private Datatype DatatypeOf(XsdSimpleType facts)
    {
        if (_datatypes.TryGetValue(facts, out Datatype? datatype))
        {
            return datatype;
        }

        datatype = BuildDatatype(facts);
        _datatypes.Add(facts, datatype);
        return datatype;
    }

    private Datatype BuildDatatype(XsdSimpleType facts)
    {
        if (facts.Enumeration is string[] values)
        {
            XsdSimpleType valueType = facts.FactsBase!;
            while (valueType.Enumeration is not null && valueType.FactsBase is not null)
            {
                valueType = valueType.FactsBase;
            }

            if (valueType.Variety == XsdVariety.Union)
            {
                return new Datatype(DatatypeKind.String, WhiteSpace.Collapse);
            }

            if (valueType.Code is XmlTypeCode.QName or XmlTypeCode.Notation)
            {
                return new Datatype(DatatypeKind.String, valueType.WhiteSpace);
            }

            if (valueType.Variety == XsdVariety.List)
            {
                return new Datatype(DatatypeKind.List, WhiteSpace.Collapse) { Item = DatatypeOf(valueType.Item!) };
            }

            Datatype valueDatatype = DatatypeOf(valueType);
            Datatype enumerationBase = valueDatatype.IsString ? Datatype.Untyped : valueDatatype;
            foreach (string value in values)
            {
                if (!TypedValue.IsValid(enumerationBase, value))
                {
                    throw new ExiSchemaException($"The enumerated value '{value}' of {facts.DisplayName} is not a valid {valueType.DisplayName}.");
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
            case XsdVariety.List:
                return new Datatype(DatatypeKind.List, WhiteSpace.Collapse) { Item = DatatypeOf(facts.Item!) };
            case XsdVariety.Union:
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
                return new Datatype(!facts.HasPattern ? DatatypeKind.Boolean : DatatypeKind.PatternBoolean, WhiteSpace.Collapse);
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

        if (facts.HasPattern && !facts.PatternIsBuiltIn && facts.CharacterSet is int[] set)
        {
            return new Datatype(DatatypeKind.RestrictedString, facts.WhiteSpace)
            {
                CharacterSet = set,
                Bits = CodePoints.BitsFor(set.Length + 1),
            };
        }

        return new Datatype(DatatypeKind.String, facts.WhiteSpace);
    }

    private static Datatype IntegerDatatype(XsdSimpleType facts)
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
