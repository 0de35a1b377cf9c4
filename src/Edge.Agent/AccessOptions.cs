namespace Edge.Agent;

/// <summary>
/// The <c>Agent:Access</c> section: who may read out, browse and control the device. Each entry is <c>*</c>
/// (anyone), a domain (<c>example.org</c>: any account there) or a bare JID (<c>backend@example.org</c>). Empty lists
/// mean the device's own domain only — a backend on the same server works out of the box, strangers get
/// <c>forbidden</c>. XEP-0324 provisioning will take these decisions when a provisioning server is configured.
/// </summary>
public sealed class AccessOptions
{
    /// <summary>Who may read out (XEP-0323) and browse nodes (XEP-0326).</summary>
    public IList<string> Read { get; } = [];

    /// <summary>Who may control (XEP-0325). Controllers may also read.</summary>
    public IList<string> Control { get; } = [];

    internal IEnumerable<string> Validate()
    {
        foreach (var (key, list) in new[] { ("Read", Read), ("Control", Control) })
        {
            for (int i = 0; i < list.Count; i++)
            {
                string entry = list[i];
                if (entry == "*")
                {
                    continue;
                }

                if (!Xmpp.Jid.TryParse(entry, out var jid, out var error))
                {
                    yield return $"Agent:Access:{key}:{i} '{entry}' is not '*', a domain or a bare JID: {error}";
                }
                else if (jid.Resource is not null)
                {
                    yield return $"Agent:Access:{key}:{i} '{entry}' must be a bare JID or a domain, without a resource.";
                }
            }
        }
    }
}
