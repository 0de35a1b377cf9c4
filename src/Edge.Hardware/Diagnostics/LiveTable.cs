using System.Globalization;
using System.Text;
using Edge.Hardware.Profiles;
using Edge.Things;

namespace Edge.Hardware.Diagnostics;

/// <summary>
/// The technician's live check: reads every sensor and relay of a <see cref="HardwareSet"/> each interval and prints
/// a table (node, field, value, unit, quality). On a terminal the table redraws in place (ANSI home + clear); when
/// the output is redirected each cycle is appended, separated by a header line.
/// </summary>
public static class LiveTable
{
    /// <summary>
    /// Prints the table every <paramref name="interval"/>, <paramref name="cycles"/> times (or until cancelled). When
    /// <paramref name="output"/> is the console and not redirected, the table redraws in place.
    /// </summary>
    /// <param name="set">The hardware to read.</param>
    /// <param name="output">Where to print (e.g. <see cref="Console.Out"/>).</param>
    /// <param name="interval">Time between refreshes.</param>
    /// <param name="cycles">How many tables to print; <c>null</c> for until cancelled.</param>
    /// <param name="cancellationToken">Stops the loop (returns normally).</param>
    public static Task RunAsync(HardwareSet set, TextWriter output, TimeSpan interval, int? cycles,
        CancellationToken cancellationToken) =>
        RunAsync(set, output, interval, cycles, ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected,
            TimeProvider.System, cancellationToken);

    /// <summary>As the other overload, with the redraw choice and the clock explicit.</summary>
    /// <param name="set">The hardware to read.</param>
    /// <param name="output">Where to print.</param>
    /// <param name="interval">Time between refreshes.</param>
    /// <param name="cycles">How many tables to print; <c>null</c> for until cancelled.</param>
    /// <param name="redrawInPlace">Whether to clear the screen between tables (an interactive terminal).</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="cancellationToken">Stops the loop (returns normally).</param>
    public static async Task RunAsync(HardwareSet set, TextWriter output, TimeSpan interval, int? cycles,
        bool redrawInPlace, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        TimeProvider clock = timeProvider;
        try
        {
            for (int cycle = 1; cycles is null || cycle <= cycles; cycle++)
            {
                DateTimeOffset now = clock.GetUtcNow();
                var rows = new List<(string Node, Field Field)>();
                foreach (ISensor sensor in set.Sensors.Concat<ISensor>(set.Relays))
                {
                    foreach (Field f in await sensor.ReadAsync(now, cancellationToken).ConfigureAwait(false))
                    {
                        rows.Add((sensor.Node.ToString(), f));
                    }
                }

                string table = Render(set.Profile.Name, cycle, now, rows);
                await output.WriteAsync(redrawInPlace ? "\u001b[H\u001b[2J" + table : table).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (cycles is not null && cycle == cycles)
                {
                    break;
                }

                await Task.Delay(interval, clock, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: a normal end of a live check.
        }
    }

    /// <summary>Formats one table.</summary>
    public static string Render(string profile, int cycle, DateTimeOffset timestamp, IReadOnlyList<(string Node, Field Field)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var cells = rows.Select(r => (r.Node, r.Field.Name, FormatValue(r.Field), UnitOf(r.Field), Quality(r.Field.QoS))).ToList();
        int w1 = Math.Max(4, cells.Select(c => c.Node.Length).DefaultIfEmpty().Max());
        int w2 = Math.Max(5, cells.Select(c => c.Name.Length).DefaultIfEmpty().Max());
        int w3 = Math.Max(5, cells.Select(c => c.Item3.Length).DefaultIfEmpty().Max());
        int w4 = Math.Max(4, cells.Select(c => c.Item4.Length).DefaultIfEmpty().Max());
        var sb = new StringBuilder();
        _ = sb.Append(CultureInfo.InvariantCulture, $"profile {profile} — cycle {cycle} — {timestamp:yyyy-MM-dd HH:mm:ss}Z\n");
        _ = sb.Append(CultureInfo.InvariantCulture, $"{"node".PadRight(w1)}  {"field".PadRight(w2)}  {"value".PadLeft(w3)}  {"unit".PadRight(w4)}  quality\n");
        _ = sb.Append(new string('-', w1 + w2 + w3 + w4 + 17)).Append('\n');
        foreach ((string node, string name, string value, string unit, string quality) in cells)
        {
            _ = sb.Append(CultureInfo.InvariantCulture, $"{node.PadRight(w1)}  {name.PadRight(w2)}  {value.PadLeft(w3)}  {unit.PadRight(w4)}  {quality}\n");
        }

        return sb.ToString();
    }

    /// <summary>A field's value as a technician reads it: numbers with their decimals, booleans on/off, a missing value as a dash.</summary>
    public static string FormatValue(Field f)
    {
        if (f.QoS.HasFlag(FieldQoS.Missing))
        {
            return "—";
        }

        return f.Value switch
        {
            NumericValue n => n.Rounded.ToString("F" + n.Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            BooleanValue b => b.Value ? "on" : "off",
            IntValue i => i.Value.ToString(CultureInfo.InvariantCulture),
            LongValue l => l.Value.ToString(CultureInfo.InvariantCulture),
            StringValue s => s.Value,
            EnumValue e => e.Value,
            DateValue d => d.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            TimeValue t => t.Value.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            DateTimeValue dt => dt.Value.ToString("u", CultureInfo.InvariantCulture),
            DurationValue du => du.Value.ToString("c", CultureInfo.InvariantCulture),
            _ => f.Value.ToString() ?? string.Empty,
        };
    }

    /// <summary>The unit of a numeric field; empty for the other kinds.</summary>
    public static string UnitOf(Field f) => f.Value is NumericValue n ? n.Unit : string.Empty;

    private static string Quality(FieldQoS qos) => qos.HasFlag(FieldQoS.Error) ? "ERROR" : qos == FieldQoS.AutomaticReadout ? "ok" : qos.ToString();
}
