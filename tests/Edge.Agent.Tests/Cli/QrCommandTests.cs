using Edge.Agent.Cli;
using Edge.Agent.Provisioning;
using Edge.Iot.Discovery;
using Edge.Xmpp;

namespace Edge.Agent.Tests.Cli;

[TestClass]
public sealed class QrCommandTests
{
    private string _directory = null!;

    [TestInitialize]
    public void Create() => _directory = Directory.CreateTempSubdirectory("edge-qr-").FullName;

    [TestCleanup]
    public void Remove() => Directory.Delete(_directory, recursive: true);

    private static ClaimUri Uri(string key) =>
        new([MetaTag.String("MAN", "Acme; Inc."), MetaTag.Numeric("LAT", 59.33), MetaTag.String("KEY", key)], Jid.Parse("registry.localhost"));

    [TestMethod]
    public void Run_Registered_PrintsAClaimUriThatParsesBackAndTheQrCode()
    {
        var key = ProvisioningState.NewKey();
        new ProvisioningState { Registry = "registry.localhost", Key = key, State = ProvisioningState.Registered, ClaimUri = Uri(key).ToString() }
            .Save(Path.Combine(_directory, ProvisioningState.FileName));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = QrCommand.Run(new CommandLine(["--data", _directory], new HashSet<string>()), output, error);

        Assert.AreEqual(0, code, error.ToString());
        var lines = output.ToString().Split(Environment.NewLine);
        Assert.IsTrue(ClaimUri.TryParse(lines[0], out var parsed, out var parseError), parseError);
        Assert.IsTrue(parsed.IsClaim);
        Assert.AreEqual("registry.localhost", parsed.Registry?.ToString());
        CollectionAssert.AreEquivalent(Uri(key).Tags.ToArray(), parsed.Tags.ToArray());
        var qr = lines.Skip(1).Where(l => l.Length > 0).ToList();
        Assert.IsTrue(qr.Count >= 12, "a QR code of half-block lines follows:\n" + output);
        Assert.IsTrue(qr.All(l => l.Length == qr[0].Length), "a square of equal lines");
        Assert.IsTrue(qr.Any(l => l.Contains('█', StringComparison.Ordinal) || l.Contains('▀', StringComparison.Ordinal)), output.ToString());
        Assert.IsFalse(output.ToString().Contains("claimed by", StringComparison.Ordinal));
    }

    [TestMethod]
    public void Run_Claimed_SaysByWhom()
    {
        new ProvisioningState
        {
            Registry = "registry.localhost", Key = "k", State = ProvisioningState.Claimed, Owner = "backend@localhost", ClaimUri = Uri("k").ToString(),
        }.Save(Path.Combine(_directory, ProvisioningState.FileName));
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.AreEqual(0, QrCommand.Run(new CommandLine(["--data", _directory], new HashSet<string>()), output, error));
        StringAssert.StartsWith(output.ToString(), "claimed by backend@localhost");
    }

    [TestMethod]
    public void Run_DataDirectoryBySet_ReadsThatDirectory()
    {
        new ProvisioningState { Registry = "registry.localhost", Key = "k", State = ProvisioningState.Registered, ClaimUri = Uri("k").ToString() }
            .Save(Path.Combine(_directory, ProvisioningState.FileName));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = QrCommand.Run(new CommandLine(["--set", "Agent:DataDirectory=" + _directory], new HashSet<string>()), output, error);

        Assert.AreEqual(0, code, error.ToString());
        StringAssert.StartsWith(output.ToString(), Uri("k").ToString());
    }

    [TestMethod]
    public void Run_NotRegistered_ExitCode1WithReason()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.AreEqual(1, QrCommand.Run(new CommandLine(["--data", _directory], new HashSet<string>()), output, error));
        StringAssert.Contains(error.ToString(), "has not registered");
    }

    [TestMethod]
    public void ToSvg_AClaimUri_AnSvgDocumentDrawingExactlyTheCodesDarkModules()
    {
        var uri = Uri("k").ToString();
        var svg = System.Xml.Linq.XDocument.Parse(ClaimQr.ToSvg(uri)).Root!;
        System.Xml.Linq.XNamespace ns = "http://www.w3.org/2000/svg";
        using var generator = new QRCoder.QRCodeGenerator();
        using var expected = generator.CreateQrCode(uri, QRCoder.QRCodeGenerator.ECCLevel.M);
        var size = expected.ModuleMatrix.Count;

        Assert.AreEqual(ns + "svg", svg.Name);
        Assert.AreEqual($"0 0 {size} {size}", (string?)svg.Attribute("viewBox"));
        Assert.AreEqual((size * ClaimQr.SvgModulePixels).ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)svg.Attribute("width"));
        Assert.AreEqual("#ffffff", (string?)svg.Element(ns + "rect")!.Attribute("fill"));

        // The path's runs ("M{x} {y}h{run}v1h-{run}z"), filled back into a matrix, are the QR code's dark modules.
        var drawn = new bool[size, size];
        foreach (System.Text.RegularExpressions.Match run in System.Text.RegularExpressions.Regex.Matches(
            (string)svg.Element(ns + "path")!.Attribute("d")!, @"M(\d+) (\d+)h(\d+)v1h-\3z"))
        {
            var (x, y, length) = (int.Parse(run.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(run.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(run.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture));
            for (var i = 0; i < length; i++)
            {
                Assert.IsFalse(drawn[y, x + i], $"module {x + i},{y} drawn twice");
                drawn[y, x + i] = true;
            }
        }

        var dark = 0;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                Assert.AreEqual(expected.ModuleMatrix[y][x], drawn[y, x], $"module {x},{y}");
                dark += drawn[y, x] ? 1 : 0;
            }
        }

        Assert.IsTrue(dark > size, "a QR code has dark modules");
    }
}
