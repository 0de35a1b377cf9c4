namespace Edge.Iot.Discovery.Registry;

/// <summary>Limits of a <see cref="ThingRegistry"/>.</summary>
public sealed class ThingRegistryOptions
{
    /// <summary>Most things one search returns; a larger <c>maxCount</c> is lowered to this (§Search allows it).</summary>
    public int MaxSearchCount { get; set; } = 100;

    /// <summary>Most tags one thing may have: a guard against tag spam (§Tag name spam).</summary>
    public int MaxTags { get; set; } = 64;

    /// <summary>How long a disown waits for the thing to acknowledge <c>disowned</c> before answering not-allowed.</summary>
    public TimeSpan DisownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxSearchCount < 1)
        {
            errors.Add($"MaxSearchCount {MaxSearchCount} must be at least 1.");
        }

        if (MaxTags < MetaTagNames.Numeric.Count + 1)
        {
            errors.Add($"MaxTags {MaxTags} is too small to hold the predefined tags.");
        }

        if (DisownTimeout <= TimeSpan.Zero)
        {
            errors.Add($"DisownTimeout {DisownTimeout} must be positive.");
        }

        return errors;
    }
}
