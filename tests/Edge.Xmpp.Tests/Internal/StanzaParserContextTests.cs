using System.Xml.Linq;
using Edge.Xmpp.Internal;

namespace Edge.Xmpp.Tests.Internal;

[TestClass]
public sealed class StanzaParserContextTests
{
    private const string Header = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='s1' version='1.0'>";

    private static readonly XNamespace Client = "jabber:client";
    private static readonly XNamespace Streams = "http://etherx.jabber.org/streams";

    [TestMethod]
    public void Stanzas_PeerInventsNewNamesPast256KiChars_NameTableStartsAfreshWithTheHeaderDeclarations()
    {
        var driver = new FramerDriver();
        driver.Feed(Header);
        var first = driver.Framer.Context!.NameTable;
        var chars = 0;
        var i = 0;
        while (chars <= StanzaParserContext.RenewAfterChars)
        {
            var stanza = $"<message id='m{i}'><name-{i:D6} xmlns='urn:example:names'/></message>";
            driver.Feed(stanza);
            chars += stanza.Length;
            i++;
        }

        Assert.AreEqual(1, driver.Framer.Context!.Renewals);
        Assert.AreNotSame(first, driver.Framer.Context.NameTable);
        Assert.IsNull(driver.Framer.Context.NameTable.Get("name-000000"), "the first stanza's invented name went with the old table");
        Assert.IsNotNull(driver.Framer.Context.NameTable.Get($"name-{i - 1:D6}"), "the stanza that crossed the bound is in the new one");

        // After the renewal, both header declarations still apply: the default namespace and the stream: prefix.
        driver.Feed("<message id='after'><body>x</body></message><stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>");
        var message = driver.Frames[^2].Element!;
        Assert.AreEqual(Client + "message", message.Name);
        Assert.AreEqual(Client + "body", message.Elements().Single().Name);
        Assert.AreEqual(Streams + "error", driver.Frames[^1].Element!.Name);
        Assert.AreEqual(i + 3, driver.Frames.Count, "the header, every stanza and the two after the renewal were framed");
    }

    [TestMethod]
    public void Stanzas_BelowTheBound_OneNameTableSharedByAll()
    {
        var driver = new FramerDriver();
        driver.Feed(Header);
        var table = driver.Framer.Context!.NameTable;

        for (var i = 0; i < 100; i++)
        {
            driver.Feed($"<iq type='result' id='i{i}'/>");
        }

        Assert.AreEqual(0, driver.Framer.Context!.Renewals);
        Assert.AreSame(table, driver.Framer.Context.NameTable);
        Assert.AreSame(table.Get("iq"), table.Add("iq"), "stanza names are atomized in the shared table");
    }
}
