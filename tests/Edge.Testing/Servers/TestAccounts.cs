namespace Edge.Testing.Servers;

/// <summary>
/// The accounts every test server is set up with (the defaults of <c>.ci/prosody.sh</c> and <c>.ci/ejabberd.sh</c>;
/// the fixture keeps an <c>EDGE_ACCOUNTS</c> override from its scripts so these stay true).
/// </summary>
public static class TestAccounts
{
    public const string Domain = "localhost";

    public const string AgentJid = "agent@" + Domain;
    public const string AgentPassword = "agent-secret";
    public const string BackendJid = "backend@" + Domain;
    public const string BackendPassword = "backend-secret";

    /// <summary>Server admin; like the agent, it may create nodes on the pubsub service.</summary>
    public const string AdminJid = "admin@" + Domain;
    public const string AdminPassword = "admin-secret";
}
