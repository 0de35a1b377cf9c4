namespace Edge.Testing.Servers;

/// <summary>The XMPP servers the integration suite runs against; one per run, chosen by <c>EDGE_XMPP_SERVER</c>.</summary>
public enum XmppServerKind
{
    /// <summary>Prosody 0.12 (Debian <c>prosody</c>), set up by <c>.ci/prosody.sh</c>.</summary>
    Prosody,

    /// <summary>ejabberd 23.01 (Debian <c>ejabberd</c>), set up by <c>.ci/ejabberd.sh</c>.</summary>
    Ejabberd,
}
