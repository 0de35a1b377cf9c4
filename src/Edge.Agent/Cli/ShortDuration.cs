using System.Globalization;

namespace Edge.Agent.Cli;

/// <summary>The command line's short durations: a whole number and a unit, <c>90s</c>, <c>30m</c>, <c>2h</c>, <c>1d</c>.</summary>
internal static class ShortDuration
{
    /// <summary>Parses <paramref name="text"/> (no sign) with at most <paramref name="max"/> units; false when it is no such duration.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, long max, out TimeSpan duration)
    {
        duration = default;
        if (text.Length < 2
            || !long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out long amount) || amount > max)
        {
            return false;
        }

        TimeSpan? unit = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            _ => null,
        };
        if (unit is not { } u)
        {
            return false;
        }

        duration = amount * u;
        return true;
    }
}
