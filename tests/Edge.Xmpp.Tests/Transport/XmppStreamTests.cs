using System.Xml.Linq;
using Edge.Exi;
using Edge.Xmpp.Exi;
using Edge.Xmpp.Transport;
using Nerdbank.Streams;

namespace Edge.Xmpp.Tests.Transport;

/// <summary>
/// <see cref="XmppStream"/>, the public stream a relay is built on: both roles over an in-memory pipe, in XML, after a
/// switch to EXI, and on XEP-0322's EXI-only binding; malformed input is an <see cref="XmppProtocolException"/>.
/// </summary>
[TestClass]
public sealed class XmppStreamTests
{
    private static readonly XNamespace Client = "jabber:client";
    private static readonly XNamespace Streams = "http://etherx.jabber.org/streams";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(10_000)]
    [DataRow("xml")]
    [DataRow("exi")]
    [DataRow("exi-only")]
    public async Task OpenAnswerRelayClose_BothRoles_FramesComeThroughAsWritten(string format)
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var (a, b) = FullDuplexStream.CreatePair();
        await using var initiating = new XmppStream(new StreamTransport(a), 65536);
        await using var receiving = new XmppStream(new StreamTransport(b), 65536);
        var parameters = new ExiParameters { Alignment = ExiAlignment.BitPacked, SessionWideBuffers = true, ValueMaxLength = 64, ValuePartitionCapacity = 1024 };
        switch (format)
        {
            case "exi":
                initiating.UseExi(parameters, ExiSchema.Xmpp);
                receiving.UseExi(parameters, ExiSchema.Xmpp);
                break;
            case "exi-only":
                initiating.UseExiOnlyBinding();
                receiving.UseExiOnlyBinding();
                break;
        }

        Assert.AreEqual(format == "xml" ? null : format == "exi" ? parameters : ExiParameters.ExiOnlyDefaults, initiating.Exi);
        Assert.AreEqual(format == "exi-only", receiving.IsExiOnlyBinding);

        var open = initiating.OpenAsync("example.com", "meter@example.com", ct);
        var header = await receiving.ReadHeaderAsync(ct);
        Assert.AreEqual("example.com", (string?)header.Attribute("to"));
        Assert.AreEqual("meter@example.com", (string?)header.Attribute("from"));
        receiving.WriteHeader(to: null, from: "example.com", id: "s-1");
        receiving.Write(new XElement(Streams + "features", new XElement(XNamespace.Get("urn:ietf:params:xml:ns:xmpp-bind") + "bind")));
        await receiving.FlushAsync(ct);
        var features = await open;
        Assert.IsNotNull(features.Element(XNamespace.Get("urn:ietf:params:xml:ns:xmpp-bind") + "bind"), features.ToString());
        Assert.AreEqual("s-1", (string?)initiating.PeerHeader?.Attribute("id"));

        var message = new XElement(Client + "message", new XAttribute("id", "m1"), new XAttribute("to", "backend@example.com"), new XElement(Client + "body", "7.5 kW"));
        initiating.Write(message);
        initiating.WriteEnd();
        await initiating.FlushAsync(ct);
        var (kind, element) = await receiving.ReadAsync(ct);
        Assert.AreEqual(XmppFrameKind.Element, kind);
        Assert.IsTrue(XNode.DeepEquals(message, element), element?.ToString());
        Assert.AreEqual(XmppFrameKind.StreamEnd, (await receiving.ReadAsync(ct)).Kind);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ReadHeader_ExiOnlyBindingGetsXml_BadFormatNamingTheCookie()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var (a, b) = FullDuplexStream.CreatePair();
        await using var receiving = new XmppStream(new StreamTransport(b), 65536);
        receiving.UseExiOnlyBinding();
        await a.WriteAsync("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.com'>"u8.ToArray(), ct);
        await a.FlushAsync(ct);

        var e = await Assert.ThrowsExactlyAsync<XmppProtocolException>(() => receiving.ReadHeaderAsync(ct));

        Assert.AreEqual("bad-format", e.StreamErrorCondition);
        StringAssert.Contains(e.Message, "'$EXI' cookie");
    }
}
