using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Edge.Xmpp.Exi;
using Edge.Xmpp.Internal;

namespace Edge.Xmpp;

/// <summary>The EXI quick-setup configuration (XEP-0322 §2.2.6) kept in a file across restarts.</summary>
public sealed partial class XmppClient
{
    private static readonly XNamespace QuickSetupFile = "urn:edge:exi-quick-setup:1";

    /// <summary>The kept file is ours and small (an id, a few options): a document of at most 64 KiB.</summary>
    private static readonly XmlMarkupOptions QuickSetupFileMarkup = new() { Document = true, MaxBytes = 64 * 1024, MaxDepth = 16 };

    /// <summary>
    /// Keeps the configuration id of the last agreed EXI setup in <paramref name="path"/>, so the next process's first
    /// connection sets up quickly (XEP-0322 §2.2.6: a <c>setup</c> with only the id, instead of the full proposal with
    /// every schema's namespace, size and MD5). Reads it now if it was kept for this server (host and port), binding,
    /// options and schema set — anything else there is ignored and replaced at the next agreement — and rewrites it
    /// whenever the id changes (a refused quick setup is followed by a full one, whose id replaces it). Written
    /// atomically (a temporary file, flushed to disk, renamed over the old one). Call before connecting.
    /// </summary>
    public void KeepExiQuickSetupIn(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var key = ExiQuickSetupKey();
        var kept = ReadQuickSetup(path, key);
        if (kept is not null)
        {
            ExiQuickSetup = kept;
            Log.ExiQuickSetupLoaded(_logger, kept.ConfigurationId, path);
        }

        ExiQuickSetupChanged += (_, _) => WriteQuickSetup(path, key, ExiQuickSetup);
    }

    /// <summary>What a kept configuration must match: the server, binding, proposed options and schema set.</summary>
    private string ExiQuickSetupKey()
    {
        var exi = _options.Exi;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{_options.Host ?? Jid.Domain}:{_options.Port} {exi.Binding} {exi.Alignment} strict={exi.Strict} swb={exi.SessionWideBuffers} vml={exi.ValueMaxLength} vpc={exi.ValuePartitionCapacity} ")
            + string.Join(" ", ExiSchemas.Ids.Select(i => i.Namespace + "=" + i.Md5Hash));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }

    private ExiQuickSetup? ReadQuickSetup(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var root = XmlMarkup.Parse(File.ReadAllBytes(path), QuickSetupFileMarkup);
            if ((string?)root.Attribute("key") != key)
            {
                Log.ExiQuickSetupIgnored(_logger, path, "it was kept for another server, binding, options or schema set");
                return null;
            }

            return Exi.ExiQuickSetup.Parse(root.Element(ExiNamespaces.Exi + "setupResponse")
                ?? throw new XmppProtocolException("bad-format", "no setupResponse in it"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or XmppProtocolException)
        {
            Log.ExiQuickSetupIgnored(_logger, path, e.Message);
            return null;
        }
    }

    private void WriteQuickSetup(string path, string key, ExiQuickSetup? quick)
    {
        try
        {
            if (quick is null)
            {
                File.Delete(path);
                return;
            }

            var temporary = path + ".tmp";
            // Written by our own writer (no XmlWriter): the file is one element, read back by XmlMarkup.
            var markup = new ArrayBufferWriter<byte>(1024);
            StanzaWriter.Write(new XElement(QuickSetupFile + "exiQuickSetup",
                new XAttribute("key", key),
                new XAttribute("server", string.Create(CultureInfo.InvariantCulture, $"{_options.Host ?? Jid.Domain}:{_options.Port}")),
                quick.ToXml()), markup, streamNamespace: string.Empty);
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(markup.WrittenSpan);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Losing it costs one full setup on the next start, nothing else.
            Log.ExiQuickSetupNotKept(_logger, path, e.Message);
        }
    }
}
