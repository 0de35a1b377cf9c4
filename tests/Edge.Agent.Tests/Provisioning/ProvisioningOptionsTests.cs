using Edge.Iot.Discovery;

namespace Edge.Agent.Tests.Provisioning;

[TestClass]
public sealed class ProvisioningOptionsTests
{
    [TestMethod]
    public void Validate_Defaults_ValidAndDisabled()
    {
        var options = new ProvisioningOptions();
        Assert.IsFalse(options.Enabled);
        Assert.AreEqual(0, options.Validate().Count());
    }

    [TestMethod]
    public void Validate_BadValues_MessagesNameTheKeysAndQuoteTheValues()
    {
        var options = new ProvisioningOptions
        {
            Registry = "@localhost",
            Tags = new(StringComparer.OrdinalIgnoreCase)
            {
                ["LAT"] = "north",
                ["KEY"] = "mine",
                ["BAD NAME"] = "x",
                ["ROOM"] = new string('r', 129),
                ["#FLOORS"] = "many",
            },
        };

        var errors = options.Validate().ToList();

        Assert.AreEqual(6, errors.Count, string.Join("\n", errors));
        Assert.IsTrue(errors.Exists(e => e.StartsWith("Agent:Provisioning:Registry '@localhost'", StringComparison.Ordinal)), errors[0]);
        Assert.IsTrue(errors.Exists(e => e.StartsWith("Agent:Provisioning:Tags:LAT 'north'", StringComparison.Ordinal)));
        Assert.IsTrue(errors.Exists(e => e.StartsWith("Agent:Provisioning:Tags:KEY 'mine'", StringComparison.Ordinal) && e.Contains("generated", StringComparison.Ordinal)));
        Assert.IsTrue(errors.Exists(e => e.StartsWith("Agent:Provisioning:Tags:BAD NAME", StringComparison.Ordinal)));
        Assert.IsTrue(errors.Exists(e => e.StartsWith("Agent:Provisioning:Tags:ROOM", StringComparison.Ordinal)));
        Assert.IsTrue(errors.Exists(e => e.StartsWith("Agent:Provisioning:Tags:#FLOORS 'many'", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void BuildTags_NumericPredefinedAndHashNamesAreNumbersModelDefaultsToProfile()
    {
        var options = new ProvisioningOptions
        {
            Tags = new(StringComparer.OrdinalIgnoreCase) { ["man"] = "Acme", ["LAT"] = "59.33", ["#FLOOR"] = "3", ["ROOM"] = "Boiler room" },
        };

        var tags = options.BuildTags("sim");

        CollectionAssert.AreEquivalent(
            new[] { MetaTag.Numeric("FLOOR", 3), MetaTag.Numeric("LAT", 59.33), MetaTag.String("MAN", "Acme"), MetaTag.String("ROOM", "Boiler room"),
                MetaTag.String("MODEL", "sim") },
            tags.ToArray());
    }

    [TestMethod]
    public void BuildTags_ModelConfigured_ProfileNameNotUsed()
    {
        var options = new ProvisioningOptions { Tags = new(StringComparer.OrdinalIgnoreCase) { ["MODEL"] = "E-100" } };
        CollectionAssert.AreEqual(new[] { MetaTag.String("MODEL", "E-100") }, options.BuildTags("sim").ToArray());
    }
}
