using System.Globalization;

namespace Edge.Agent.Fleet;

/// <summary>
/// What <c>edge fleet</c> runs: how many simulated devices, their accounts, and how hard they drive the server. The
/// server, its CA and the pubsub settings come from the agent's configuration (<c>Xmpp:*</c>, <c>Agent:PubSub:*</c>) as
/// <c>edge run</c> reads it; these are the fleet's own. Validated before anything goes on the wire.
/// </summary>
public sealed class FleetOptions
{
    /// <summary>Simulated devices, each its own account, XMPP session and nodes.</summary>
    public int Count { get; set; }

    /// <summary>
    /// Account names are the prefix and the device's number, zero-padded to the width of <see cref="Count"/>
    /// (<c>dev0001</c> … <c>dev1000</c>), at the domain of <c>Xmpp:Jid</c>. Not used with <see cref="AccountsFile"/>.
    /// </summary>
    public string Prefix { get; set; } = "dev";

    /// <summary>The password of every prefixed account (registered or existing).</summary>
    public string? Password { get; set; }

    /// <summary>Create each prefixed account by in-band registration (XEP-0077) first; an existing one is logged in to.</summary>
    public bool Register { get; set; }

    /// <summary>A file of <c>user:password</c> lines (user a local part or a bare JID): the first <see cref="Count"/> are used.</summary>
    public string? AccountsFile { get; set; }

    /// <summary>Devices registering or logging in at once during start-up.</summary>
    public int Concurrency { get; set; } = 16;

    /// <summary>How often the shared sensors are read; every device publishes each reading once per interval.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Readings a device keeps in memory while it cannot publish (server away); beyond, the oldest is dropped and
    /// counted. A fleet keeps nothing on disk.
    /// </summary>
    public int QueueLength { get; set; } = 64;

    /// <summary>Publishes one device has in flight at once.</summary>
    public int Window { get; set; } = 16;

    /// <summary>Checks the options; each message names the option and quotes the bad value.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Count is < 1 or > 100_000)
        {
            errors.Add($"--count {Count.ToString(CultureInfo.InvariantCulture)} must be from 1 to 100000.");
        }

        if (AccountsFile is null)
        {
            if (string.IsNullOrEmpty(Prefix) || !Xmpp.Jid.TryParse(Prefix + "1@example.org", out _, out _))
            {
                errors.Add($"--prefix '{Prefix}' must be the start of a valid JID local part.");
            }

            if (string.IsNullOrEmpty(Password))
            {
                errors.Add("The prefixed accounts need a password: --password PW (or Xmpp:Password), or give --accounts FILE.");
            }
        }
        else if (Register)
        {
            errors.Add("--register and --accounts exclude each other: --register creates the prefixed accounts, --accounts names existing ones.");
        }

        if (Concurrency is < 1 or > 1024)
        {
            errors.Add($"--concurrency {Concurrency.ToString(CultureInfo.InvariantCulture)} must be from 1 to 1024.");
        }

        if (SampleInterval < TimeSpan.FromMilliseconds(100) || SampleInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"--interval '{SampleInterval}' must be from 0.1 s to a day.");
        }

        if (QueueLength is < 1 or > 100_000)
        {
            errors.Add($"--queue {QueueLength.ToString(CultureInfo.InvariantCulture)} must be from 1 to 100000.");
        }

        if (Window is < 1 or > 1024)
        {
            errors.Add($"--window {Window.ToString(CultureInfo.InvariantCulture)} must be from 1 to 1024.");
        }

        return errors;
    }

    /// <summary>The account name of device <paramref name="number"/> (1-based): the prefix, zero-padded to the count's width.</summary>
    public string AccountName(int number) =>
        Prefix + number.ToString(CultureInfo.InvariantCulture).PadLeft(Count.ToString(CultureInfo.InvariantCulture).Length, '0');
}
