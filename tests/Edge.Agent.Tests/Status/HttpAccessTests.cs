using System.Net;
using System.Text;
using Edge.Agent.Status;

namespace Edge.Agent.Tests.Status;

[TestClass]
public sealed class HttpAccessTests
{
    private const string Token = "s3cret-token-0123456789";
    private static readonly IPAddress Other = IPAddress.Parse("127.0.0.2");

    [TestMethod]
    [DataRow("127.0.0.1")]
    [DataRow("::1")]
    [DataRow("::ffff:127.0.0.1")]
    public void Allows_TheDeviceItself_WithoutAToken(string address) =>
        Assert.IsTrue(new HttpAccess(Token).Allows(IPAddress.Parse(address), null));

    [TestMethod]
    [DataRow(null)]
    [DataRow("Bearer wrong-token-0123456789")]
    [DataRow("Bearer s3cret-token-012345678")]
    [DataRow("Digest s3cret-token-0123456789")]
    [DataRow("Basic !!!")]
    public void Allows_AnotherAddressWithoutTheToken_False(string? authorization) =>
        Assert.IsFalse(new HttpAccess(Token).Allows(Other, authorization));

    [TestMethod]
    public void Allows_AnotherAddressWithTheBearerToken_True() =>
        Assert.IsTrue(new HttpAccess(Token).Allows(IPAddress.Parse("192.0.2.7"), "Bearer " + Token));

    [TestMethod]
    public void Allows_AnotherAddressWithTheTokenAsBasicPassword_True()
    {
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("technician:" + Token));
        Assert.IsTrue(new HttpAccess(Token).Allows(Other, basic));
        var wrong = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Token + ":x"));
        Assert.IsFalse(new HttpAccess(Token).Allows(Other, wrong), "the token is the password, not the user name");
    }

    [TestMethod]
    public void Allows_NoTokenConfigured_OnlyTheDeviceItself()
    {
        Assert.IsFalse(new HttpAccess(null).Allows(Other, "Bearer "));
        Assert.IsTrue(new HttpAccess(null).Allows(IPAddress.Loopback, null));
    }
}
