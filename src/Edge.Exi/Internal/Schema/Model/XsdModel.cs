using System.Numerics;
using XmlTypeCode = System.Xml.Schema.XmlTypeCode;

namespace Edge.Exi.Internal.Schema.Model;

// The XML Schema components the EXI grammar compiler reads (EXI 1.0 §8.5: declarations, type definitions with their
// derivation, particles, attribute uses, wildcards, and the facets table 7-1 and §7.1.10.1 depend on), after XML
// Schema's own work is done: references resolved, derivations applied (a type's particle and attribute uses are its
// effective ones), wildcard namespaces listed, pattern facets already turned into restricted character sets. Built
// from an XmlSchemaSet (XsdModelBuilder) or read from grammar files (ExiGrammarFile); the compiler needs neither
// System.Xml.Schema nor a regular-expression engine. Object identity matters: one object per declaration, as in the
// schema set (the grammar of an element declaration is shared by every particle that uses it).

/// <summary>A qualified name of a schema component.</summary>
internal readonly record struct XsdName(string Uri, string LocalName)
{
    /// <summary>The form XmlQualifiedName.ToString gives ("uri:local"), used in labels and messages.</summary>
    public override string ToString() => Uri.Length == 0 ? LocalName : $"{Uri}:{LocalName}";
}

/// <summary>The variety of a simple type (XML Schema part 2 §2.5.1).</summary>
internal enum XsdVariety : byte
{
    Atomic,
    List,
    Union,
}

/// <summary>The content type of a complex type (XML Schema part 1 §3.4.1, {content type}).</summary>
internal enum XsdContentType : byte
{
    Empty,
    TextOnly,
    ElementOnly,
    Mixed,
}

/// <summary>A type definition; <see cref="Base"/> is its {base type definition} (for xsi:type castability, §8.5.4.4.1).</summary>
internal abstract class XsdType
{
    /// <summary>Gets or sets the name of a global (or built-in) type; null for an anonymous one.</summary>
    public XsdName? Name { get; set; }

    public XsdType? Base { get; set; }

    public string Label => Name?.ToString() ?? "(anonymous)";
}

/// <summary>
/// A simple type with its effective facets along its derivation (what the EXI datatype depends on, §7.1, §7.2).
/// <see cref="Code"/> is the XML Schema built-in primitive or derived type it comes from (an enum: no System.Xml code).
/// </summary>
internal sealed class XsdSimpleType : XsdType
{
    /// <summary>Gets or sets the type this one restricts (enumerations take their values' type from the chain).</summary>
    public XsdSimpleType? FactsBase { get; set; }

    public XmlTypeCode Code { get; set; }

    public XsdVariety Variety { get; set; }

    public XsdSimpleType? Item { get; set; }

    public BigInteger? Minimum { get; set; }

    public BigInteger? Maximum { get; set; }

    public string[]? Enumeration { get; set; }

    /// <summary>Gets or sets a value indicating whether the type (or one it derives from) has a pattern facet.</summary>
    public bool HasPattern { get; set; }

    public bool PatternIsBuiltIn { get; set; }

    /// <summary>Gets or sets the restricted character set of the pattern (§7.1.10.1), sorted; null when it has none.</summary>
    public int[]? CharacterSet { get; set; }

    public WhiteSpace WhiteSpace { get; set; }

    /// <summary>Gets or sets the name used in messages (the declaring type's).</summary>
    public string DisplayName { get; set; } = string.Empty;
}

/// <summary>A complex type with its effective content and attribute uses.</summary>
internal sealed class XsdComplexType : XsdType
{
    /// <summary>Gets a value indicating whether this is xs:anyType (the ur-type grammar).</summary>
    public bool IsAnyType { get; init; }

    public XsdContentType ContentType { get; set; }

    public List<XsdAttributeUse> AttributeUses { get; } = [];

    public XsdWildcard? AttributeWildcard { get; set; }

    /// <summary>Gets or sets the content type particle of element-only and mixed content.</summary>
    public XsdParticle? Particle { get; set; }

    /// <summary>Gets or sets the simple type of simple content (text only), restrictions applied.</summary>
    public XsdSimpleType? SimpleContent { get; set; }
}

/// <summary>An element declaration: global, or local to the content model that declares it.</summary>
internal sealed class XsdElement
{
    public XsdName Name { get; set; }

    public XsdType Type { get; set; } = null!;

    public bool Nillable { get; set; }

    public bool IsGlobal { get; set; }

    /// <summary>Gets or sets the head of the substitution group a global declaration joins.</summary>
    public XsdName? SubstitutionHead { get; set; }
}

/// <summary>An attribute declaration: global, or local to the type that declares it.</summary>
internal sealed class XsdAttribute
{
    public XsdName Name { get; set; }

    public XsdSimpleType Type { get; set; } = null!;

    public bool IsGlobal { get; set; }
}

/// <summary>An attribute use of a complex type: the declaration, the type the use gives it, and whether it is required.</summary>
internal sealed class XsdAttributeUse
{
    public XsdAttribute Declaration { get; set; } = null!;

    public XsdSimpleType Type { get; set; } = null!;

    public bool Required { get; set; }
}

/// <summary>A wildcard's namespace constraint: the URIs it lists, or null for ##any and ##other (AT(*) / SE(*)).</summary>
internal sealed class XsdWildcard
{
    public string[]? Uris { get; set; }
}

/// <summary>A particle: an occurrence range over an element declaration, a wildcard or a model group.</summary>
internal abstract class XsdParticle
{
    /// <summary>The maxOccurs of an unbounded particle.</summary>
    public const decimal Unbounded = decimal.MaxValue;

    public decimal MinOccurs { get; set; } = 1;

    public decimal MaxOccurs { get; set; } = 1;
}

internal sealed class XsdElementParticle : XsdParticle
{
    /// <summary>Gets or sets the declaration (for a reference, the global one).</summary>
    public XsdElement Element { get; set; } = null!;
}

/// <summary>An element wildcard; its identity is the identity of the term in the content model.</summary>
internal sealed class XsdWildcardParticle : XsdParticle
{
    public XsdWildcard Wildcard { get; set; } = null!;
}

internal enum XsdCompositor : byte
{
    Sequence,
    Choice,
    All,
}

internal sealed class XsdGroup : XsdParticle
{
    public XsdCompositor Compositor { get; set; }

    public List<XsdParticle> Items { get; } = [];
}

/// <summary>
/// The schema the grammars are built from: the target namespaces of its documents and its global components (all
/// named components of every document, XML Schema part 1 §3.15.2), built-in types resolved by <see cref="TypeNamed"/>.
/// </summary>
internal sealed class XsdSchema
{
    public List<string> TargetNamespaces { get; } = [];

    public Dictionary<XsdName, XsdElement> GlobalElements { get; } = [];

    public Dictionary<XsdName, XsdAttribute> GlobalAttributes { get; } = [];

    public Dictionary<XsdName, XsdType> GlobalTypes { get; } = [];

    /// <summary>A global type, xs:anyType or a built-in simple type, or null.</summary>
    public XsdType? TypeNamed(XsdName name) =>
        name.Uri == XsdBuiltInTypes.Namespace ? XsdBuiltInTypes.Find(name.LocalName) : GlobalTypes.GetValueOrDefault(name);
}
