namespace Edge.Exi.Tests;

/// <summary>
/// <see cref="ExiSession"/>: bodies sharing one session's string tables and learnt grammars (XEP-0322
/// sessionWideBuffers over EXI 1.0 §7.3 and §8.4.3), their bounds, and a failed body leaving the session as it was.
/// </summary>
[TestClass]
public sealed class SessionTests
{
    private static readonly string[] Stanzas =
    [
        "<message xmlns='jabber:client' from='meter-1@edge.local/pi' to='grid@edge.local' id='r1'><fields xmlns='urn:xmpp:iot:sensordata' seqnr='1'><node nodeId='meter-1'><timestamp value='2026-12-06T09:00:00Z'><numeric name='Power' momentary='true' value='1234.5' unit='W'/><numeric name='Voltage' momentary='true' value='230.1' unit='V'/></timestamp></node></fields></message>",
        "<iq xmlns='jabber:client' type='result' id='q7' to='meter-1@edge.local/pi'/>",
        "<message xmlns='jabber:client' from='meter-1@edge.local/pi' to='grid@edge.local' id='r2'><fields xmlns='urn:xmpp:iot:sensordata' seqnr='2'><node nodeId='meter-1'><timestamp value='2026-12-06T09:00:05Z'><numeric name='Power' momentary='true' value='1240.0' unit='W'/><numeric name='Voltage' momentary='true' value='229.8' unit='V'/></timestamp></node></fields></message>",
        "<presence xmlns='jabber:client' from='grid@edge.local'><status>up</status></presence>",
    ];

    public static IEnumerable<object[]> Alignments() => Enum.GetValues<ExiAlignment>().Select(a => new object[] { a });

    [TestMethod]
    [DynamicData(nameof(Alignments))]
    public void Bodies_OfOneSession_DecodeEqualToTheirInput(ExiAlignment alignment)
    {
        var options = new ExiOptions { Alignment = alignment, OmitHeader = true };
        var sender = new ExiSession(options);
        var receiver = new ExiSession(options);
        foreach (string xml in Stanzas.Concat(Stanzas))
        {
            byte[] body = ExiCodec.EncodeXml(xml, sender);
            Assert.AreEqual(XmlEquivalence.Canonical(xml), XmlEquivalence.Canonical(ExiCodec.DecodeToXml(body, receiver)));
        }

        Assert.AreEqual(8, sender.Bodies);
        Assert.AreEqual(8, receiver.Bodies);
        Assert.AreEqual(sender.TableCharacters, receiver.TableCharacters);
    }

    [TestMethod]
    [DynamicData(nameof(Alignments))]
    public void SecondIdenticalBody_IsMuchSmallerThanTheFirst_AndThanAFreshBody(ExiAlignment alignment)
    {
        var options = new ExiOptions { Alignment = alignment, OmitHeader = true };
        var session = new ExiSession(options);
        int first = ExiCodec.EncodeXml(Stanzas[0], session).Length;
        int second = ExiCodec.EncodeXml(Stanzas[0], session).Length;
        Assert.AreEqual(first, ExiCodec.EncodeXml(Stanzas[0], options).Length, "the first body of a session is a fresh body");
        Assert.IsTrue(second * 3 <= first, $"second body {second} B, first {first} B");
    }

    [TestMethod]
    public void SessionTables_PastTheirBound_FailTheBodyClearly_AndLeaveTheSessionUsable()
    {
        var options = new ExiOptions { OmitHeader = true, MaxSessionTableCharacters = 200 };
        var sender = new ExiSession(options);
        var receiver = new ExiSession(options);
        string Distinct(int i) => $"<m xmlns='urn:t' a='value-number-{i:D4}-with-some-padding'/>";
        int i = 0;
        ExiException? failure = null;
        for (; i < 50 && failure is null; i++)
        {
            try
            {
                byte[] body = ExiCodec.EncodeXml(Distinct(i), sender);
                Assert.AreEqual(XmlEquivalence.Canonical(Distinct(i)), XmlEquivalence.Canonical(ExiCodec.DecodeToXml(body, receiver)));
            }
            catch (ExiException e)
            {
                failure = e;
            }
        }

        Assert.IsNotNull(failure, "the tables grew past 200 characters without an error");
        StringAssert.Contains(failure.Message, "MaxSessionTableCharacters");
        Assert.IsTrue(sender.TableCharacters <= 200);

        // The failed body left nothing behind: a body of known strings still round-trips, both sides in step.
        string known = Distinct(0);
        Assert.AreEqual(XmlEquivalence.Canonical(known), XmlEquivalence.Canonical(ExiCodec.DecodeToXml(ExiCodec.EncodeXml(known, sender), receiver)));
    }

    [TestMethod]
    public void HostilePeer_GrowingTheReceiversTables_IsRefusedWithAClearError()
    {
        var sender = new ExiSession(new ExiOptions { OmitHeader = true });
        var receiver = new ExiSession(new ExiOptions { OmitHeader = true, MaxSessionTableCharacters = 1000 });
        var e = Assert.ThrowsExactly<ExiException>(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                ExiCodec.DecodeToXml(ExiCodec.EncodeXml($"<e{i} xmlns='urn:hostile-{i}' a='{new string('x', 40)}{i}'/>", sender), receiver);
            }
        });
        StringAssert.Contains(e.Message, "MaxSessionTableCharacters");
        Assert.IsTrue(receiver.TableCharacters <= 1000);
    }

    [TestMethod]
    public void ValuePartitionCapacity_KeepsAStreamOfDistinctValuesBounded()
    {
        var options = new ExiOptions { OmitHeader = true, ValuePartitionCapacity = 16, ValueMaxLength = 32 };
        var sender = new ExiSession(options);
        var receiver = new ExiSession(options);
        long after20 = 0;
        for (int i = 0; i < 200; i++)
        {
            string xml = $"<r xmlns='urn:t' t='2026-12-06T09:{i / 60:D2}:{i % 60:D2}Z' v='{i * 1.5}' long='{new string('y', 40)}'/>";
            Assert.AreEqual(XmlEquivalence.Canonical(xml), XmlEquivalence.Canonical(ExiCodec.DecodeToXml(ExiCodec.EncodeXml(xml, sender), receiver)));
            if (i == 19)
            {
                after20 = sender.TableCharacters;
            }
        }

        Assert.IsTrue(sender.TableCharacters <= after20 + 16, $"{sender.TableCharacters} characters after 200 bodies, {after20} after 20");
        Assert.AreEqual(sender.TableCharacters, receiver.TableCharacters);
    }

    [TestMethod]
    [DynamicData(nameof(Alignments))]
    public void TruncatedBody_FailsAndLeavesTheReceiverAsItWas(ExiAlignment alignment)
    {
        var options = new ExiOptions { Alignment = alignment, OmitHeader = true };
        var sender = new ExiSession(options);
        var receiver = new ExiSession(options);
        ExiCodec.DecodeToXml(ExiCodec.EncodeXml(Stanzas[1], sender), receiver);
        byte[] body = ExiCodec.EncodeXml(Stanzas[0], sender);
        long before = receiver.TableCharacters;
        Assert.ThrowsExactly<ExiException>(() => ExiCodec.DecodeToXml(body.AsSpan(0, body.Length / 2), receiver));
        Assert.AreEqual(before, receiver.TableCharacters);
        Assert.AreEqual(XmlEquivalence.Canonical(Stanzas[0]), XmlEquivalence.Canonical(ExiCodec.DecodeToXml(body, receiver)));
        Assert.AreEqual(XmlEquivalence.Canonical(Stanzas[2]), XmlEquivalence.Canonical(ExiCodec.DecodeToXml(ExiCodec.EncodeXml(Stanzas[2], sender), receiver)));
    }

    [TestMethod]
    public void Reset_StartsFreshTables_AsANewConnection()
    {
        var session = new ExiSession(new ExiOptions { OmitHeader = true });
        byte[] first = ExiCodec.EncodeXml(Stanzas[0], session);
        session.Reset();
        Assert.AreEqual(0, session.TableCharacters);
        CollectionAssert.AreEqual(first, ExiCodec.EncodeXml(Stanzas[0], session));
    }
}
