namespace Edge.Agent.Fleet;

/// <summary>One fleet device's account: its bare JID and password (never logged, never in <see cref="ToString"/>).</summary>
public sealed record FleetAccount(string Jid, string Password)
{
    public override string ToString() => Jid;

    /// <summary>
    /// The accounts of <paramref name="options"/>: the prefixed names at <paramref name="domain"/> with the one password,
    /// or the first <see cref="FleetOptions.Count"/> lines of the accounts file (<c>user:password</c>, blank lines and
    /// <c>#</c> comments skipped; a user without a domain is at <paramref name="domain"/>). Errors name the file and line.
    /// </summary>
    public static IReadOnlyList<FleetAccount> From(FleetOptions options, string domain, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        if (options.AccountsFile is null)
        {
            return [.. Enumerable.Range(1, options.Count).Select(n => new FleetAccount(options.AccountName(n) + "@" + domain, options.Password!))];
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(options.AccountsFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"--accounts '{options.AccountsFile}' cannot be read: {e.Message}");
            return [];
        }

        var accounts = new List<FleetAccount>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length && accounts.Count < options.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var where = $"--accounts '{options.AccountsFile}' line {i + 1}";
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == line.Length - 1)
            {
                errors.Add($"{where} must be user:password.");
                continue;
            }

            var user = line[..colon];
            var jid = user.Contains('@', StringComparison.Ordinal) ? user : user + "@" + domain;
            if (!Xmpp.Jid.TryParse(jid, out var parsed, out var reason) || parsed.Local is null || !parsed.IsBare)
            {
                errors.Add($"{where}: '{user}' is not an account name or bare JID{(reason is null ? "." : ": " + reason)}");
                continue;
            }

            if (!seen.Add(parsed.ToString()))
            {
                errors.Add($"{where}: '{parsed}' appears twice; every device needs its own account.");
                continue;
            }

            accounts.Add(new FleetAccount(parsed.ToString(), line[(colon + 1)..]));
        }

        if (errors.Count == 0 && accounts.Count < options.Count)
        {
            errors.Add($"--accounts '{options.AccountsFile}' has {accounts.Count} accounts; --count {options.Count} needs as many.");
        }

        return accounts;
    }
}
