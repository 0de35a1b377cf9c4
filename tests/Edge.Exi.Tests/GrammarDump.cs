using System.Text;
using Edge.Exi.Internal.Schema;

namespace Edge.Exi.Tests;

/// <summary>
/// A text form of every grammar of a compiled schema (string table, states in the order reached from the document,
/// fragment, global element, attribute and type grammars, each production with its event, name, datatype and target),
/// so two ways of building the same grammars can be compared whole.
/// </summary>
internal static class GrammarDump
{
    public static string Of(ExiSchema schema)
    {
        CompiledSchema compiled = schema.Compiled;
        var text = new StringBuilder();
        foreach (UriEntry uri in compiled.Uris)
        {
            text.Append(uri.Uri).Append(" [").AppendJoin(' ', uri.Prefixes).Append("] ").AppendJoin(' ', uri.LocalNames).AppendLine();
        }

        var ids = new Dictionary<SchemaState, int>(ReferenceEqualityComparer.Instance);
        var queue = new Queue<SchemaState>();
        int Id(SchemaState? state)
        {
            if (state is null)
            {
                return -1;
            }

            if (!ids.TryGetValue(state, out int id))
            {
                id = ids.Count;
                ids.Add(state, id);
                queue.Enqueue(state);
            }

            return id;
        }

        text.Append("doc ").Append(Id(compiled.DocContent)).Append(" fragment ").Append(Id(compiled.FragmentContent)).AppendLine();
        for (int q = 0; q < compiled.QNameCount; q++)
        {
            text.Append(q).Append(": element ").Append(compiled.GlobalElements[q] is ElementGrammar e ? Id(e.Start) : -1)
                .Append(" attribute ").Append(compiled.GlobalAttributes[q]?.ToString() ?? "-")
                .Append(" type ").Append(Id(compiled.TypeGrammars[q])).AppendLine();
        }

        while (queue.TryDequeue(out SchemaState? state))
        {
            text.Append('#').Append(ids[state]).Append(' ').Append(state.Kind).Append(" nil=").Append(state.Nillable).Append(" cast=").Append(state.TypeCastable)
                .Append(" content2=").Append(Id(state.Content2)).AppendLine();
            foreach (SchemaProduction p in state.Productions)
            {
                text.Append("  ").Append(p.Event).Append(" q=").Append(p.QName).Append(" u=").Append(p.Uri).Append(" t=").Append(Describe(p.Type))
                    .Append(" el=").Append(p.Element is ElementGrammar g ? $"{g.QName}->{Id(g.Start)}" : "-").Append(" next=").Append(Id(p.Next)).AppendLine();
            }
        }

        return text.ToString();
    }

    private static string Describe(Datatype? type) => type is null ? "-"
        : $"{type}/{type.WhiteSpace}/bits={type.Bits}/set={string.Join(',', type.CharacterSet)}/enum={string.Join('|', type.EnumerationCanonical)}/base={Describe(type.EnumerationBase)}/item={Describe(type.Item)}";
}
