namespace Edge.Xmpp.Tests;

[TestClass]
public sealed class JidTests
{
    [TestMethod]
    public void Parse_BareJid_HasLocalAndDomainNoResource()
    {
        var jid = Jid.Parse("meter-17@grid.example");

        Assert.AreEqual("meter-17", jid.Local);
        Assert.AreEqual("grid.example", jid.Domain);
        Assert.IsNull(jid.Resource);
        Assert.IsTrue(jid.IsBare);
        Assert.AreEqual("meter-17@grid.example", jid.ToString());
    }

    [TestMethod]
    public void Parse_FullJid_ResourceStartsAtFirstSlash()
    {
        var jid = Jid.Parse("juliet@example.com/balcony/with@and:chars");

        Assert.AreEqual("juliet", jid.Local);
        Assert.AreEqual("example.com", jid.Domain);
        Assert.AreEqual("balcony/with@and:chars", jid.Resource);
        Assert.IsFalse(jid.IsBare);
        Assert.AreEqual("juliet@example.com/balcony/with@and:chars", jid.ToString());
    }

    [TestMethod]
    public void Parse_DomainOnly_HasNoLocalpart()
    {
        var jid = Jid.Parse("pubsub.example.com");

        Assert.IsNull(jid.Local);
        Assert.AreEqual("pubsub.example.com", jid.Domain);
        Assert.IsTrue(jid.IsBare);
    }

    [TestMethod]
    public void Parse_DomainWithResource_IsFullJidWithoutLocalpart()
    {
        var jid = Jid.Parse("example.com/admin");

        Assert.IsNull(jid.Local);
        Assert.AreEqual("admin", jid.Resource);
    }

    [TestMethod]
    public void Parse_Ipv6Literal_Accepted()
    {
        var jid = Jid.Parse("device@[2001:db8::1]/edge");

        Assert.AreEqual("[2001:db8::1]", jid.Domain);
        Assert.AreEqual("device", jid.Local);
        Assert.AreEqual("edge", jid.Resource);
    }

    [TestMethod]
    public void Parse_Ipv4Address_Accepted()
    {
        Assert.AreEqual("192.0.2.10", Jid.Parse("device@192.0.2.10").Domain);
    }

    [TestMethod]
    [DataRow("device@[2001:db8::1")]
    [DataRow("device@[192.0.2.10]")]
    [DataRow("device@[not-an-address]")]
    public void Parse_BadIpLiteral_FailsNamingIpv6(string value)
    {
        var e = Assert.ThrowsExactly<FormatException>(() => Jid.Parse(value));

        StringAssert.Contains(e.Message, "IPv6");
    }

    [TestMethod]
    public void Parse_TrailingDotOnDomain_IsStrippedAndEqualToWithout()
    {
        var withDot = Jid.Parse("user@example.com./res");

        Assert.AreEqual("example.com", withDot.Domain);
        Assert.AreEqual(Jid.Parse("user@example.com/res"), withDot);
    }

    [TestMethod]
    public void Parse_UpperCaseDomain_IsLowerCased()
    {
        Assert.AreEqual("example.com", Jid.Parse("user@EXAMPLE.Com").Domain);
    }

    [TestMethod]
    [DataRow(null, "must not be empty")]
    [DataRow("", "must not be empty")]
    [DataRow("@example.com", "empty localpart")]
    [DataRow("user@example.com/", "empty resourcepart")]
    [DataRow("user@", "domainpart must not be empty")]
    [DataRow("/resource", "domainpart must not be empty")]
    [DataRow("user@example..com", "empty label")]
    [DataRow("user@.example.com", "empty label")]
    public void TryParse_EmptyPart_FailsWithMessageNamingThePart(string? value, string expected)
    {
        Assert.IsFalse(Jid.TryParse(value, out var jid, out var error));

        Assert.IsNull(jid);
        StringAssert.Contains(error, expected);
    }

    [TestMethod]
    [DataRow('"')]
    [DataRow('&')]
    [DataRow('\'')]
    [DataRow('/')]
    [DataRow(':')]
    [DataRow('<')]
    [DataRow('>')]
    [DataRow('@')]
    public void Create_LocalpartWithForbiddenChar_FailsNamingTheChar(char forbidden)
    {
        var e = Assert.ThrowsExactly<FormatException>(() => Jid.Create("ro" + forbidden + "meo", "example.com"));

        StringAssert.Contains(e.Message, "localpart");
        StringAssert.Contains(e.Message, "'" + forbidden + "'");
        StringAssert.Contains(e.Message, "RFC 7622");
    }

    [TestMethod]
    [DataRow('"')]
    [DataRow('&')]
    [DataRow('\'')]
    [DataRow(':')]
    [DataRow('<')]
    [DataRow('>')]
    public void Parse_LocalpartWithForbiddenChar_Fails(char forbidden)
    {
        Assert.IsFalse(Jid.TryParse("ro" + forbidden + "meo@example.com", out _, out var error));

        StringAssert.Contains(error, "'" + forbidden + "'");
    }

    [TestMethod]
    public void Parse_TwoAtSigns_FailsOnTheDomainpart()
    {
        // The localpart ends at the first '@', so the second lands in the domainpart, where it is not allowed either.
        Assert.IsFalse(Jid.TryParse("a@b@example.com", out _, out var error));

        StringAssert.Contains(error, "domainpart");
        StringAssert.Contains(error, "'@'");
    }

    [TestMethod]
    public void Parse_LocalpartOf1023Octets_Accepted()
    {
        var jid = Jid.Parse(new string('a', 1023) + "@example.com");

        Assert.AreEqual(1023, jid.Local!.Length);
    }

    [TestMethod]
    public void Parse_LocalpartOf1024Octets_FailsNamingTheLimit()
    {
        var e = Assert.ThrowsExactly<FormatException>(() => Jid.Parse(new string('a', 1024) + "@example.com"));

        StringAssert.Contains(e.Message, "localpart is longer than 1023 octets");
    }

    [TestMethod]
    public void Parse_LocalpartOf512TwoByteChars_CountsOctetsNotChars()
    {
        // 512 × 'é' is 512 chars but 1024 octets of UTF-8.
        Assert.IsFalse(Jid.TryParse(new string('é', 512) + "@example.com", out _, out var error));

        StringAssert.Contains(error, "1023 octets");
    }

    [TestMethod]
    public void Parse_ResourceOf1024Octets_FailsNamingTheLimit()
    {
        Assert.IsFalse(Jid.TryParse("user@example.com/" + new string('r', 1024), out _, out var error));

        StringAssert.Contains(error, "resourcepart is longer than 1023 octets");
    }

    [TestMethod]
    public void Parse_DomainOf1024Octets_FailsNamingTheLimit()
    {
        // 16 labels of 63 characters plus 15 dots = 1023; one more character makes 1024.
        var domain = string.Join('.', Enumerable.Repeat(new string('d', 63), 16)) + "x";
        Assert.AreEqual(1024, domain.Length);

        Assert.IsFalse(Jid.TryParse("user@" + domain, out _, out var error));

        StringAssert.Contains(error, "domainpart is longer than 1023 octets");
    }

    [TestMethod]
    public void Parse_DomainLabelOf64Chars_Fails()
    {
        Assert.IsFalse(Jid.TryParse("user@" + new string('d', 64) + ".example", out _, out var error));

        StringAssert.Contains(error, "longer than 63");
    }

    [TestMethod]
    [DataRow("user name@example.com", "localpart")]
    [DataRow("user\t@example.com", "localpart")]
    [DataRow("user@exa mple.com", "domainpart")]
    [DataRow("user@example.com\n", "domainpart")]
    public void Parse_Whitespace_FailsNamingThePart(string value, string part)
    {
        Assert.IsFalse(Jid.TryParse(value, out _, out var error));

        StringAssert.Contains(error, part);
    }

    [TestMethod]
    public void Parse_ResourceWithControlChar_Fails()
    {
        Assert.IsFalse(Jid.TryParse("user@example.com/a\u0001b", out _, out var error));

        StringAssert.Contains(error, "control character");
    }

    [TestMethod]
    public void Parse_ResourceWithSpace_Accepted()
    {
        // RFC 7622 §3.4: the resourcepart is an OpaqueString, in which spaces are allowed.
        Assert.AreEqual("living room", Jid.Parse("user@example.com/living room").Resource);
    }

    [TestMethod]
    public void Parse_Invalid_ThrowsFormatExceptionWithTryParseMessage()
    {
        Assert.IsFalse(Jid.TryParse("@example.com", out _, out var error));

        var e = Assert.ThrowsExactly<FormatException>(() => Jid.Parse("@example.com"));

        Assert.AreEqual(error, e.Message);
    }

    [TestMethod]
    public void Equals_SameAddressDifferentDomainCase_EqualWithEqualHashCodes()
    {
        var a = Jid.Parse("user@Example.COM/res");
        var b = Jid.Parse("user@example.com/res");

        Assert.IsTrue(a == b);
        Assert.IsFalse(a != b);
        Assert.IsTrue(a.Equals((object)b));
        Assert.AreEqual(a.GetHashCode(), b.GetHashCode());
    }

    [TestMethod]
    public void Equals_ResourceDiffersInCase_NotEqual()
    {
        // RFC 7622 §3.4: the resourcepart is case-sensitive.
        Assert.AreNotEqual(Jid.Parse("user@example.com/Res"), Jid.Parse("user@example.com/res"));
    }

    [TestMethod]
    public void Equals_BareAndFull_NotEqualButBareOfFullIs()
    {
        var full = Jid.Parse("user@example.com/res");
        var bare = Jid.Parse("user@example.com");

        Assert.AreNotEqual(bare, full);
        Assert.AreEqual(bare, full.Bare);
        Assert.AreSame(bare, bare.Bare);
    }

    [TestMethod]
    public void Equals_Null_HandledByOperators()
    {
        var jid = Jid.Parse("user@example.com");
        Jid? none = null;

        Assert.IsFalse(jid == none);
        Assert.IsFalse(none == jid);
        Assert.IsTrue(none == null);
        Assert.IsFalse(jid.Equals(none));
    }

    [TestMethod]
    public void WithResource_OnBare_MakesFullJid()
    {
        var full = Jid.Parse("user@example.com").WithResource("edge");

        Assert.AreEqual(Jid.Parse("user@example.com/edge"), full);
    }

    [TestMethod]
    public void WithResource_OnFull_ReplacesResource()
    {
        var replaced = Jid.Parse("user@example.com/old").WithResource("new");

        Assert.AreEqual("user@example.com/new", replaced.ToString());
    }

    [TestMethod]
    public void WithResource_InvalidResource_ThrowsFormatException()
    {
        var bare = Jid.Parse("user@example.com");

        Assert.ThrowsExactly<FormatException>(() => bare.WithResource(new string('r', 1024)));
        Assert.ThrowsExactly<FormatException>(() => bare.WithResource("a\u0007"));
    }
}
