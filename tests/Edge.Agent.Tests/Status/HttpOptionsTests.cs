namespace Edge.Agent.Tests.Status;

[TestClass]
public sealed class HttpOptionsTests
{
    [TestMethod]
    public void Validate_Defaults_NoErrors() => Assert.AreEqual(0, new HttpOptions { Enabled = true }.Validate().Count());

    [TestMethod]
    public void Validate_NotLoopbackWithoutToken_ErrorNamingTheKey()
    {
        var errors = new HttpOptions { Enabled = true, Listen = "0.0.0.0:9520" }.Validate().ToList();
        Assert.AreEqual(1, errors.Count);
        StringAssert.StartsWith(errors[0], "Agent:Http:Listen '0.0.0.0:9520' is not a loopback address: set Agent:Http:Token");
    }

    [TestMethod]
    public void Validate_NotLoopbackWithToken_NoErrors() =>
        Assert.AreEqual(0, new HttpOptions { Enabled = true, Listen = "[::]:9520", Token = "0123456789abcdef" }.Validate().Count());

    [TestMethod]
    [DataRow("localhost:9520")]
    [DataRow("127.0.0.1")]
    [DataRow("127.0.0.1:70000")]
    [DataRow("")]
    public void Validate_ListenNotAnAddressAndPort_Error(string listen) =>
        StringAssert.StartsWith(new HttpOptions { Listen = listen }.Validate().Single(), $"Agent:Http:Listen '{listen}' must be an address and port");

    [TestMethod]
    public void Validate_ShortToken_ErrorWithoutTheToken()
    {
        var error = new HttpOptions { Token = "short secret" }.Validate().Single();
        StringAssert.StartsWith(error, "Agent:Http:Token must be at least 16 printable ASCII characters");
        Assert.IsFalse(error.Contains("short secret", StringComparison.Ordinal), "the token is never quoted");
        Assert.IsFalse(new HttpOptions { Token = "short secret" }.ToString().Contains("secret", StringComparison.Ordinal));
    }

    [TestMethod]
    public void Validate_BoundsOutOfRange_Errors()
    {
        var errors = new HttpOptions { MaxConnections = 0, RequestTimeout = TimeSpan.Zero }.Validate().ToList();
        Assert.AreEqual(2, errors.Count);
        StringAssert.StartsWith(errors[0], "Agent:Http:MaxConnections '0'");
        StringAssert.StartsWith(errors[1], "Agent:Http:RequestTimeout '00:00:00'");
    }
}
