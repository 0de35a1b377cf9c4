namespace Edge.Exi.Internal.Schema;

/// <summary>The productions a schema-informed state has beyond its first level (§8.5.4.4.1, §8.5.1, §8.3).</summary>
internal enum Undeclared : byte
{
    EndElement,
    XsiType,
    XsiNil,

    /// <summary>AT(*) of an undeclared attribute.</summary>
    AttributeAny,

    /// <summary>AT(qname) [untyped value]: a declared attribute whose value is not valid for its type.</summary>
    AttributeInvalid,
    Namespace,
    SelfContained,

    /// <summary>SE(*) of an undeclared element.</summary>
    StartElementAny,

    /// <summary>CH [untyped value].</summary>
    Characters,
    EntityReference,

    /// <summary>The third level holding CM and PI.</summary>
    CommentOrPi,
    DocType,
}

/// <summary>
/// Second- and third-level event codes of schema-informed states: which undeclared productions a state has,
/// in code order, given the fidelity options and strictness (§8.5.4.4). The same order as the reference
/// implementation (and the specification's tables): EE (when not declared), xsi:type, xsi:nil, AT(*),
/// AT [untyped], NS, SC, SE(*), CH, ER, then CM and PI at the third level.
/// </summary>
internal static class SecondLevel
{
    public const int MaxEntries = 12;

    /// <summary>Writes the state's second-level productions into <paramref name="into"/>; returns how many.</summary>
    public static int Layout(SchemaState state, ExiOptions options, Span<Undeclared> into)
    {
        int n = 0;
        bool thirdLevel = options.PreserveComments || options.PreserveProcessingInstructions;
        switch (state.Kind)
        {
            case SchemaStateKind.DocContent:
                if (options.PreserveDtd)
                {
                    into[n++] = Undeclared.DocType;
                }

                break;
            case SchemaStateKind.FragmentContent:
                break;
            case SchemaStateKind.FirstStartTag when options.Strict:
                if (state.TypeCastable)
                {
                    into[n++] = Undeclared.XsiType;
                }

                if (state.Nillable)
                {
                    into[n++] = Undeclared.XsiNil;
                }

                return n;
            case SchemaStateKind.FirstStartTag:
                if (!state.HasEndElement)
                {
                    into[n++] = Undeclared.EndElement;
                }

                into[n++] = Undeclared.XsiType;
                into[n++] = Undeclared.XsiNil;
                into[n++] = Undeclared.AttributeAny;
                into[n++] = Undeclared.AttributeInvalid;
                if (options.PreservePrefixes)
                {
                    into[n++] = Undeclared.Namespace;
                }

                if (options.SelfContained)
                {
                    into[n++] = Undeclared.SelfContained;
                }

                n = Content(options, into, n);
                break;
            case SchemaStateKind.StartTag when !options.Strict:
                if (!state.HasEndElement)
                {
                    into[n++] = Undeclared.EndElement;
                }

                into[n++] = Undeclared.AttributeAny;
                into[n++] = Undeclared.AttributeInvalid;
                n = Content(options, into, n);
                break;
            case SchemaStateKind.Content when !options.Strict:
                if (!state.HasEndElement)
                {
                    into[n++] = Undeclared.EndElement;
                }

                n = Content(options, into, n);
                break;
            default:
                return 0;
        }

        if (thirdLevel)
        {
            into[n++] = Undeclared.CommentOrPi;
        }

        return n;
    }

    /// <summary>The index of <paramref name="kind"/> among the state's second-level productions, or -1.</summary>
    public static int IndexOf(SchemaState state, ExiOptions options, Undeclared kind, out int count)
    {
        Span<Undeclared> layout = stackalloc Undeclared[MaxEntries];
        count = Layout(state, options, layout);
        return layout[..count].IndexOf(kind);
    }

    private static int Content(ExiOptions options, Span<Undeclared> into, int n)
    {
        into[n++] = Undeclared.StartElementAny;
        into[n++] = Undeclared.Characters;
        if (options.PreserveDtd)
        {
            into[n++] = Undeclared.EntityReference;
        }

        return n;
    }
}
