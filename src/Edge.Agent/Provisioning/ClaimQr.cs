using QRCoder;

namespace Edge.Agent.Provisioning;

/// <summary>
/// The claim QR code (QRCoder): as text for the terminal (half-block characters, two modules a line) and as an SVG
/// file for label printing. Error correction M: a label that is a little scuffed still reads.
/// </summary>
public static class ClaimQr
{
    /// <summary>The SVG file's name in the data directory.</summary>
    public const string SvgFileName = "claim-qr.svg";

    /// <summary>The QR code of <paramref name="claimUri"/> as lines of text, ending in a line break: the light modules and the quiet zone are drawn, for the usual light-on-dark terminal.</summary>
    public static string ToText(string claimUri)
    {
        using var data = Encode(claimUri);
        using var ascii = new AsciiQRCode(data);
        return ascii.GetGraphicSmall(drawQuietZones: true, invert: false, endOfLine: Environment.NewLine) + Environment.NewLine;
    }

    /// <summary>The QR code of <paramref name="claimUri"/> as an SVG document.</summary>
    public static string ToSvg(string claimUri)
    {
        using var data = Encode(claimUri);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(8);
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
