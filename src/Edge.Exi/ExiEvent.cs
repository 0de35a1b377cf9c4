namespace Edge.Exi;

/// <summary>
/// One decoded EXI event. Which members are set depends on <see cref="Type"/>: names for SE/AT, a value for
/// AT/CH/CM, target and data for PI (<see cref="Name"/>, <see cref="Value"/>), name/public/system/text for DT.
/// </summary>
public sealed class ExiEvent
{
    internal ExiEvent(ExiEventType type)
    {
        Type = type;
    }

    public ExiEventType Type { get; }

    /// <summary>Gets the namespace of an SE, AT or NS event.</summary>
    public string NamespaceUri { get; internal init; } = string.Empty;

    /// <summary>Gets the local name of an SE, AT or EE event.</summary>
    public string LocalName { get; internal init; } = string.Empty;

    /// <summary>Gets the prefix of an SE, AT or NS event, or null when prefixes are not preserved.</summary>
    public string? Prefix { get; internal set; }

    /// <summary>Gets the value of AT or CH, the text of CM, the data of PI or the text of DT.</summary>
    public string Value { get; internal set; } = string.Empty;

    /// <summary>Gets the PI target, the DT root name or the ER name.</summary>
    public string Name { get; internal init; } = string.Empty;

    /// <summary>Gets the namespace of the type named by an xsi:type attribute (its value is a qualified name).</summary>
    public string? TypeNamespaceUri { get; internal init; }

    /// <summary>Gets the local name of the type named by an xsi:type attribute.</summary>
    public string? TypeLocalName { get; internal init; }

    public string PublicId { get; internal init; } = string.Empty;

    public string SystemId { get; internal init; } = string.Empty;

    /// <summary>Gets a value indicating whether an NS event declares the prefix of its own element.</summary>
    public bool IsLocalElementNamespace { get; internal init; }

    public override string ToString() => Type switch
    {
        ExiEventType.StartElement or ExiEventType.EndElement => $"{Type} {{{NamespaceUri}}}{LocalName}",
        ExiEventType.Attribute => $"{Type} {{{NamespaceUri}}}{LocalName}=\"{Value}\"",
        ExiEventType.NamespaceDeclaration => $"{Type} {Prefix}={NamespaceUri}",
        _ => $"{Type} {Name} {Value}",
    };
}
