using System.Text;

namespace Edge.Agent.Cli;

/// <summary>Column-aligned text tables for the command line: two spaces between columns, the last one unpadded.</summary>
public static class TextTable
{
    /// <summary>
    /// The header line, optionally a rule of dashes, then one line per row. Column <paramref name="rightAligned"/>
    /// (e.g. numbers) is padded on the left; -1 for none.
    /// </summary>
    public static string Render(IReadOnlyList<string> headers, IReadOnlyList<string[]> rows, int rightAligned = -1, bool rule = false)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Select(r => r[i].Length).DefaultIfEmpty().Max())).ToArray();
        var sb = new StringBuilder();
        void Line(IReadOnlyList<string> cells) => sb.AppendJoin("  ", cells.Select((v, i) =>
            i == rightAligned ? v.PadLeft(widths[i]) : i == cells.Count - 1 ? v : v.PadRight(widths[i]))).Append('\n');
        Line(headers);
        if (rule)
        {
            _ = sb.Append('-', widths.Sum() + (2 * (widths.Length - 1))).Append('\n');
        }

        foreach (var row in rows)
        {
            Line(row);
        }

        return sb.ToString();
    }
}
