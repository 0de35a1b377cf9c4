using Edge.Xmpp;
using Edge.Xmpp.Register;

namespace Edge.Integration.Tests;

[TestClass]
public sealed class RegistrationTests
{
    [TestMethod]
    [Timeout(60_000)]
    public async Task RegisterAsync_NewDevice_AccountCreatedAndLoginWorks()
    {
        var user = "device-" + Guid.NewGuid().ToString("N")[..10];
        var options = Clients.Options($"{user}@{Server.Xmpp.Domain}", "first-boot-secret", "edge");

        var error = await InBandRegistration.RegisterAsync(options, CancellationToken.None);

        Assert.IsNull(error, error?.ToString());
        await using var client = new XmppClient(options);
        await client.ConnectAsync(CancellationToken.None);
        Assert.AreEqual(user, client.BoundJid!.Local);
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task RegisterAsync_ExistingAccount_ConflictReturnedAsData()
    {
        var user = "device-" + Guid.NewGuid().ToString("N")[..10];
        var options = Clients.Options($"{user}@{Server.Xmpp.Domain}", "first-boot-secret", "edge");
        Assert.IsNull(await InBandRegistration.RegisterAsync(options, CancellationToken.None));

        var again = await InBandRegistration.RegisterAsync(options, CancellationToken.None);

        Assert.AreEqual("conflict", again?.Condition);
    }
}
