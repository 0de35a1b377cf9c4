using System.Text;
using Edge.Testing.Servers;

namespace Edge.Exi.Tests;

/// <summary>
/// Schema documents are read from local files and the built-in set only: an http: schemaLocation is refused with an
/// error naming it, and nothing connects to it, even when a server is there to answer. The NativeAOT agent relies on
/// this: its link replaces the framework's XML download path with a throw (src/Edge.Agent/NoHttpClient.Substitutions.xml).
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
        await using var server = new LoopbackHttpFile("/x.xsd", "application/xml", Encoding.UTF8.GetBytes(Remote));
        string dir = Directory.CreateTempSubdirectory("exi-xsd").FullName;
        try
        {
            string xsd = Path.Combine(dir, "remote.xsd");
            string reference = kind == "import"
                ? $"<xs:import namespace='urn:x' schemaLocation='{server.Url}'/><xs:element name='a' xmlns:x='urn:x' type='x:T'/>"
                : $"<xs:include schemaLocation='{server.Url}'/><xs:element name='a' type='xs:string'/>";
            await File.WriteAllTextAsync(xsd, $"<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'>{reference}</xs:schema>", TestContext.CancellationTokenSource.Token);

            var ex = Assert.ThrowsExactly<ExiSchemaException>(() => ExiSchema.Load(xsd));

            StringAssert.Contains(ex.Message, server.Url);
            StringAssert.Contains(ex.Message, "is not local");
            Assert.AreEqual(0, server.Connections, "the schema loader connected to the schemaLocation");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
