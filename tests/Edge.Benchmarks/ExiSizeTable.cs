using System.Globalization;
using System.IO.Compression;
using System.Text;
using Edge.Exi;

namespace Edge.Benchmarks;

/// <summary>Bytes per stanza: raw XML, gzip, and EXI schema-less in each alignment.</summary>
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
        output.WriteLine("| stanza | XML | gzip | EXI bit-packed | EXI byte-aligned | EXI pre-compression | EXI compression |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        foreach (string name in ExiCorpus.All)
        {
            string xml = ExiCorpus.Stanza(name);
            byte[] utf8 = Encoding.UTF8.GetBytes(xml);
            using var gzip = new MemoryStream();
            using (var zip = new GZipStream(gzip, CompressionLevel.Optimal, leaveOpen: true))
            {
                zip.Write(utf8);
            }

            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {name} | {utf8.Length} | {gzip.Length} | {Size(xml, ExiAlignment.BitPacked)} | {Size(xml, ExiAlignment.ByteAlignment)} | {Size(xml, ExiAlignment.PreCompression)} | {Size(xml, ExiAlignment.Compression)} |"));
        }
    }

    private static int Size(string xml, ExiAlignment alignment) => ExiCodec.EncodeXml(xml, new ExiOptions { Alignment = alignment }).Length;
}
