using System.Globalization;
using System.Text;
using Edge.Iot.Discovery;
using Microsoft.Data.Sqlite;

namespace Edge.Registry;

public sealed partial class SqliteThingStore
{
    /// <summary>
    /// The conditions the tag indexes answer exactly as the registry would: string equality, a mask's literal prefix,
    /// and every numeric comparison (a double compares alike in SQLite and .NET). String order comparisons are left to
    /// the registry — SQLite orders UTF-8 bytes, .NET UTF-16 code units, which disagree for some characters — and so
    /// are the negations; the rows returned are then a superset, which <see cref="Iot.Discovery.Registry.IThingStore"/>
    /// allows. Each condition is an uncorrelated <c>id IN (SELECT thing …)</c>: one index range per search, not one
    /// probe per thing (a correlated EXISTS let the planner scan the (name, str) index once per thing).
    /// </summary>
    private static (string Where, Action<SqliteCommand> Bind) Narrow(IReadOnlyList<SearchOperator> operators)
    {
        var where = new StringBuilder();
        var values = new List<(string Name, object Value)>();
        foreach (var op in operators)
        {
            var condition = op.Kind switch
            {
                SearchOperatorKind.StrEq => "t.str = {0}",
                SearchOperatorKind.NumEq => "t.num = {0}",
                SearchOperatorKind.NumGt => "t.num > {0}",
                SearchOperatorKind.NumGtEq => "t.num >= {0}",
                SearchOperatorKind.NumLt => "t.num < {0}",
                SearchOperatorKind.NumLtEq => "t.num <= {0}",
                SearchOperatorKind.NumRange => $"t.num {(op.MinIncluded ? ">=" : ">")} {{0}} AND t.num {(op.MaxIncluded ? "<=" : "<")} {{1}}",
                SearchOperatorKind.StrMask when MaskPrefix(op) is { Length: > 0 } => "substr(t.str, 1, {1}) = {0}",
                _ => null,
            };
            if (condition is null)
            {
                continue;
            }

            var name = Parameter(values, op.Name);
            var first = Parameter(values, op.Kind switch
            {
                SearchOperatorKind.StrEq => op.Text!,
                SearchOperatorKind.StrMask => MaskPrefix(op),
                SearchOperatorKind.NumRange => op.NumberMin!.Value,
                _ => op.Number!.Value,
            });
            var second = op.Kind switch
            {
                SearchOperatorKind.NumRange => Parameter(values, op.NumberMax!.Value),
                SearchOperatorKind.StrMask => Parameter(values, (long)MaskPrefix(op).Length),
                _ => string.Empty,
            };
            where.Append(CultureInfo.InvariantCulture,
                $" AND things.id IN (SELECT t.thing FROM tags t WHERE t.name = {name} AND {string.Format(CultureInfo.InvariantCulture, condition, first, second)})");
        }

        return (where.ToString(), command =>
        {
            foreach (var (parameter, value) in values)
            {
                command.Parameters.AddWithValue(parameter, value);
            }
        });
    }

    /// <summary>The literal start of a mask, before its first wildcard (SQLite's substr counts characters, as .NET does here
    /// for text without surrogate pairs; a prefix holding one is not used).</summary>
    private static string MaskPrefix(SearchOperator op)
    {
        var at = op.Text!.IndexOf(op.Wildcard!, StringComparison.Ordinal);
        var prefix = at < 0 ? op.Text : op.Text[..at];
        return prefix.Any(char.IsSurrogate) ? string.Empty : prefix;
    }

    private static string Parameter(List<(string Name, object Value)> values, object value)
    {
        var name = "$p" + values.Count.ToString(CultureInfo.InvariantCulture);
        values.Add((name, value));
        return name;
    }
}
