using Edge.Exi.Internal.Schema.Model;

namespace Edge.Exi.Internal.Schema;

/// <summary>
/// Turns the content particle of a complex type into the content states of its EXI grammar (EXI 1.0
/// §8.5.4.1.5-8.5.4.1.8 and the normalization of §8.5.4.2): a position automaton (one position per element or
/// wildcard occurrence, occurrence ranges unrolled), then the subset construction, which yields the
/// deterministic grammar whose states offer SE(qname) / SE(uri:*) / SE(*) and, when the state may end, EE.
/// Within a state, SE productions are in schema order: the order in which their element declaration (or
/// wildcard) first appears in the content model.
/// </summary>
internal sealed class ContentModel
{
    /// <summary>Occurrence ranges beyond this many copies are treated as unbounded (a bound on schema-driven work).</summary>
    private const int MaxUnrolled = 256;

    private readonly List<Term> _positions = [];
    private readonly List<HashSet<int>> _follow = [];
    private readonly Dictionary<object, int> _order = new(ReferenceEqualityComparer.Instance);

    private ContentModel()
    {
    }

    /// <summary>An element declaration (by identity) or a wildcard particle at one position.</summary>
    public sealed record Term(object Key, XsdElement? Element, XsdWildcard? Wildcard, int Order);

    /// <summary>One state of the result: may it end, and its transitions in schema order.</summary>
    public sealed record State(bool End, List<(Term Term, int Target)> Transitions);

    /// <summary>
    /// Builds the automaton of <paramref name="particle"/> (element particles name their declaration: the global one
    /// for references). State 0 is the start state.
    /// </summary>
    public static List<State> Build(XsdParticle particle)
    {
        var model = new ContentModel();
        model.AssignOrder(particle);
        Node root = model.Expand(particle);
        return model.Determinize(root);
    }

    private abstract record Node(bool Nullable, HashSet<int> First, HashSet<int> Last);

    private sealed record Leaf(int Position) : Node(false, [Position], [Position]);

    private sealed record Composite(bool Nullable, HashSet<int> First, HashSet<int> Last) : Node(Nullable, First, Last);

    /// <summary>Numbers each declaration and wildcard by its first appearance, left to right (the "schema order").</summary>
    private void AssignOrder(XsdParticle particle)
    {
        switch (particle)
        {
            case XsdElementParticle element:
                _order.TryAdd(element.Element, _order.Count);
                break;
            case XsdWildcardParticle any:
                _order.TryAdd(any, _order.Count);
                break;
            case XsdGroup group:
                foreach (XsdParticle child in group.Items)
                {
                    AssignOrder(child);
                }

                break;
            default:
                break;
        }
    }

    private Composite Expand(XsdParticle particle)
    {
        if (particle.MaxOccurs == 0)
        {
            return Empty();
        }

        int min = (int)Math.Min(particle.MinOccurs, MaxUnrolled);
        bool unbounded = particle.MaxOccurs == XsdParticle.Unbounded || particle.MaxOccurs > MaxUnrolled;
        int max = unbounded ? min : (int)particle.MaxOccurs;
        Node result = Empty();
        for (int i = 0; i < min; i++)
        {
            result = Sequence(result, Single(particle));
        }

        if (unbounded)
        {
            return Sequence(result, Star(Single(particle)));
        }

        Node optional = Empty();
        for (int i = min; i < max; i++)
        {
            // x{0,k} = (x (x (...)?)?)?: nested, so the automaton stays deterministic.
            optional = Optional(Sequence(Single(particle), optional));
        }

        return Sequence(result, optional);
    }

    /// <summary>One occurrence of the particle's term.</summary>
    private Node Single(XsdParticle particle)
    {
        switch (particle)
        {
            case XsdElementParticle element:
                return NewLeaf(new Term(element.Element, element.Element, null, _order[element.Element]));
            case XsdWildcardParticle any:
                return NewLeaf(new Term(any, null, any.Wildcard, _order[any]));
            case XsdGroup { Compositor: XsdCompositor.Choice } choice:
                Node? alt = null;
                foreach (XsdParticle item in choice.Items)
                {
                    Node branch = Expand(item);
                    alt = alt is null ? branch : Choice(alt, branch);
                }

                return alt ?? Empty();
            case XsdGroup group:
                // A sequence; an all group only reaches here inside other groups (which XML Schema 1.0 forbids).
                Node seq = Empty();
                foreach (XsdParticle item in group.Items)
                {
                    seq = Sequence(seq, Expand(item));
                }

                return seq;
            default:
                return Empty();
        }
    }

    private Leaf NewLeaf(Term term)
    {
        _positions.Add(term);
        _follow.Add([]);
        return new Leaf(_positions.Count - 1);
    }

    private static Composite Empty() => new(true, [], []);

    private Composite Sequence(Node a, Node b)
    {
        foreach (int p in a.Last)
        {
            _follow[p].UnionWith(b.First);
        }

        var first = new HashSet<int>(a.First);
        if (a.Nullable)
        {
            first.UnionWith(b.First);
        }

        var last = new HashSet<int>(b.Last);
        if (b.Nullable)
        {
            last.UnionWith(a.Last);
        }

        return new Composite(a.Nullable && b.Nullable, first, last);
    }

    private static Composite Choice(Node a, Node b) => new(a.Nullable || b.Nullable, [.. a.First, .. b.First], [.. a.Last, .. b.Last]);

    private Composite Star(Node a)
    {
        foreach (int p in a.Last)
        {
            _follow[p].UnionWith(a.First);
        }

        return new Composite(true, a.First, a.Last);
    }

    private static Composite Optional(Node a) => new(true, a.First, a.Last);

    /// <summary>The subset construction over positions; a state is the set of positions just matched.</summary>
    private List<State> Determinize(Node root)
    {
        var states = new List<State>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var pending = new Queue<(int Id, int[] Positions, bool Initial)>();

        int Intern(int[] positions, bool initial)
        {
            string key = initial ? "^" : string.Join(',', positions);
            if (index.TryGetValue(key, out int id))
            {
                return id;
            }

            id = states.Count;
            bool end = initial ? root.Nullable : positions.Any(root.Last.Contains);
            states.Add(new State(end, []));
            index.Add(key, id);
            pending.Enqueue((id, positions, initial));
            return id;
        }

        Intern([], initial: true);
        while (pending.Count > 0)
        {
            (int id, int[] positions, bool initial) = pending.Dequeue();
            IEnumerable<int> next = initial ? root.First : positions.SelectMany(p => _follow[p]);
            var byTerm = new Dictionary<object, List<int>>(ReferenceEqualityComparer.Instance);
            foreach (int p in next.Distinct())
            {
                object key = _positions[p].Key;
                if (!byTerm.TryGetValue(key, out List<int>? targets))
                {
                    targets = [];
                    byTerm.Add(key, targets);
                }

                targets.Add(p);
            }

            foreach (List<int> targets in byTerm.Values.OrderBy(t => _positions[t[0]].Order))
            {
                targets.Sort();
                int target = Intern([.. targets], initial: false);
                states[id].Transitions.Add((_positions[targets[0]], target));
            }
        }

        return states;
    }
}
