using System.Xml.Linq;

namespace Edge.Xmpp.Exi;

/// <summary>
/// The namespaces of EXI over XMPP (XEP-0322) and of the stream compression it rides on (XEP-0138): the only place
/// these strings appear.
/// </summary>
public static class ExiNamespaces
{
    /// <summary>XEP-0322 §2: setup, setupResponse, uploadSchema, downloadSchema, streamStart, streamEnd.</summary>
    public static readonly XNamespace Exi = "http://jabber.org/protocol/compress/exi";

    /// <summary>XEP-0138 §2: compress, compressed, failure.</summary>
    public static readonly XNamespace Compress = "http://jabber.org/protocol/compress";

    /// <summary>XEP-0138 §2: the &lt;compression/&gt; stream feature listing the methods.</summary>
    public static readonly XNamespace CompressFeature = "http://jabber.org/features/compress";

    /// <summary>The compression method name of EXI on the current binding (XEP-0322 §2.2).</summary>
    public const string Method = "exi";

    /// <summary>The prefix of the method naming the EXI-only port (<c>exi:54321</c>, XEP-0322 §2.2).</summary>
    public const string PortMethodPrefix = "exi:";
}
