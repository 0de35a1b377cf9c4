using System.Globalization;

namespace Edge.Hardware.Tests.FirmwareBridge;

/// <summary>One vector of firmware-bridge/vectors/frames.txt (PROTOCOL.md §6).</summary>
internal sealed record Vector(string Name, byte[] Wire, IReadOnlyList<string> Expected)
{
    public override string ToString() => Name;

    public static IReadOnlyList<Vector> Load(string path)
    {
        var vectors = new List<Vector>();
        string? name = null;
        byte[] wire = [];
        var expected = new List<string>();
        foreach (string line in File.ReadLines(path))
        {
            if (line.StartsWith("name: ", StringComparison.Ordinal))
            {
                if (name is not null)
                {
                    vectors.Add(new Vector(name, wire, expected));
                }

                name = line[6..];
                wire = [];
                expected = [];
            }
            else if (line.StartsWith("wire: ", StringComparison.Ordinal))
            {
                wire = line[6..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Select(h => byte.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
            }
            else if (line.StartsWith("frame: ", StringComparison.Ordinal) || line.StartsWith("error: ", StringComparison.Ordinal))
            {
                expected.Add(line);
            }
        }

        if (name is not null)
        {
            vectors.Add(new Vector(name, wire, expected));
        }

        return vectors;
    }
}
