using System.Globalization;
using Edge.Iot.Provisioning.Service;
using Edge.Xmpp;
using Microsoft.Data.Sqlite;

namespace Edge.Registry;

/// <summary>
/// The provisioning half of the store (<see cref="IRuleStore"/>), in the same file and transaction discipline as the
/// things: a row per rule (nodes and names one per line), a row per thing still owed a <c>clearCache</c>.
/// </summary>
public sealed partial class SqliteThingStore : IRuleStore
{
    private const string RuleColumns = "id, owner, thing, requester, kind, nodes, names";

    private static void CreateRuleTables(SqliteConnection connection) => Execute(connection, """
        CREATE TABLE IF NOT EXISTS rules (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            owner TEXT NOT NULL,
            thing TEXT NULL,
            requester TEXT NOT NULL,
            kind TEXT NOT NULL,
            nodes TEXT NOT NULL,
            names TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS rules_owner ON rules (owner);
        CREATE TABLE IF NOT EXISTS clear_cache_pending (thing TEXT PRIMARY KEY);
        """);

    public Task<Jid?> OwnerOfAsync(Jid thing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thing);
        return LockedAsync(async () =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT owner FROM things WHERE jid = $jid AND owner IS NOT NULL ORDER BY node_id, source_id, cache_type LIMIT 1";
            command.Parameters.AddWithValue("$jid", thing.Bare.ToString());
            return await command.ExecuteScalarAsync(cancellationToken) is string owner ? Jid.Parse(owner) : null;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<(Jid Thing, Jid Address)>> ThingsOfAsync(Jid owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return LockedAsync(async () =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT jid, MAX(address) FROM things WHERE owner = $owner GROUP BY jid ORDER BY jid";
            command.Parameters.AddWithValue("$owner", owner.Bare.ToString());
            var things = new List<(Jid, Jid)>();
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                things.Add((Jid.Parse(reader.GetString(0)), Jid.Parse(reader.GetString(1))));
            }

            return (IReadOnlyList<(Jid, Jid)>)things;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ProvisioningRule>> ListAsync(Jid owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return LockedAsync(async () =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT {RuleColumns} FROM rules WHERE owner = $owner ORDER BY id";
            command.Parameters.AddWithValue("$owner", owner.Bare.ToString());
            var rules = new List<ProvisioningRule>();
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rules.Add(ReadRule(reader));
            }

            return (IReadOnlyList<ProvisioningRule>)rules;
        }, cancellationToken);
    }

    public Task<ProvisioningRule> AddAsync(ProvisioningRule rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return LockedAsync(async () =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                INSERT INTO rules (owner, thing, requester, kind, nodes, names) VALUES ($owner, $thing, $requester, $kind, $nodes, $names)
                RETURNING id
                """;
            command.Parameters.AddWithValue("$owner", rule.Owner.Bare.ToString());
            command.Parameters.AddWithValue("$thing", (object?)rule.Thing?.Bare.ToString() ?? DBNull.Value);
            command.Parameters.AddWithValue("$requester", rule.Requester);
            command.Parameters.AddWithValue("$kind", rule.Kind.ToString());
            command.Parameters.AddWithValue("$nodes", string.Join('\n', rule.Nodes));
            command.Parameters.AddWithValue("$names", string.Join('\n', rule.Names));
            var id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            return rule with { Id = id };
        }, cancellationToken);
    }

    public Task<ProvisioningRule?> RemoveAsync(Jid owner, long id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return LockedAsync(async () =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"DELETE FROM rules WHERE id = $id AND owner = $owner RETURNING {RuleColumns}";
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$owner", owner.Bare.ToString());
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? ReadRule(reader) : null;
        }, cancellationToken);
    }

    public Task SetClearCachePendingAsync(Jid thing, bool pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thing);
        return LockedAsync(async () =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = pending
                ? "INSERT OR IGNORE INTO clear_cache_pending (thing) VALUES ($thing)"
                : "DELETE FROM clear_cache_pending WHERE thing = $thing";
            command.Parameters.AddWithValue("$thing", thing.Bare.ToString());
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<Jid>> ListClearCachePendingAsync(CancellationToken cancellationToken) =>
        LockedAsync(async () =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT thing FROM clear_cache_pending ORDER BY thing";
            var things = new List<Jid>();
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                things.Add(Jid.Parse(reader.GetString(0)));
            }

            return (IReadOnlyList<Jid>)things;
        }, cancellationToken);

    private static ProvisioningRule ReadRule(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        Jid.Parse(reader.GetString(1)),
        reader.IsDBNull(2) ? null : Jid.Parse(reader.GetString(2)),
        reader.GetString(3),
        Enum.Parse<RuleKind>(reader.GetString(4)),
        Lines(reader.GetString(5)),
        Lines(reader.GetString(6)));

    private static string[] Lines(string text) => text.Length == 0 ? [] : text.Split('\n');
}
