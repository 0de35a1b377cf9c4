using System.Text;
using Edge.Agent.Status;

namespace Edge.Agent.Tests.Status;

[TestClass]
public sealed class HttpRequestHeadTests
{
    [TestMethod]
    public void TryParse_GetWithQueryAndAuthorization_PathWithoutQueryAndTheAuthorization()
    {
        Assert.IsTrue(Parse("GET /metrics?x=1 HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer 0123456789abcdef\r\n\r\n", out var request, out _, out var reason), reason);
        Assert.AreEqual("GET", request!.Method);
        Assert.AreEqual("/metrics", request.Path);
        Assert.AreEqual("Bearer 0123456789abcdef", request.Authorization);
    }

    [TestMethod]
    public void TryParse_Head_Accepted()
    {
        Assert.IsTrue(Parse("HEAD / HTTP/1.0\r\n\r\n", out var request, out _, out _));
        Assert.AreEqual("HEAD", request!.Method);
    }

    [TestMethod]
    [DataRow("POST / HTTP/1.1\r\n\r\n", 405, DisplayName = "a method that changes something")]
    [DataRow("GET / HTTP/2.0\r\n\r\n", 505, DisplayName = "another version")]
    [DataRow("GET http://x/ HTTP/1.1\r\n\r\n", 400, DisplayName = "absolute-form target")]
    [DataRow("GET  / HTTP/1.1\r\n\r\n", 400, DisplayName = "two spaces")]
    [DataRow("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400, DisplayName = "space before the colon")]
    [DataRow("GET / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n", 400, DisplayName = "obsolete line folding")]
    [DataRow("GET / HTTP/1.1\r\nContent-Length: 5\r\n\r\n", 400, DisplayName = "a body")]
    [DataRow("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 400, DisplayName = "a chunked body")]
    [DataRow("GET / HTTP/1.1\r\nX: a\u0001b\r\n\r\n", 400, DisplayName = "a control byte in a value")]
    [DataRow("GET /\u00e9 HTTP/1.1\r\n\r\n", 400, DisplayName = "a non-ASCII byte in the target")]
    [DataRow("GET / HTTP/1.1\r\nAuthorization: a\r\nAuthorization: b\r\n\r\n", 400, DisplayName = "two Authorization fields")]
    public void TryParse_Malformed_RefusedWithTheStatus(string head, int expected)
    {
        Assert.IsFalse(Parse(head, out _, out var status, out var reason));
        Assert.AreEqual(expected, status, reason);
        Assert.AreNotEqual(string.Empty, reason);
    }

    [TestMethod]
    public void TryParse_TargetTooLong_414()
    {
        Assert.IsFalse(Parse($"GET /{new string('a', HttpRequestHead.MaxTargetLength)} HTTP/1.1\r\n\r\n", out _, out var status, out _));
        Assert.AreEqual(414, status);
    }

    [TestMethod]
    public void TryParse_TooManyFields_431()
    {
        var fields = string.Concat(Enumerable.Range(0, HttpRequestHead.MaxFields + 1).Select(i => $"X-{i}: v\r\n"));
        Assert.IsFalse(Parse("GET / HTTP/1.1\r\n" + fields + "\r\n", out _, out var status, out _));
        Assert.AreEqual(431, status);
    }

    [TestMethod]
    public void TryParse_HeadTooLarge_431()
    {
        Assert.IsFalse(Parse("GET / HTTP/1.1\r\nX: " + new string('a', HttpRequestHead.MaxBytes) + "\r\n\r\n", out _, out var status, out _));
        Assert.AreEqual(431, status);
    }

    [TestMethod]
    public void FindEnd_IncompleteThenComplete()
    {
        Assert.AreEqual(-1, HttpRequestHead.FindEnd("GET / HTTP/1.1\r\nHost: a\r\n"u8));
        Assert.AreEqual(27, HttpRequestHead.FindEnd("GET / HTTP/1.1\r\nHost: a\r\n\r\nrest"u8));
    }

    private static bool Parse(string head, out HttpRequestHead? request, out int status, out string reason) =>
        HttpRequestHead.TryParse(Encoding.UTF8.GetBytes(head), out request, out status, out reason);
}
