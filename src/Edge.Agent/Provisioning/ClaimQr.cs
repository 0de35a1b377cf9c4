using System.Globalization;
using System.Text;
using QRCoder;

namespace Edge.Agent.Provisioning;

/// <summary>
/// The claim QR code (QRCoder encodes it): as text for the terminal (half-block characters, two modules a line) and as an SVG
/// file for label printing. Error correction M: a label that is a little scuffed still reads.
/// </summary>
public static class ClaimQr
{
    /// <summary>The SVG file's name in the data directory.</summary>
    public const string SvgFileName = "claim-qr.svg";

    /// <summary>The SVG's pixels per module (its width and height; it scales, being a vector image).</summary>
    public const int SvgModulePixels = 8;

    /// <summary>The QR code of <paramref name="claimUri"/> as lines of text, ending in a line break: the light modules and the quiet zone are drawn, for the usual light-on-dark terminal.</summary>
    public static string ToText(string claimUri)
    {
        using var data = Encode(claimUri);
        using var ascii = new AsciiQRCode(data);
        return ascii.GetGraphicSmall(drawQuietZones: true, invert: false, endOfLine: Environment.NewLine) + Environment.NewLine;
    }

    /// <summary>
    /// The QR code of <paramref name="claimUri"/> as an SVG document: the quiet zone included, 8 px a module by default,
    /// one white square and one black path made of each row's runs of dark modules, drawn with crisp edges. Written
    /// here rather than by QRCoder's <c>SvgQRCode</c>, whose logo support parses XML with XmlReader: that alone kept
    /// XmlReader in the NativeAOT agent.
    /// </summary>
    public static string ToSvg(string claimUri)
    {
        using var data = Encode(claimUri);
        var rows = data.ModuleMatrix;
        var size = rows.Count;
        var svg = new StringBuilder(256 + (size * size));
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{size * SvgModulePixels}\" height=\"{size * SvgModulePixels}\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{size}\" height=\"{size}\" fill=\"#ffffff\"/><path fill=\"#000000\" d=\"");
        for (var y = 0; y < size; y++)
        {
            var row = rows[y];
            for (var x = 0; x < size;)
            {
                if (!row[x])
                {
                    x++;
                    continue;
                }

                var run = 1;
                while (x + run < size && row[x + run])
                {
                    run++;
                }

                svg.Append(CultureInfo.InvariantCulture, $"M{x} {y}h{run}v1h-{run}z");
                x += run;
            }
        }

        return svg.Append("\"/></svg>").ToString();
    }

    /// <summary>Writes <see cref="SvgFileName"/> in <paramref name="dataDirectory"/> (0600, replaced atomically); returns its path.</summary>
    public static string WriteSvg(string dataDirectory, string claimUri)
    {
        var path = Path.Combine(dataDirectory, SvgFileName);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(ToSvg(claimUri));
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        return path;
    }

    private static QRCodeData Encode(string claimUri)
    {
        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(claimUri, QRCodeGenerator.ECCLevel.M);
    }
}
