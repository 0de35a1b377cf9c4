using Edge.Agent.Fleet;

namespace Edge.Agent.Tests.Fleet;

[TestClass]
public sealed class FleetAccountTests
{
    [TestMethod]
    public void From_Prefix_NamesZeroPaddedToTheCountsWidth()
    {
        var errors = new List<string>();
        var accounts = FleetAccount.From(new FleetOptions { Count = 100, Prefix = "dev", Password = "pw" }, "grid.example", errors);

        Assert.AreEqual(0, errors.Count, string.Join("; ", errors));
        Assert.AreEqual(100, accounts.Count);
        Assert.AreEqual("dev001@grid.example", accounts[0].Jid);
        Assert.AreEqual("dev100@grid.example", accounts[^1].Jid);
        Assert.IsTrue(accounts.All(a => a.Password == "pw"));
        Assert.AreEqual("dev001@grid.example", accounts[0].ToString(), "the password is never in ToString");
    }

    [TestMethod]
    public void From_AccountsFile_SkipsBlankLinesAndCommentsAndAddsTheDomain()
    {
        using var file = new TempFile("# fleet accounts\none:pw:with:colons\n\n  two@other.example:pw2  \nthree:pw3\n");
        var errors = new List<string>();

        var accounts = FleetAccount.From(new FleetOptions { Count = 2, AccountsFile = file.Path }, "grid.example", errors);

        Assert.AreEqual(0, errors.Count, string.Join("; ", errors));
        CollectionAssert.AreEqual(new[] { "one@grid.example", "two@other.example" }, accounts.Select(a => a.Jid).ToArray());
        Assert.AreEqual("pw:with:colons", accounts[0].Password);
    }

    [TestMethod]
    public void From_AccountsFileWithADuplicateAndABadLine_EachErrorNamesItsLine()
    {
        using var file = new TempFile("one:pw\nno-password-here\none:again\n");
        var errors = new List<string>();

        FleetAccount.From(new FleetOptions { Count = 3, AccountsFile = file.Path }, "grid.example", errors);

        CollectionAssert.AreEqual(new[]
        {
            $"--accounts '{file.Path}' line 2 must be user:password.",
            $"--accounts '{file.Path}' line 3: 'one@grid.example' appears twice; every device needs its own account.",
        }, errors);
    }

    [TestMethod]
    public void From_AccountsFileShorterThanCount_SaysHowManyItHas()
    {
        using var file = new TempFile("one:pw\n");
        var errors = new List<string>();

        FleetAccount.From(new FleetOptions { Count = 2, AccountsFile = file.Path }, "grid.example", errors);

        CollectionAssert.AreEqual(new[] { $"--accounts '{file.Path}' has 1 accounts; --count 2 needs as many." }, errors);
    }

    [TestMethod]
    public void Validate_RegisterWithAccountsFileAndNoPasswordForPrefixed_AreErrors()
    {
        Assert.IsTrue(new FleetOptions { Count = 1, Register = true, AccountsFile = "a.txt" }.Validate()
            .Any(e => e.StartsWith("--register and --accounts exclude each other", StringComparison.Ordinal)));
        Assert.IsTrue(new FleetOptions { Count = 1, Register = true }.Validate()
            .Any(e => e.StartsWith("The prefixed accounts need a password", StringComparison.Ordinal)));
        Assert.AreEqual(0, new FleetOptions { Count = 1, Register = true, Password = "pw" }.Validate().Count);
        Assert.IsTrue(new FleetOptions { Count = 0, Password = "pw" }.Validate().Any(e => e.StartsWith("--count 0", StringComparison.Ordinal)));
    }

    private sealed class TempFile : IDisposable
    {
        public TempFile(string text)
        {
            Path = System.IO.Path.GetTempFileName();
            File.WriteAllText(Path, text);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }
}
