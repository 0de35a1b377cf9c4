namespace Edge.Iot.Concentrator;

/// <summary>
/// The XEP-0326 request element names (also the <c>value</c>s of <c>getCapabilitiesResponse</c>). This implementation
/// is the read-only browsing subset: <see cref="Implemented"/> is exactly what <c>getCapabilities</c> lists; every
/// name in <see cref="NotImplemented"/> is answered <c>feature-not-implemented</c> / <c>NotImplemented</c>.
/// </summary>
public static class ConcentratorOperations
{
    public const string GetCapabilities = "getCapabilities";
    public const string GetAllDataSources = "getAllDataSources";
    public const string GetRootDataSources = "getRootDataSources";
    public const string GetChildDataSources = "getChildDataSources";
    public const string ContainsNode = "containsNode";
    public const string ContainsNodes = "containsNodes";
    public const string GetNode = "getNode";
    public const string GetNodes = "getNodes";
    public const string GetAllNodes = "getAllNodes";
    public const string GetNodeInheritance = "getNodeInheritance";
    public const string GetRootNodes = "getRootNodes";
    public const string GetChildNodes = "getChildNodes";
    public const string GetAncestors = "getAncestors";

    /// <summary>What this implementation answers, in the order of the XEP's capability examples (§3.1.1).</summary>
    public static IReadOnlyList<string> Implemented { get; } =
    [
        GetCapabilities, GetAllDataSources, GetRootDataSources, GetChildDataSources, ContainsNode, ContainsNodes,
        GetNode, GetNodes, GetAllNodes, GetNodeInheritance, GetRootNodes, GetChildNodes, GetAncestors,
    ];

    /// <summary>
    /// The other requests XEP-0326 v0.3 defines: indices, parameter editing, node creation/destruction, node commands
    /// and queries, moving nodes, event subscriptions and field databases. Not supported here.
    /// </summary>
    public static IReadOnlyList<string> NotImplemented { get; } =
    [
        "getIndices", "getNodesFromIndex", "getNodesFromIndices", "getAllIndexValues",
        "getNodeParametersForEdit", "setNodeParametersAfterEdit", "getCommonNodeParametersForEdit",
        "setCommonNodeParametersAfterEdit",
        "getAddableNodeTypes", "getParametersForNewNode", "createNewNode", "destroyNode",
        "getNodeCommands", "getCommandParameters", "executeNodeCommand", "executeNodeQuery", "abortNodeQuery",
        "getCommonNodeCommands", "getCommonCommandParameters", "executeCommonNodeCommand", "executeCommonNodeQuery",
        "abortCommonNodeQuery",
        "moveNodeUp", "moveNodeDown", "moveNodesUp", "moveNodesDown",
        "subscribe", "unsubscribe",
        "getDatabases", "getDatabaseReadoutParameters", "startDatabaseReadout",
    ];
}
