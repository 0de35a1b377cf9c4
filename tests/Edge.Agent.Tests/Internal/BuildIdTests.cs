using System.Diagnostics;
using System.Text.RegularExpressions;
using Edge.Agent.Internal;
using Edge.Testing;

namespace Edge.Agent.Tests.Internal;

[TestClass]
public sealed class BuildIdTests
{
    [TestMethod]
    public void TryRead_SystemExecutable_SameIdAsReadelf()
    {
        // Debian links its executables with --build-id; binutils' readelf is the independent reader.
        const string path = "/usr/bin/ls";
        var readelf = Process.Start(new ProcessStartInfo("readelf", ["-n", path]) { RedirectStandardOutput = true })!;
        var output = readelf.StandardOutput.ReadToEnd();
        Assert.IsTrue(readelf.WaitForExit(10_000));
        var expected = Regex.Match(output, "Build ID: ([0-9a-f]+)").Groups[1].Value;
        Assert.AreNotEqual(string.Empty, expected, output);

        Assert.AreEqual(expected, BuildId.TryRead(path));
    }

    [TestMethod]
    public void TryRead_NotAnElfFile_Null()
    {
        using var folder = new TempDirectory("edge-buildid-");
        var text = folder.Combine("appsettings.json");
        File.WriteAllText(text, "{ \"Agent\": {} }");
        var truncated = folder.Combine("truncated");
        File.WriteAllBytes(truncated, File.ReadAllBytes("/usr/bin/ls")[..40]);

        Assert.IsNull(BuildId.TryRead(text));
        Assert.IsNull(BuildId.TryRead(truncated));
        Assert.IsNull(BuildId.TryRead(folder.Combine("missing")));
    }

    [TestMethod]
    public void OfThisProcess_UnderTheJit_NullSoTheHostsIdIsNeverPrinted()
    {
        // The tests run under the JIT, where /proc/self/exe is the dotnet host: its id would name the wrong symbols.
        Assert.IsTrue(System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported);
        Assert.IsNull(BuildId.OfThisProcess);
        StringAssert.EndsWith(Program.VersionLine, "(JIT)");
    }
}
