namespace Edge.Iot.Concentrator;

/// <summary>
/// The XEP-0326 response codes (§5.3 "Response Codes", the <c>result</c> attribute of every response). The wire names
/// are the member names with <see cref="Ok"/> written <c>OK</c>.
/// </summary>
public enum ConcentratorResultCode
{
    /// <summary><c>OK</c>: the request was accepted.</summary>
    Ok,

    /// <summary>The data source or node was not found.</summary>
    NotFound,

    /// <summary>The requester may not perform the operation.</summary>
    InsufficientPrivileges,

    /// <summary>The node is locked.</summary>
    Locked,

    /// <summary>The command is not implemented by the concentrator.</summary>
    NotImplemented,

    /// <summary>A submitted form has errors.</summary>
    FormError,

    /// <summary>Any other error (also: a code this implementation does not know).</summary>
    OtherError,
}
