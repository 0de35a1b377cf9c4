using System.Globalization;
using Edge.Iot.Discovery;
using Edge.Iot.Discovery.Registry;
using Edge.Xmpp;
using Microsoft.Data.Sqlite;

namespace Edge.Registry;

/// <summary>
/// The registry's <see cref="IThingStore"/> in one SQLite file: a row per thing (bare JID and node) with its claim
/// fingerprint indexed, a row per tag. WAL with <c>synchronous=FULL</c>: a write is on disk when its task completes, so
/// a SIGKILL or a power cut loses nothing acknowledged. One connection, used by one caller at a time.
/// </summary>
public sealed partial class SqliteThingStore : IThingStore, IDisposable
{
    private const string ThingColumns = "id, jid, node_id, source_id, cache_type, address, owner, public, self_owned, updated";
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private SqliteThingStore(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens (creating when new) the database at <paramref name="path"/>, its folder included.</summary>
    public static SqliteThingStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            connection.Open();
            Execute(connection, """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                PRAGMA foreign_keys = ON;
                CREATE TABLE IF NOT EXISTS things (
                    id INTEGER PRIMARY KEY,
                    jid TEXT NOT NULL,
                    node_id TEXT NOT NULL DEFAULT '',
                    source_id TEXT NOT NULL DEFAULT '',
                    cache_type TEXT NOT NULL DEFAULT '',
                    address TEXT NOT NULL,
                    owner TEXT NULL,
                    public INTEGER NOT NULL,
                    self_owned INTEGER NOT NULL,
                    fingerprint TEXT NOT NULL,
                    updated TEXT NOT NULL,
                    UNIQUE (jid, node_id, source_id, cache_type));
                CREATE INDEX IF NOT EXISTS things_fingerprint ON things (fingerprint);
                CREATE INDEX IF NOT EXISTS things_searchable ON things (public, owner);
                CREATE TABLE IF NOT EXISTS tags (
                    thing INTEGER NOT NULL REFERENCES things (id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    str TEXT NULL,
                    num REAL NULL,
                    PRIMARY KEY (thing, name));
                CREATE INDEX IF NOT EXISTS tags_str ON tags (name, str);
                CREATE INDEX IF NOT EXISTS tags_num ON tags (name, num);
                """);
            CreateRuleTables(connection);
            return new SqliteThingStore(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>How many things the database holds.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM things";
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<ThingRecord?> GetAsync(Jid thing, ThingNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thing);
        ArgumentNullException.ThrowIfNull(node);
        return LockedAsync(async () => (await QueryAsync(
            $"SELECT {ThingColumns} FROM things WHERE jid = $jid AND node_id = $node AND source_id = $source AND cache_type = $cache",
            c => BindKey(c, thing, node), cancellationToken)).SingleOrDefault(), cancellationToken);
    }

    public Task<IReadOnlyList<ThingRecord>> FindByFingerprintAsync(string fingerprint, CancellationToken cancellationToken) =>
        LockedAsync(() => QueryAsync($"SELECT {ThingColumns} FROM things WHERE fingerprint = $fingerprint",
            c => c.Parameters.AddWithValue("$fingerprint", fingerprint), cancellationToken), cancellationToken);

    public Task<IReadOnlyList<ThingRecord>> ListSearchableAsync(IReadOnlyList<SearchOperator> operators, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operators);
        var (where, bind) = Narrow(operators);
        return LockedAsync(() => QueryAsync(
            $"SELECT {ThingColumns} FROM things WHERE public = 1 AND owner IS NOT NULL{where} ORDER BY jid, node_id, source_id, cache_type",
            bind, cancellationToken), cancellationToken);
    }

    public Task PutAsync(ThingRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return LockedAsync(async () =>
        {
            using var transaction = _connection.BeginTransaction();
            using var upsert = _connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO things (jid, node_id, source_id, cache_type, address, owner, public, self_owned, fingerprint, updated)
                VALUES ($jid, $node, $source, $cache, $address, $owner, $public, $self, $fingerprint, $updated)
                ON CONFLICT (jid, node_id, source_id, cache_type) DO UPDATE SET address = excluded.address, owner = excluded.owner,
                    public = excluded.public, self_owned = excluded.self_owned, fingerprint = excluded.fingerprint, updated = excluded.updated
                RETURNING id
                """;
            BindKey(upsert, record.Thing, record.Node);
            upsert.Parameters.AddWithValue("$address", record.Address.ToString());
            upsert.Parameters.AddWithValue("$owner", (object?)record.Owner?.ToString() ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$public", record.IsPublic ? 1 : 0);
            upsert.Parameters.AddWithValue("$self", record.SelfOwned ? 1 : 0);
            upsert.Parameters.AddWithValue("$fingerprint", record.TagFingerprint);
            upsert.Parameters.AddWithValue("$updated", record.Updated.ToString("O", CultureInfo.InvariantCulture));
            var id = (long)(await upsert.ExecuteScalarAsync(cancellationToken))!;

            using var clear = _connection.CreateCommand();
            clear.Transaction = transaction;
            clear.CommandText = "DELETE FROM tags WHERE thing = $id";
            clear.Parameters.AddWithValue("$id", id);
            await clear.ExecuteNonQueryAsync(cancellationToken);

            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO tags (thing, name, str, num) VALUES ($id, $name, $str, $num)";
            var pId = insert.Parameters.Add("$id", SqliteType.Integer);
            var pName = insert.Parameters.Add("$name", SqliteType.Text);
            var pStr = insert.Parameters.Add("$str", SqliteType.Text);
            var pNum = insert.Parameters.Add("$num", SqliteType.Real);
            foreach (var tag in record.Tags)
            {
                pId.Value = id;
                pName.Value = tag.Name;
                pStr.Value = (object?)tag.StringValue ?? DBNull.Value;
                pNum.Value = tag.NumericValue is { } n ? n : DBNull.Value;
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public Task<bool> DeleteAsync(Jid thing, ThingNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thing);
        ArgumentNullException.ThrowIfNull(node);
        return LockedAsync(async () =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM things WHERE jid = $jid AND node_id = $node AND source_id = $source AND cache_type = $cache";
            BindKey(command, thing, node);
            return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);
    }

    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void BindKey(SqliteCommand command, Jid thing, ThingNode node)
    {
        command.Parameters.AddWithValue("$jid", thing.Bare.ToString());
        command.Parameters.AddWithValue("$node", node.NodeId ?? string.Empty);
        command.Parameters.AddWithValue("$source", node.SourceId ?? string.Empty);
        command.Parameters.AddWithValue("$cache", node.CacheType ?? string.Empty);
    }

    private async Task<T> LockedAsync<T>(Func<Task<T>> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await action();
        }
        finally
        {
            _gate.Release();
        }
    }
}
