using System.Globalization;
using System.IO.Compression;
using System.Text;
using Edge.Exi;

namespace Edge.Benchmarks;

/// <summary>
/// Bytes per stanza: raw XML, gzip, EXI schema-less in each alignment, and EXI schema-informed with the built-in XMPP
/// schema set (non-strict and strict; bit-packed and compression), with the best schema-informed size as a share of
/// the XML.
/// </summary>
public static class ExiSizeTable
{
    private static bool _printed;

    public static void Print(TextWriter output)
    {
        if (_printed)
        {
            return;
        }

        _printed = true;
        output.WriteLine("| stanza | XML | gzip | bit-packed | byte-aligned | pre-compression | compression | schema | schema strict | schema strict byte | schema compression | schema strict compression | best/XML |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (string name in ExiCorpus.All)
        {
            string xml = ExiCorpus.Stanza(name);
            byte[] utf8 = Encoding.UTF8.GetBytes(xml);
            using var gzip = new MemoryStream();
            using (var zip = new GZipStream(gzip, CompressionLevel.Optimal, leaveOpen: true))
            {
                zip.Write(utf8);
            }

            int[] sizes =
            [
                Size(xml, ExiAlignment.BitPacked),
                Size(xml, ExiAlignment.ByteAlignment),
                Size(xml, ExiAlignment.PreCompression),
                Size(xml, ExiAlignment.Compression),
                Size(xml, ExiAlignment.BitPacked, ExiSchema.Xmpp),
                Size(xml, ExiAlignment.BitPacked, ExiSchema.Xmpp, strict: true),
                Size(xml, ExiAlignment.ByteAlignment, ExiSchema.Xmpp, strict: true),
                Size(xml, ExiAlignment.Compression, ExiSchema.Xmpp),
                Size(xml, ExiAlignment.Compression, ExiSchema.Xmpp, strict: true),
            ];
            double best = sizes[4..].Min() * 100.0 / utf8.Length;
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {name} | {utf8.Length} | {gzip.Length} | {string.Join(" | ", sizes)} | {best:0.0}% |"));
        }
    }

    private static int Size(string xml, ExiAlignment alignment, ExiSchema? schema = null, bool strict = false) =>
        ExiCodec.EncodeXml(xml, new ExiOptions { Alignment = alignment, Schema = schema, Strict = strict }).Length;
}
