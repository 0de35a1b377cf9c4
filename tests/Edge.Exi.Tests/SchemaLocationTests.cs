using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Edge.Exi.Tests;

/// <summary>
/// Schema documents are read from local files and the built-in set only: an http: schemaLocation is refused with an
/// error naming it, and nothing connects to it, even when a server is there to answer. The NativeAOT agent relies on
/// this: its link replaces the framework's XML download path with a throw (src/Edge.Agent/NoXmlDownload.Substitutions.xml).
/// </summary>
[TestClass]
public sealed class SchemaLocationTests
{
    private const string Remote = "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema' targetNamespace='urn:x'><xs:simpleType name='T'><xs:restriction base='xs:string'/></xs:simpleType></xs:schema>";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(30_000)]
    [DataRow("import")]
    [DataRow("include")]
    public async Task Load_HttpSchemaLocationServedOnLoopback_RefusedNamingItAndNeverConnected(string kind)
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        int connections = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationTokenSource.Token);
        var serving = ServeAsync(server, () => Interlocked.Increment(ref connections), stop.Token);
        string url = $"http://127.0.0.1:{((IPEndPoint)server.LocalEndpoint).Port}/x.xsd";
        string dir = Directory.CreateTempSubdirectory("exi-xsd").FullName;
        try
        {
            string xsd = Path.Combine(dir, "remote.xsd");
            string reference = kind == "import"
                ? $"<xs:import namespace='urn:x' schemaLocation='{url}'/><xs:element name='a' xmlns:x='urn:x' type='x:T'/>"
                : $"<xs:include schemaLocation='{url}'/><xs:element name='a' type='xs:string'/>";
            await File.WriteAllTextAsync(xsd, $"<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'>{reference}</xs:schema>", TestContext.CancellationTokenSource.Token);

            var ex = Assert.ThrowsExactly<ExiSchemaException>(() => ExiSchema.Load(xsd));

            StringAssert.Contains(ex.Message, url);
            StringAssert.Contains(ex.Message, "is not local");
            Assert.AreEqual(0, Volatile.Read(ref connections), "the schema loader connected to the schemaLocation");
        }
        finally
        {
            await stop.CancelAsync();
            await serving;
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Answers every connection with <see cref="Remote"/>, a valid schema, so that a fetch would succeed.</summary>
    private static async Task ServeAsync(TcpListener server, Action connected, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                using var client = await server.AcceptTcpClientAsync(cancellationToken);
                connected();
                var stream = client.GetStream();
                byte[] body = Encoding.UTF8.GetBytes(Remote);
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"), cancellationToken);
                await stream.WriteAsync(body, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
