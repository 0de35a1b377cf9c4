using System.Xml;
using System.Xml.Schema;

namespace Edge.Exi.Internal.Schema.Model;

/// <summary>
/// Reads the components the EXI compiler needs out of a compiled <see cref="XmlSchemaSet"/> (the post-schema component
/// properties: effective particles, attribute uses and wildcards, resolved references). The only part of Edge.Exi's
/// grammar path that needs System.Xml.Schema; the facts of simple types are computed here (XsdModelBuilder.Facts.cs),
/// pattern facets included, so nothing downstream needs a regular-expression engine. Remembers which schema document
/// declares each component (<see cref="OwnerOf"/>) so a grammar file can hold one document's components.
/// </summary>
internal sealed partial class XsdModelBuilder
{
    private readonly XmlSchemaSet _set;
    private readonly Dictionary<object, object> _models = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<object, XmlSchema?> _owners = new(ReferenceEqualityComparer.Instance);

    private XsdModelBuilder(XmlSchemaSet set)
    {
        _set = set;
    }

    public XsdSchema Schema { get; } = new();

    /// <summary>Builds the model of a compiled (<see cref="XmlSchemaSet.IsCompiled"/>) schema set.</summary>
    public static XsdModelBuilder Build(XmlSchemaSet set)
    {
        var builder = new XsdModelBuilder(set);
        builder.Run();
        return builder;
    }

    /// <summary>The schema document that declares a model object, or null for built-in and derived facts.</summary>
    public XmlSchema? OwnerOf(object model) => _owners.GetValueOrDefault(model);

    private void Run()
    {
        foreach (XmlSchema schema in _set.Schemas())
        {
            Schema.TargetNamespaces.Add(schema.TargetNamespace ?? string.Empty);
        }

        foreach (XmlSchemaElement element in _set.GlobalElements.Values)
        {
            XsdElement model = Element(element);
            Schema.GlobalElements.Add(model.Name, model);
        }

        foreach (XmlSchemaAttribute attribute in _set.GlobalAttributes.Values)
        {
            XsdAttribute model = Attribute(attribute);
            Schema.GlobalAttributes.Add(model.Name, model);
        }

        // The set lists xs:anyType among its global types; the built-in types are XsdBuiltInTypes' (XsdSchema.TypeNamed).
        foreach (XmlSchemaType type in _set.GlobalTypes.Values.Cast<XmlSchemaType>().Where(t => t.QualifiedName.Namespace != XsdBuiltInTypes.Namespace))
        {
            XsdType model = Type(type)!;
            Schema.GlobalTypes.Add(model.Name!.Value, model);
        }
    }

    private static XsdName NameOf(XmlQualifiedName name) => new(name.Namespace, name.Name);

    private static XmlSchema? DocumentOf(XmlSchemaObject item)
    {
        for (XmlSchemaObject? o = item; o is not null; o = o.Parent)
        {
            if (o is XmlSchema schema)
            {
                return schema;
            }
        }

        return null;
    }

    private bool TryGet<T>(object source, out T model)
        where T : class
    {
        bool found = _models.TryGetValue(source, out object? existing);
        model = existing as T ?? null!;
        return found;
    }

    private T Remember<T>(object source, T model, XmlSchemaObject? owner)
        where T : class
    {
        _models.Add(source, model);
        _owners[model] = owner is null ? null : DocumentOf(owner);
        return model;
    }

    /// <summary>The declaration of an element particle: the global one for references.</summary>
    private XmlSchemaElement DeclarationOf(XmlSchemaElement particle) =>
        particle.RefName.IsEmpty ? particle : _set.GlobalElements[particle.RefName] as XmlSchemaElement ?? particle;

    private XsdElement Element(XmlSchemaElement particle)
    {
        XmlSchemaElement declaration = DeclarationOf(particle);
        if (TryGet(declaration, out XsdElement model))
        {
            return model;
        }

        bool global = declaration.RefName.IsEmpty && declaration.Parent is XmlSchema;
        model = Remember(declaration, new XsdElement
        {
            Name = NameOf(declaration.QualifiedName),
            Nillable = declaration.IsNillable,
            IsGlobal = global,
            SubstitutionHead = global && !declaration.SubstitutionGroup.IsEmpty ? NameOf(declaration.SubstitutionGroup) : null,
        }, declaration);
        model.Type = Type(declaration.ElementSchemaType) ?? XsdBuiltInTypes.AnyType;
        return model;
    }

    private XsdAttribute Attribute(XmlSchemaAttribute use)
    {
        XmlSchemaAttribute declaration = use.RefName.IsEmpty ? use : _set.GlobalAttributes[use.RefName] as XmlSchemaAttribute ?? use;
        if (TryGet(declaration, out XsdAttribute model))
        {
            return model;
        }

        model = Remember(declaration, new XsdAttribute
        {
            Name = NameOf(declaration.QualifiedName),
            IsGlobal = declaration.RefName.IsEmpty && declaration.Parent is XmlSchema,
        }, declaration);
        model.Type = SimpleType(declaration.AttributeSchemaType);
        return model;
    }

    private XsdType? Type(XmlSchemaType? type) => type switch
    {
        null => null,
        XmlSchemaSimpleType simple => SimpleType(simple),
        XmlSchemaComplexType complex => ComplexType(complex),
        _ => throw new ExiSchemaException($"Unsupported type definition {type.QualifiedName}."),
    };

    private XsdComplexType ComplexType(XmlSchemaComplexType type)
    {
        if (type.QualifiedName.Namespace == XsdBuiltInTypes.Namespace && type.QualifiedName.Name == "anyType")
        {
            return XsdBuiltInTypes.AnyType;
        }

        if (TryGet(type, out XsdComplexType model))
        {
            return model;
        }

        model = Remember(type, new XsdComplexType
        {
            Name = type.QualifiedName.IsEmpty ? null : NameOf(type.QualifiedName),
            ContentType = type.ContentType switch
            {
                XmlSchemaContentType.TextOnly => XsdContentType.TextOnly,
                XmlSchemaContentType.ElementOnly => XsdContentType.ElementOnly,
                XmlSchemaContentType.Mixed => XsdContentType.Mixed,
                _ => XsdContentType.Empty,
            },
        }, type);
        model.Base = Type(type.BaseXmlSchemaType);
        foreach (XmlSchemaAttribute use in type.AttributeUses.Values.Cast<XmlSchemaAttribute>().Where(a => a.Use != XmlSchemaUse.Prohibited))
        {
            model.AttributeUses.Add(new XsdAttributeUse
            {
                Declaration = Attribute(use),
                Type = SimpleType(use.AttributeSchemaType),
                Required = use.Use == XmlSchemaUse.Required,
            });
        }

        if (type.AttributeWildcard is XmlSchemaAnyAttribute wildcard)
        {
            model.AttributeWildcard = new XsdWildcard { Uris = WildcardUris(wildcard.Namespace, wildcard) };
        }

        if (model.ContentType is XsdContentType.ElementOnly or XsdContentType.Mixed)
        {
            model.Particle = Particle(type.ContentTypeParticle);
        }
        else if (model.ContentType == XsdContentType.TextOnly)
        {
            model.SimpleContent = ContentFacts(type);
        }

        return model;
    }

    private XsdParticle Particle(XmlSchemaParticle particle)
    {
        switch (particle)
        {
            case XmlSchemaElement element:
                return new XsdElementParticle { MinOccurs = particle.MinOccurs, MaxOccurs = particle.MaxOccurs, Element = Element(element) };
            case XmlSchemaAny any:
                if (!TryGet(any, out XsdWildcardParticle wildcard))
                {
                    wildcard = Remember(any, new XsdWildcardParticle
                    {
                        MinOccurs = any.MinOccurs,
                        MaxOccurs = any.MaxOccurs,
                        Wildcard = new XsdWildcard { Uris = WildcardUris(any.Namespace, any) },
                    }, any);
                }

                return wildcard;
            case XmlSchemaGroupBase group:
                var model = new XsdGroup
                {
                    MinOccurs = particle.MinOccurs,
                    MaxOccurs = particle.MaxOccurs,
                    Compositor = group switch
                    {
                        XmlSchemaChoice => XsdCompositor.Choice,
                        XmlSchemaAll => XsdCompositor.All,
                        _ => XsdCompositor.Sequence,
                    },
                };
                foreach (XmlSchemaObject item in group.Items)
                {
                    if (item is XmlSchemaParticle child)
                    {
                        model.Items.Add(Particle(child));
                    }
                }

                return model;
            default:
                // The empty particle: a sequence that matches nothing.
                return new XsdGroup { MinOccurs = particle.MinOccurs, MaxOccurs = particle.MaxOccurs };
        }
    }

    /// <summary>The URIs a wildcard lists, or null for ##any and ##other (both code as the generic AT(*) / SE(*)).</summary>
    private static string[]? WildcardUris(string? constraint, XmlSchemaObject wildcard)
    {
        string text = constraint?.Trim() ?? "##any";
        if (text.Length == 0)
        {
            return [];
        }

        if (text is "##any" or "##other")
        {
            return null;
        }

        string targetNamespace = DocumentOf(wildcard)?.TargetNamespace ?? string.Empty;
        return [.. text.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(token => token switch
        {
            "##targetNamespace" => targetNamespace,
            "##local" => string.Empty,
            _ => token,
        }).Distinct(StringComparer.Ordinal)];
    }
}
