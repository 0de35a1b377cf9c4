using Edge.Exi.Internal.Schema.Model;

namespace Edge.Exi.Internal.Schema;

/// <summary>
/// The schema-informed pre-population of the string table (EXI 1.0 §7.3.1, appendix D.3): the four fixed URIs,
/// then every target namespace and wildcard namespace of the schema sorted; in each partition the local names of
/// every element, attribute and named type declared there, sorted.
/// </summary>
internal sealed partial class SchemaCompiler
{
    private Dictionary<XsdName, List<XsdElement>>? _substitutionGroups;

    private void CollectNames()
    {
        Names(string.Empty);
        Names(ExiConstants.XmlNamespace).UnionWith(["base", "id", "lang", "space"]);
        Names(ExiConstants.XsiNamespace).UnionWith(["nil", "type"]);
        Names(XsdNamespace).UnionWith(XsdBuiltInTypes.Names);
        foreach (string targetNamespace in _set.TargetNamespaces)
        {
            Names(targetNamespace);
        }

        foreach (XsdType type in _set.GlobalTypes.Values)
        {
            NamesOfType(type);
        }

        foreach (XsdElement element in _set.GlobalElements.Values)
        {
            NamesOfElement(element);
        }

        foreach (XsdAttribute attribute in _set.GlobalAttributes.Values)
        {
            Add(attribute.Name);
            NamesOfType(attribute.Type);
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

    private void Add(XsdName name) => Names(name.Uri).Add(name.LocalName);

    private void NamesOfElement(XsdElement declaration)
    {
        Add(declaration.Name);
        NamesOfType(declaration.Type);
        foreach (XsdElement member in SubstitutionGroup(declaration))
        {
            Add(member.Name);
            NamesOfType(member.Type);
        }
    }

    private void NamesOfType(XsdType? type)
    {
        switch (type)
        {
            case XsdComplexType complex:
                if (!_visitedTypes.Add(complex))
                {
                    return;
                }

                if (complex.Name is XsdName name)
                {
                    Add(name);
                }

                foreach (XsdAttributeUse use in complex.AttributeUses)
                {
                    Add(use.Declaration.Name);
                }

                NamesOfWildcard(complex.AttributeWildcard);
                NamesOfParticle(complex.Particle);
                break;
            case XsdSimpleType { Name: XsdName simpleName }:
                Add(simpleName);
                break;
            default:
                break;
        }
    }

    private void NamesOfParticle(XsdParticle? particle)
    {
        switch (particle)
        {
            case XsdElementParticle element:
                NamesOfElement(element.Element);
                break;
            case XsdWildcardParticle any:
                NamesOfWildcard(any.Wildcard);
                break;
            case XsdGroup group:
                foreach (XsdParticle item in group.Items)
                {
                    NamesOfParticle(item);
                }

                break;
            default:
                break;
        }
    }

    private void NamesOfWildcard(XsdWildcard? wildcard)
    {
        foreach (string uri in wildcard?.Uris ?? [])
        {
            Names(uri);
        }
    }

    /// <summary>The members of a head's substitution group, transitively, sorted by local name then URI.</summary>
    private List<XsdElement> SubstitutionGroup(XsdElement head)
    {
        if (_substitutionGroups is null)
        {
            _substitutionGroups = [];
            foreach (XsdElement element in _set.GlobalElements.Values)
            {
                var seen = new HashSet<XsdName>();
                for (XsdName? h = element.SubstitutionHead; h is XsdName current && seen.Add(current); h = _set.GlobalElements.GetValueOrDefault(current)?.SubstitutionHead)
                {
                    if (!_substitutionGroups.TryGetValue(current, out List<XsdElement>? members))
                    {
                        members = [];
                        _substitutionGroups.Add(current, members);
                    }

                    members.Add(element);
                }
            }

            foreach (List<XsdElement> members in _substitutionGroups.Values)
            {
                members.Sort((a, b) =>
                {
                    int byName = string.CompareOrdinal(a.Name.LocalName, b.Name.LocalName);
                    return byName != 0 ? byName : string.CompareOrdinal(a.Name.Uri, b.Name.Uri);
                });
            }
        }

        return head.IsGlobal && _substitutionGroups.TryGetValue(head.Name, out List<XsdElement>? list) ? list : [];
    }
}
