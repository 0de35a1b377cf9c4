using Edge.Iot.Discovery;
using Edge.Xmpp;

namespace Edge.Agent.Provisioning;

/// <summary>
/// A claimed device's <c>update</c> (XEP-0347 §Update Meta Information): a public one blanks its KEY once (so a
/// finder cannot reset it and claim it), and tags that differ from those last registered (configuration or hardware
/// profile changed between starts) are sent — changed ones with their value, dropped string tags as empty strings
/// (the XEP's way to remove one; a dropped numeric tag cannot be removed by an update and stays). Item-not-found:
/// removed by the owner, no more updates; <c>disowned</c>: the registry no longer has an owner for it.
/// </summary>
public sealed partial class ThingRegistration
{
    private async Task FollowClaimAsync(CancellationToken cancellationToken)
    {
        if (_client.State != XmppClientState.Connected)
        {
            return; // the next session does it
        }

        await BefriendOwnerAsync(cancellationToken).ConfigureAwait(false);
        await UpdateTagsAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task UpdateTagsAsync(CancellationToken cancellationToken)
    {
        var state = _state!;
        var current = TagTexts(_tags);
        var changes = new List<MetaTag>();
        if (state.Public && !state.KeyCleared)
        {
            changes.Add(MetaTag.String(MetaTagNames.Key, string.Empty));
        }

        if (state.Tags is null || !state.Tags.SequenceEqual(current, StringComparer.Ordinal))
        {
            changes.AddRange(_tags.Where(t => !t.IsKey));
            foreach (var old in state.Tags ?? [])
            {
                var eq = old.IndexOf('=', StringComparison.Ordinal);
                if (!old.StartsWith('#') && eq > 0 && !_tags.Any(t => t.Name == old[..eq]))
                {
                    changes.Add(MetaTag.String(old[..eq], string.Empty));
                }
            }
        }

        if (changes.Count == 0)
        {
            return;
        }

        var discovery = await DiscoveryAsync(cancellationToken).ConfigureAwait(false);
        if (discovery is null)
        {
            _ = RetryLaterAsync(RetryDelay, cancellationToken);
            return;
        }

        await BefriendRegistryAsync(cancellationToken).ConfigureAwait(false);
        var outcome = await discovery.UpdateAsync(new UpdateRequest(changes, ThingNode.None), cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case UpdateOutcome.Updated:
                state.Tags = current;
                state.KeyCleared |= state.Public;
                state.Save(FilePath);
                Log.ProvisioningUpdated(_logger, discovery.Registry.ToString(), string.Join(", ", changes));
                break;
            case UpdateOutcome.NotFound:
                Log.ProvisioningUpdateRefused(_logger, discovery.Registry.ToString(), "item-not-found: removed by its owner; no more updates");
                await RemovedAsync(cancellationToken).ConfigureAwait(false);
                break;
            case UpdateOutcome.Disowned:
                Log.ProvisioningUpdateRefused(_logger, discovery.Registry.ToString(), "disowned: not claimed there any more");
                await DisownedAsync(cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>The tags as provisioning.json keeps them: KEY left out, sorted (<c>MAN=acme</c>, <c>#V=1.2</c>).</summary>
    private static string[] TagTexts(IEnumerable<MetaTag> tags) =>
        [.. tags.Where(t => !t.IsKey).Select(t => t.ToString()).Order(StringComparer.Ordinal)];
}
