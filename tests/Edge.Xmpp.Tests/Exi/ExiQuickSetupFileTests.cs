using System.Xml.Linq;
using Edge.Testing.Xmpp;

namespace Edge.Xmpp.Tests.Exi;

/// <summary>
/// <see cref="XmppClient.KeepExiQuickSetupIn"/>: the configuration id of XEP-0322 §2.2.6 kept in a file, so a new
/// client (the agent after a restart) sets up quickly on its first connection; refused, it sets up in full and the
/// file takes the new id; a file kept for other settings or not readable is ignored with a log line.
/// </summary>
[TestClass]
public sealed class ExiQuickSetupFileTests
{
    private static readonly XNamespace Exi = ExiHarness.Exi;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(30_000)]
    public async Task NewClient_QuickSetupFromTheFile_RefusedThenFullSetupReplacesIt()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var path = Path.Combine(Path.GetTempPath(), "edge-quick-" + Guid.NewGuid().ToString("N") + ".xml");
        try
        {
            await using (var first = new ExiHarness())
            {
                first.Client.KeepExiQuickSetupIn(path);
                Assert.IsFalse(File.Exists(path));
                var (connect, server, setup) = await first.ConnectToSetupAsync(ct);
                Assert.IsNull(setup.Attribute("configurationId"));
                await server.SendAsync($"<setupResponse xmlns='{Exi}' version='1' agreement='true' configurationId='cfg-9'>{ExiHarness.Schemas(setup)}</setupResponse>", ct);
                await ExiHarness.CompressAsync(server, ExiHarness.Bodies(), ct);
                await ExiHarness.FinishLoginAsync(server, ct);
                await connect;
            }

            Assert.AreEqual("cfg-9", (string?)XElement.Load(path).Element(Exi + "setupResponse")?.Attribute("configurationId"));

            // A new process: its first setup is the quick one; refused (§2.2.7), the full one's id replaces the file's.
            await using (var second = new ExiHarness())
            {
                second.Client.KeepExiQuickSetupIn(path);
                Assert.IsTrue(second.Logs.Entries.Any(e => e.EventId == 1171 && e.Message.Contains("cfg-9", StringComparison.Ordinal)));
                var (connect, server, quick) = await second.ConnectToSetupAsync(ct);
                Assert.AreEqual("cfg-9", (string?)quick.Attribute("configurationId"));
                Assert.IsFalse(quick.HasElements, "the quick form carries no schemas");
                await server.SendAsync($"<setupResponse xmlns='{Exi}' agreement='false' configurationId='cfg-9'/>", ct);
                var full = await ExiHarness.ExpectSetupAsync(server, ct);
                await server.SendAsync($"<setupResponse xmlns='{Exi}' version='1' agreement='true' configurationId='cfg-10'>{ExiHarness.Schemas(full)}</setupResponse>", ct);
                await ExiHarness.CompressAsync(server, ExiHarness.Bodies(), ct);
                await ExiHarness.FinishLoginAsync(server, ct);
                await connect;
            }

            Assert.AreEqual("cfg-10", (string?)XElement.Load(path).Element(Exi + "setupResponse")?.Attribute("configurationId"));

            // As earlier versions wrote it (XElement.Save: an XML declaration, a byte-order mark): still read.
            var kept = XElement.Load(path);
            kept.Save(path);
            StringAssert.StartsWith(await File.ReadAllTextAsync(path, ct), "<?xml version=\"1.0\" encoding=\"utf-8\"?>");
            await using (var upgraded = new ExiHarness())
            {
                upgraded.Client.KeepExiQuickSetupIn(path);
                Assert.IsTrue(upgraded.Logs.Entries.Any(e => e.EventId == 1171 && e.Message.Contains("cfg-10", StringComparison.Ordinal)),
                    string.Join("\n", upgraded.Logs.Entries.Select(e => e.Message)));
            }

                        // Kept for other settings (another port): not used, and said so.
            await using var other = new ExiHarness(o => o.Port = 5322);
            other.Client.KeepExiQuickSetupIn(path);
            Assert.IsTrue(other.Logs.Entries.Any(e => e.EventId == 1172 && e.Message.Contains("another server", StringComparison.Ordinal)));

            // Not XML: not used, and said so.
            await File.WriteAllTextAsync(path, "<exiQuickSetup", ct);
            await using var broken = new ExiHarness();
            broken.Client.KeepExiQuickSetupIn(path);
            Assert.IsTrue(broken.Logs.Entries.Any(e => e.EventId == 1172));
            var (brokenConnect, brokenServer, brokenSetup) = await broken.ConnectToSetupAsync(ct);
            Assert.IsNull(brokenSetup.Attribute("configurationId"), "a full setup");
            await brokenServer.DisposeAsync();
            await Assert.ThrowsAsync<XmppException>(() => brokenConnect);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
