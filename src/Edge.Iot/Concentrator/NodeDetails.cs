namespace Edge.Iot.Concentrator;

/// <summary>What a node request asks for beyond the basic node information (XEP-0326 <c>parameters</c> and
/// <c>messages</c> attributes).</summary>
[Flags]
public enum NodeDetails
{
    None = 0,

    /// <summary><c>parameters='true'</c>: the node parameters.</summary>
    Parameters = 1,

    /// <summary><c>messages='true'</c>: the node's status messages.</summary>
    Messages = 2,
}
