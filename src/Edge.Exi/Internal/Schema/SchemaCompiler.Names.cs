using System.Xml;
using System.Xml.Schema;

namespace Edge.Exi.Internal.Schema;

/// <summary>
/// The schema-informed pre-population of the string table (EXI 1.0 §7.3.1, appendix D.3): the four fixed URIs,
/// then every target namespace and wildcard namespace of the schema sorted; in each partition the local names of
/// every element, attribute and named type declared there, sorted.
/// </summary>
internal sealed partial class SchemaCompiler
{
    private Dictionary<XmlQualifiedName, List<XmlSchemaElement>>? _substitutionGroups;

    private void CollectNames()
    {
        Names(string.Empty);
        Names(ExiConstants.XmlNamespace).UnionWith(["base", "id", "lang", "space"]);
        Names(ExiConstants.XsiNamespace).UnionWith(["nil", "type"]);
        Names(XsdNamespace).UnionWith(XsdTypeNames);
        foreach (XmlSchema schema in _set.Schemas())
        {
            Names(schema.TargetNamespace ?? string.Empty);
        }

        foreach (XmlSchemaType type in _set.GlobalTypes.Values)
        {
            NamesOfType(type);
        }

        foreach (XmlSchemaElement element in _set.GlobalElements.Values)
        {
            NamesOfElement(element);
        }

        foreach (XmlSchemaAttribute attribute in _set.GlobalAttributes.Values)
        {
            Add(attribute.QualifiedName);
            NamesOfType(attribute.AttributeSchemaType);
        }
    }

    private UriEntry[] AssignIds()
    {
        string[] fixedUris = [string.Empty, ExiConstants.XmlNamespace, ExiConstants.XsiNamespace, XsdNamespace];
        IEnumerable<string> others = _names.Keys.Where(u => Array.IndexOf(fixedUris, u) < 0).Order(StringComparer.Ordinal);
        var entries = new List<UriEntry>();
        foreach (string uri in fixedUris.Concat(others))
        {
            string[] prefixes = uri switch
            {
                "" => [string.Empty],
                ExiConstants.XmlNamespace => ["xml"],
                ExiConstants.XsiNamespace => ["xsi"],
                _ => [],
            };
            string[] localNames = [.. _names[uri]];
            _uriIds.Add(uri, _uris.Count);
            _uris.Add(uri);
            foreach (string localName in localNames)
            {
                _qnameIds.Add((uri, localName), _qnames.Count);
                _qnames.Add((uri, localName));
            }

            entries.Add(new UriEntry(uri, prefixes, localNames));
        }

        return [.. entries];
    }

    private SortedSet<string> Names(string uri)
    {
        if (!_names.TryGetValue(uri, out SortedSet<string>? names))
        {
            names = new SortedSet<string>(StringComparer.Ordinal);
            _names.Add(uri, names);
        }

        return names;
    }

    private void Add(XmlQualifiedName name) => Names(name.Namespace).Add(name.Name);

    private void NamesOfElement(XmlSchemaElement declaration)
    {
        Add(declaration.QualifiedName);
        NamesOfType(declaration.ElementSchemaType);
        foreach (XmlSchemaElement member in SubstitutionGroup(declaration))
        {
            Add(member.QualifiedName);
            NamesOfType(member.ElementSchemaType);
        }
    }

    private void NamesOfType(XmlSchemaType? type)
    {
        switch (type)
        {
            case XmlSchemaComplexType complex:
                if (!_visitedTypes.Add(complex))
                {
                    return;
                }

                if (!complex.QualifiedName.IsEmpty)
                {
                    Add(complex.QualifiedName);
                }

                foreach (XmlSchemaAttribute use in complex.AttributeUses.Values)
                {
                    Add(use.QualifiedName);
                }

                NamesOfWildcard(complex.AttributeWildcard?.Namespace, complex.AttributeWildcard);
                NamesOfParticle(complex.ContentTypeParticle);
                break;
            case XmlSchemaSimpleType simple when !simple.QualifiedName.IsEmpty:
                Add(simple.QualifiedName);
                break;
            default:
                break;
        }
    }

    private void NamesOfParticle(XmlSchemaParticle? particle)
    {
        switch (particle)
        {
            case XmlSchemaElement element:
                NamesOfElement((XmlSchemaElement)DeclarationOf(element));
                break;
            case XmlSchemaAny any:
                NamesOfWildcard(any.Namespace, any);
                break;
            case XmlSchemaGroupBase group:
                foreach (XmlSchemaObject item in group.Items)
                {
                    NamesOfParticle(item as XmlSchemaParticle);
                }

                break;
            default:
                break;
        }
    }

    private void NamesOfWildcard(string? constraint, XmlSchemaObject? wildcard)
    {
        if (wildcard is null)
        {
            return;
        }

        foreach (string uri in WildcardUris(constraint, wildcard) ?? [])
        {
            Names(uri);
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

        string targetNamespace = TargetNamespaceOf(wildcard);
        return [.. text.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(token => token switch
        {
            "##targetNamespace" => targetNamespace,
            "##local" => string.Empty,
            _ => token,
        }).Distinct(StringComparer.Ordinal)];
    }

    private static string TargetNamespaceOf(XmlSchemaObject item)
    {
        for (XmlSchemaObject? o = item; o is not null; o = o.Parent)
        {
            if (o is XmlSchema schema)
            {
                return schema.TargetNamespace ?? string.Empty;
            }
        }

        return string.Empty;
    }

    /// <summary>The members of a head's substitution group, transitively, sorted by local name then URI.</summary>
    private List<XmlSchemaElement> SubstitutionGroup(XmlSchemaElement head)
    {
        if (_substitutionGroups is null)
        {
            _substitutionGroups = [];
            foreach (XmlSchemaElement element in _set.GlobalElements.Values)
            {
                var seen = new HashSet<XmlQualifiedName>();
                for (XmlQualifiedName h = element.SubstitutionGroup; !h.IsEmpty && seen.Add(h); h = (_set.GlobalElements[h] as XmlSchemaElement)?.SubstitutionGroup ?? XmlQualifiedName.Empty)
                {
                    if (!_substitutionGroups.TryGetValue(h, out List<XmlSchemaElement>? members))
                    {
                        members = [];
                        _substitutionGroups.Add(h, members);
                    }

                    members.Add(element);
                }
            }

            foreach (List<XmlSchemaElement> members in _substitutionGroups.Values)
            {
                members.Sort((a, b) =>
                {
                    int byName = string.CompareOrdinal(a.QualifiedName.Name, b.QualifiedName.Name);
                    return byName != 0 ? byName : string.CompareOrdinal(a.QualifiedName.Namespace, b.QualifiedName.Namespace);
                });
            }
        }

        return head.RefName.IsEmpty && head.Parent is XmlSchema && _substitutionGroups.TryGetValue(head.QualifiedName, out List<XmlSchemaElement>? list) ? list : [];
    }
}
