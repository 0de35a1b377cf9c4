using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Provisioning.Delegation;

/// <summary>
/// The device's memory of its provisioning service's answers (XEP-0324 §Caching and cache time: cache decisions,
/// evict the least recently used, keep them across reboots to avoid a storm of questions at start-up, forget them all
/// on <c>clearCache</c>). Bounded to <see cref="Capacity"/> entries (default <see cref="DefaultCapacity"/>: at ~200
/// bytes an entry, about 200 KB on disk and in memory). Kept in <c>{DataDirectory}/provisioning-decisions.json</c>,
/// 0600, replaced atomically after every change (<see cref="DecisionCacheFile"/>); answers of another service are dropped
/// when loaded. Thread-safe.
/// </summary>
public sealed class DecisionCache
{
    public const string FileName = "provisioning-decisions.json";

    public const int DefaultCapacity = 1000;

    private readonly Lock _lock = new();
    private readonly LinkedList<CachedDecision> _order = new();
    private readonly Dictionary<string, LinkedListNode<CachedDecision>> _entries = new(StringComparer.Ordinal);
    private readonly string _path;
    private readonly ILogger _logger;
    private string _service = string.Empty;

    public DecisionCache(string dataDirectory, int capacity, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _path = Path.Combine(dataDirectory, FileName);
        Capacity = capacity;
        _logger = logger;
        if (DecisionCacheFile.TryLoad(_path, out var file, out var reason))
        {
            _service = file.Service;
            foreach (var decision in file.Decisions.Where(d => d.Key.Length > 0).TakeLast(capacity))
            {
                _entries[decision.Key] = _order.AddLast(decision);
            }
        }
        else if (reason != Internal.JsonDataFile.Missing)
        {
            Log.DecisionCacheUnreadable(logger, _path, reason);
        }
    }

    public int Capacity { get; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The cache key of a question: a SHA-256 over its parts (tokens included, never stored in clear).</summary>
    public static string KeyOf(params IEnumerable<string?>[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u0001',
            parts.Select(p => string.Join('\u0002', p.Select(s => s ?? "\u0003")))))));

    /// <summary>The remembered answer of <paramref name="service"/> to <paramref name="key"/>, if any (and marks it used).</summary>
    public CachedDecision? Get(string service, string key)
    {
        lock (_lock)
        {
            if (!string.Equals(service, _service, StringComparison.Ordinal) || !_entries.TryGetValue(key, out var node))
            {
                return null;
            }

            _order.Remove(node);
            _order.AddLast(node);
            return node.Value;
        }
    }

    /// <summary>Remembers an answer of <paramref name="service"/>, evicting the least recently used beyond the bound.</summary>
    public void Put(string service, CachedDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        lock (_lock)
        {
            if (!string.Equals(service, _service, StringComparison.Ordinal))
            {
                _entries.Clear();
                _order.Clear();
                _service = service;
            }

            if (_entries.Remove(decision.Key, out var old))
            {
                _order.Remove(old);
            }

            _entries[decision.Key] = _order.AddLast(decision);
            while (_entries.Count > Capacity)
            {
                _entries.Remove(_order.First!.Value.Key);
                _order.RemoveFirst();
            }

            Save();
        }
    }

    /// <summary>Forgets every answer (<c>clearCache</c>, or a new trust relationship).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
            _order.Clear();
            Save();
        }
    }

    private void Save()
    {
        try
        {
            new DecisionCacheFile { Service = _service, Decisions = [.. _order] }.Save(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The cache in memory still works; the next start asks the service again.
            Log.DecisionCacheUnwritable(_logger, _path, e.Message);
        }
    }
}
