namespace Edge.Iot.Concentrator;

/// <summary>The run-time state of a node (XEP-0326 §5.6 "Node States"), in order of increasing importance.</summary>
public enum NodeState
{
    /// <summary>Nothing has been reported on the node.</summary>
    None,

    Information,

    WarningSigned,

    WarningUnsigned,

    ErrorSigned,

    ErrorUnsigned,
}
