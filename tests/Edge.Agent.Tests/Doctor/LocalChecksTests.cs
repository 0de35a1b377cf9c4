using Edge.Agent.Doctor;

namespace Edge.Agent.Tests.Doctor;

[TestClass]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix permissions: the agent runs on Linux devices
public sealed class LocalChecksTests
{
    private string _directory = null!;

    [TestInitialize]
    public void Create() => _directory = Directory.CreateTempSubdirectory("edge-doctor-").FullName;

    [TestCleanup]
    public void Remove() => Directory.Delete(_directory, recursive: true);

    [TestMethod]
    public void Configuration_OneFailurePerErrorEachWithWhereToFixIt()
    {
        var findings = LocalChecks.Configuration(["Xmpp:Port 'x' must be a whole number.", "Agent:SampleInterval must be positive."], "/etc/edge/appsettings.json")
            .ToList();

        Assert.AreEqual(2, findings.Count);
        Assert.IsTrue(findings.All(f => f.Status == DoctorStatus.Failed && f.Fix!.Contains("/etc/edge/appsettings.json", StringComparison.Ordinal)));
        Assert.AreEqual("Xmpp:Port 'x' must be a whole number.", findings[0].Detail);
        Assert.AreEqual(DoctorStatus.Ok, LocalChecks.Configuration([], "x").Single().Status);
    }

    [TestMethod]
    public void Clock_BeforeThisBuild_FailsWithHowToSetIt()
    {
        var finding = LocalChecks.Clock(new DateTimeOffset(1970, 1, 1, 0, 0, 42, TimeSpan.Zero), synchronized: true);

        Assert.AreEqual(DoctorStatus.Failed, finding.Status);
        StringAssert.Contains(finding.Detail, "1970-01-01 00:00:42Z");
        StringAssert.Contains(finding.Fix, "timedatectl");
    }

    [TestMethod]
    public void Clock_PlausibleButNotSynchronized_Warns_Synchronized_Ok()
    {
        var now = new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

        Assert.AreEqual(DoctorStatus.Warning, LocalChecks.Clock(now, synchronized: false).Status);
        Assert.AreEqual(DoctorStatus.Warning, LocalChecks.Clock(now, synchronized: null).Status);
        var ok = LocalChecks.Clock(now, synchronized: true);
        Assert.AreEqual(DoctorStatus.Ok, ok.Status);
        Assert.IsNull(ok.Fix);
    }

    [TestMethod]
    public void DataDirectory_Missing_WarnsThatRunCreatesItAndLeavesNothingBehind()
    {
        var path = Path.Combine(_directory, "a", "b", "data");

        var finding = LocalChecks.DataDirectory(path, 1024).Single();

        Assert.AreEqual(DoctorStatus.Warning, finding.Status);
        StringAssert.Contains(finding.Detail, "does not exist yet");
        Assert.IsFalse(Directory.Exists(Path.Combine(_directory, "a")), "the trial directories were left behind");
    }

    [TestMethod]
    public void DataDirectory_CannotBeCreated_FailsNamingTheReason()
    {
        var file = Path.Combine(_directory, "a-file");
        File.WriteAllText(file, "x");

        var finding = LocalChecks.DataDirectory(Path.Combine(file, "data"), 1024).Single();

        Assert.AreEqual(DoctorStatus.Failed, finding.Status);
        StringAssert.Contains(finding.Detail, "cannot create it");
        StringAssert.Contains(finding.Fix, "install -d -m 0700");
    }

    [TestMethod]
    public void DataDirectory_AFileInItsPlace_Fails()
    {
        var file = Path.Combine(_directory, "data");
        File.WriteAllText(file, "x");

        var finding = LocalChecks.DataDirectory(file, 1024).Single();

        Assert.AreEqual(DoctorStatus.Failed, finding.Status);
        StringAssert.Contains(finding.Detail, "is a file");
    }

    [TestMethod]
    public void DataDirectory_OpenToOthers_WarnsWithChmod_PrivateAndRoomy_Ok()
    {
        var path = Path.Combine(_directory, "data");
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var open = LocalChecks.DataDirectory(path, 1024).ToList();

        Assert.AreEqual(DoctorStatus.Warning, open[0].Status);
        StringAssert.Contains(open[0].Detail, "mode 0755");
        StringAssert.Contains(open[0].Fix, "chmod 700 " + path);
        Assert.AreEqual(DoctorStatus.Ok, open[1].Status, "free space is a finding of its own");

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var ok = LocalChecks.DataDirectory(path, 1024).Single();
        Assert.AreEqual(DoctorStatus.Ok, ok.Status);
        StringAssert.Contains(ok.Detail, "writable, private");
        Assert.AreEqual(0, Directory.GetFileSystemEntries(path).Length, "the write probe was left behind");
    }

    [TestMethod]
    public void DataDirectory_LessFreeSpaceThanTheOutboxMayTake_Warns()
    {
        var path = Path.Combine(_directory, "data");
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        long free = new DriveInfo(path).AvailableFreeSpace;

        var finding = LocalChecks.DataDirectory(path, free * 2).Single();

        Assert.AreEqual(DoctorStatus.Warning, finding.Status);
        StringAssert.Contains(finding.Fix, "Agent:Outbox:MaxBytes");
    }
}
