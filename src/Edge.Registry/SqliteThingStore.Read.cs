using System.Globalization;
using Edge.Iot.Discovery;
using Edge.Iot.Discovery.Registry;
using Edge.Xmpp;
using Microsoft.Data.Sqlite;

namespace Edge.Registry;

public sealed partial class SqliteThingStore
{
    /// <summary>Things of a query (columns <see cref="ThingColumns"/>) with their tags, in the query's order.</summary>
    private async Task<IReadOnlyList<ThingRecord>> QueryAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        var rows = new List<(long Id, ThingRecord Record)>();
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = sql;
            bind(command);
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var node = new ThingNode(NullIfEmpty(reader.GetString(2)), NullIfEmpty(reader.GetString(3)), NullIfEmpty(reader.GetString(4)));
                rows.Add((reader.GetInt64(0), new ThingRecord(
                    Jid.Parse(reader.GetString(1)),
                    node.IsNone ? ThingNode.None : node,
                    Jid.Parse(reader.GetString(5)),
                    [],
                    reader.IsDBNull(6) ? null : Jid.Parse(reader.GetString(6)),
                    reader.GetInt64(7) != 0,
                    reader.GetInt64(8) != 0,
                    DateTimeOffset.Parse(reader.GetString(9), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind))));
            }
        }

        if (rows.Count == 0)
        {
            return [];
        }

        var tags = await TagsAsync(rows.Select(r => r.Id).ToList(), cancellationToken);
        return rows.Select(r => r.Record with { Tags = tags.TryGetValue(r.Id, out var list) ? list : [] }).ToList();
    }

    private async Task<Dictionary<long, List<MetaTag>>> TagsAsync(List<long> ids, CancellationToken cancellationToken)
    {
        var tags = new Dictionary<long, List<MetaTag>>();
        using var command = _connection.CreateCommand();

        // The ids travel as one JSON array parameter: one statement for any number of things.
        command.CommandText = "SELECT thing, name, str, num FROM tags WHERE thing IN (SELECT value FROM json_each($ids)) ORDER BY thing, name";
        command.Parameters.AddWithValue("$ids", "[" + string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]");
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt64(0);
            var name = reader.GetString(1);
            var tag = reader.IsDBNull(2) ? MetaTag.Numeric(name, reader.GetDouble(3)) : MetaTag.String(name, reader.GetString(2));
            if (!tags.TryGetValue(id, out var list))
            {
                tags[id] = list = [];
            }

            list.Add(tag);
        }

        return tags;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
