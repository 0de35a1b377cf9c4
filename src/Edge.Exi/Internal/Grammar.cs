namespace Edge.Exi.Internal;

/// <summary>
/// One production of a grammar state, or a group holding the productions of the next event-code level.
/// <see cref="QName"/> is -1 for a wildcard (SE(*), AT(*)) and for events without a name.
/// </summary>
internal sealed class Production
{
    public Production(ExiEventType kind, int qname = -1)
    {
        Kind = kind;
        QName = qname;
    }

    public Production(List<Production> group)
    {
        Group = group;
    }

    public ExiEventType Kind { get; }

    public int QName { get; } = -1;

    public List<Production>? Group { get; }
}

/// <summary>
/// A built-in element grammar (EXI 1.0 §8.4.3): the StartTagContent and ElementContent states of one qualified
/// name, each holding the productions learnt so far at event code 0 ahead of the fixed productions.
/// </summary>
internal sealed class BuiltInElementGrammar(List<Production> startTag, List<Production> content)
{
    public List<Production> StartTag { get; } = startTag;

    public List<Production> Content { get; } = content;
}

/// <summary>
/// Builds the built-in grammars of §8.4 with the productions the fidelity options prune away already removed
/// (§8.3), and matches, codes and learns events against a grammar state.
/// </summary>
internal sealed class BuiltInGrammars
{
    private readonly List<Production> _startTagGroup;
    private readonly List<Production> _contentGroup;

    public BuiltInGrammars(ExiOptions options)
    {
        Options = options;
        List<Production>? commentsAndPis = Group(
            options.PreserveComments ? new Production(ExiEventType.Comment) : null,
            options.PreserveProcessingInstructions ? new Production(ExiEventType.ProcessingInstruction) : null);

        _startTagGroup = Group(
            new Production(ExiEventType.EndElement),
            new Production(ExiEventType.Attribute),
            options.PreservePrefixes ? new Production(ExiEventType.NamespaceDeclaration) : null,
            options.SelfContained ? new Production(ExiEventType.SelfContained) : null,
            new Production(ExiEventType.StartElement),
            new Production(ExiEventType.Characters),
            options.PreserveDtd ? new Production(ExiEventType.EntityReference) : null,
            Wrap(commentsAndPis))!;
        _contentGroup = Group(
            new Production(ExiEventType.StartElement),
            new Production(ExiEventType.Characters),
            options.PreserveDtd ? new Production(ExiEventType.EntityReference) : null,
            Wrap(commentsAndPis))!;

        DocContent = Group(
            new Production(ExiEventType.StartElement),
            Wrap(Group(options.PreserveDtd ? new Production(ExiEventType.DocType) : null, Wrap(commentsAndPis))))!;
        DocEnd = Group(new Production(ExiEventType.EndDocument), Wrap(commentsAndPis))!;
        FragmentContent = Group(
            new Production(ExiEventType.StartElement),
            new Production(ExiEventType.EndDocument),
            Wrap(commentsAndPis))!;
    }

    public ExiOptions Options { get; }

    public List<Production> DocContent { get; }

    public List<Production> DocEnd { get; }

    /// <summary>Gets the fragment grammar's content state; it learns SE(qname) productions too.</summary>
    public List<Production> FragmentContent { get; }

    public BuiltInElementGrammar NewElementGrammar() => new(
        [new Production(_startTagGroup)],
        [new Production(ExiEventType.EndElement), new Production(_contentGroup)]);

    /// <summary>
    /// Finds the production an event uses: a learnt (named) one first, otherwise the wildcard or unnamed one.
    /// Writes the event-code parts into <paramref name="path"/> and returns the number of parts, or 0.
    /// </summary>
    public static int Find(List<Production> state, ExiEventType kind, int qname, Span<int> path, out Production? match)
    {
        if (qname >= 0)
        {
            for (int i = 0; i < state.Count; i++)
            {
                Production p = state[i];
                if (p.Group is null && p.Kind == kind && p.QName == qname)
                {
                    path[0] = i;
                    match = p;
                    return 1;
                }
            }
        }

        return FindUnnamed(state, kind, path, 0, out match);
    }

    /// <summary>Writes an event code: one n-bit part per level, n = ⌈log2 of that level's size⌉ (§6.2).</summary>
    public static void WriteCode(BitOutput output, List<Production> state, ReadOnlySpan<int> path)
    {
        List<Production> level = state;
        for (int i = 0; i < path.Length; i++)
        {
            output.WriteNBit(path[i], CodePoints.BitsFor(level.Count));
            if (i + 1 < path.Length)
            {
                level = level[path[i]].Group!;
            }
        }
    }

    public static Production ReadCode(BitInput input, List<Production> state)
    {
        List<Production> level = state;
        while (true)
        {
            Production p = level[input.ReadCode(CodePoints.BitsFor(level.Count), level.Count, "event code")];
            if (p.Group is null)
            {
                return p;
            }

            level = p.Group;
        }
    }

    /// <summary>Applies the learning rules of §8.4.3 after <paramref name="used"/> matched in a state.</summary>
    /// <returns>Whether a production was learnt (inserted first in <paramref name="state"/>).</returns>
    public static bool Learn(List<Production> state, Production used, int qname, bool isStartTag)
    {
        switch (used.Kind)
        {
            case ExiEventType.StartElement when used.QName < 0:
                state.Insert(0, new Production(ExiEventType.StartElement, qname));
                return true;
            case ExiEventType.Attribute when used.QName < 0 && isStartTag:
                state.Insert(0, new Production(ExiEventType.Attribute, qname));
                return true;
            case ExiEventType.EndElement or ExiEventType.Characters when !HasFirstLevel(state, used.Kind):
                state.Insert(0, new Production(used.Kind));
                return true;
            default:
                return false;
        }
    }

    private static bool HasFirstLevel(List<Production> state, ExiEventType kind)
    {
        foreach (Production p in state)
        {
            if (p.Group is null && p.Kind == kind)
            {
                return true;
            }
        }

        return false;
    }

    private static int FindUnnamed(List<Production> state, ExiEventType kind, Span<int> path, int depth, out Production? match)
    {
        for (int i = 0; i < state.Count; i++)
        {
            Production p = state[i];
            if (p.Group is not null)
            {
                int found = FindUnnamed(p.Group, kind, path, depth + 1, out match);
                if (found > 0)
                {
                    path[depth] = i;
                    return found;
                }
            }
            else if (p.Kind == kind && p.QName < 0)
            {
                path[depth] = i;
                match = p;
                return depth + 1;
            }
        }

        match = null;
        return 0;
    }

    private static Production? Wrap(List<Production>? group) => group is null ? null : new Production(group);

    private static List<Production>? Group(params Production?[] items)
    {
        var list = new List<Production>();
        foreach (Production? p in items)
        {
            if (p is not null)
            {
                list.Add(p);
            }
        }

        return list.Count == 0 ? null : list;
    }
}
