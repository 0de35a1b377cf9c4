using System.Text;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Publishing;

/// <summary>
/// The nodes an earlier run of this device set up and published to with publish-options (XEP-0060 §7.1.5), kept in
/// the data directory (<c>pubsub-nodes</c>) so that a restart publishes to them at once instead of creating,
/// configuring and asking the service's disco first (three round trips before the first reading; README "Start to the
/// first reading accepted"). That is safe because every such publish carries the node's configuration as
/// preconditions: a node whose configuration drifted while the device was off is refused with
/// <c>precondition-not-met</c> and configured again, one deleted with <c>item-not-found</c> and created again, and the
/// reading is sent again either way (<see cref="NodePublisher"/>). A node whose service refuses the options is left
/// out (it is set up at every start, as before).
/// <para>
/// The file is a cache, valid only for the service, account and configuration it was written for (its <c>key</c>
/// line): another key, a missing, unreadable or malformed file all mean "no node known", and deleting it costs one
/// start's set-up. It is replaced whole (written beside, then renamed) and not synced: a power cut can only leave the
/// old file or none.
/// </para>
/// </summary>
public sealed class KnownNodes
{
    private const string Header = "# Edge: pubsub nodes set up by an earlier run (a cache: delete it and they are set up again at the next start)";

    private readonly string _path;
    private readonly string _key;
    private readonly ILogger _logger;
    private readonly HashSet<string> _nodes;
    private readonly Lock _lock = new();

    private KnownNodes(string path, string key, ILogger logger, HashSet<string> nodes)
    {
        _path = path;
        _key = key;
        _logger = logger;
        _nodes = nodes;
    }

    /// <summary>The file's name in the data directory.</summary>
    public const string FileName = "pubsub-nodes";

    /// <summary>The nodes known now, for this key.</summary>
    public IReadOnlyCollection<string> Nodes
    {
        get
        {
            lock (_lock)
            {
                return [.. _nodes];
            }
        }
    }

    /// <summary>
    /// The key a file is valid for: the service (or PEP), the account and the node configuration (sorted), one line.
    /// </summary>
    public static string KeyFor(string service, string account, IReadOnlyDictionary<string, string> configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var key = new StringBuilder(service.Length == 0 ? "PEP" : service).Append(' ').Append(account);
        foreach (var (name, value) in configuration.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            key.Append(' ').Append(name).Append('=').Append(value);
        }

        return key.Replace('\n', ' ').Replace('\r', ' ').ToString();
    }

    /// <summary>Reads <paramref name="path"/>; the nodes are known only when its key is <paramref name="key"/>.</summary>
    public static KnownNodes Load(string path, string key, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(logger);
        var nodes = new HashSet<string>(StringComparer.Ordinal);
        string[] lines;
        try
        {
            lines = File.Exists(path) ? File.ReadAllLines(path) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.KnownNodesUnreadable(logger, path, e.Message);
            lines = [];
        }

        var keyed = false;
        foreach (var line in lines)
        {
            if (line.StartsWith("key ", StringComparison.Ordinal))
            {
                keyed = string.Equals(line[4..], key, StringComparison.Ordinal);
                if (!keyed)
                {
                    break; // another service, account or configuration: nothing here is known for this one
                }
            }
            else if (keyed && line.StartsWith("node ", StringComparison.Ordinal) && line.Length > 5)
            {
                nodes.Add(line[5..]);
            }
        }

        return new KnownNodes(path, key, logger, nodes);
    }

    public bool Contains(string node)
    {
        lock (_lock)
        {
            return _nodes.Contains(node);
        }
    }

    /// <summary>Records <paramref name="node"/> as set up (the file is written when that is news).</summary>
    public void Add(string node) => Change(node, add: true);

    /// <summary>Forgets <paramref name="node"/> (deleted under us, or its service refuses the options).</summary>
    public void Remove(string node) => Change(node, add: false);

    private void Change(string node, bool add)
    {
        lock (_lock)
        {
            if (node.Contains('\n', StringComparison.Ordinal) || (add ? !_nodes.Add(node) : !_nodes.Remove(node)))
            {
                return;
            }

            var text = new StringBuilder(Header).Append('\n').Append("key ").Append(_key).Append('\n');
            foreach (var known in _nodes.Order(StringComparer.Ordinal))
            {
                text.Append("node ").Append(known).Append('\n');
            }

            var temporary = _path + ".tmp";
            try
            {
                File.WriteAllText(temporary, text.ToString());
                File.Move(temporary, _path, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A cache: the next start sets the nodes up, as without it.
                Log.KnownNodesNotSaved(_logger, _path, e.Message);
            }
        }
    }
}
