namespace Edge.Iot;

/// <summary>What a requester wants to do, for the <see cref="IAccessPolicy"/>.</summary>
public enum IotOperation
{
    /// <summary>An XEP-0323 readout.</summary>
    Read,

    /// <summary>An XEP-0325 set, or reading its control form.</summary>
    Control,

    /// <summary>XEP-0326 browsing: data sources, nodes, node parameters.</summary>
    Browse,
}
