using System.Security.Cryptography;
using Edge.Xmpp;

namespace Edge.Iot.Discovery.Registry;

/// <summary>
/// The thing registry's rules (XEP-0347 §Use Cases), on typed values and an <see cref="IThingStore"/> — no XML here
/// (<see cref="DiscoveryCodec"/> is the wire, <see cref="ThingRegistryServer"/> joins the two). Operations that read and
/// then write run one at a time, so two owners racing for one thing cannot both win.
/// </summary>
public sealed class ThingRegistry : IDisposable
{
    private readonly IThingStore _store;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public ThingRegistry(IThingStore store, ThingRegistryOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        Options = options ?? new ThingRegistryOptions();
        var errors = Options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid registry options: " + string.Join(" ", errors), nameof(options));
        }

        _store = store;
        _time = timeProvider ?? TimeProvider.System;
    }

    public ThingRegistryOptions Options { get; }

    /// <summary>
    /// §Registering Thing: one record per bare JID and node, replacing every earlier tag; null = registered (empty
    /// result). A thing already claimed is left unchanged and learns its owner (result <c>claimed</c>).
    /// §Register self-owned Thing: registered directly as a public claimed thing, its own owner.
    /// </summary>
    public async Task<ClaimedInfo?> RegisterAsync(Jid from, RegisterRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(request);
        CheckTagCount(request.Tags);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var existing = await _store.GetAsync(from.Bare, request.Node, cancellationToken).ConfigureAwait(false);
            if (existing is { IsClaimed: true })
            {
                // No tag changes; only where it is reached now (its resource), so removed/disowned still find it.
                if (existing.Address != from)
                {
                    await _store.PutAsync(existing with { Address = from }, cancellationToken).ConfigureAwait(false);
                }

                return new ClaimedInfo(existing.Owner!, request.Node, existing.IsPublic);
            }

            var owner = request.SelfOwned ? from.Bare : null;
            await _store.PutAsync(new ThingRecord(from.Bare, request.Node, from, request.Tags, owner, request.SelfOwned, request.SelfOwned,
                _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// §Claiming Ownership: an unclaimed thing registered with exactly these tags becomes the sender's (public or
    /// private as asked); a thing the sender already owns with these tags answers the same. Anything else — no such
    /// thing, another's thing, or several unclaimed things with the same tags — is null: item-not-found, which tells
    /// the claimant nothing more (the XEP asks not to say why).
    /// </summary>
    public async Task<ClaimOutcome?> ClaimAsync(Jid owner, MineRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Tags.Count == 0)
        {
            return null;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var candidates = (await _store.FindByFingerprintAsync(ThingRecord.Fingerprint(request.Tags), cancellationToken).ConfigureAwait(false))
                .Where(r => request.Node.IsNone || r.Node == request.Node).ToList();
            var mine = candidates.Where(r => r.Owner == owner.Bare).ToList();
            if (mine.Count == 1)
            {
                return new ClaimOutcome(mine[0], NewlyClaimed: false);
            }

            var free = candidates.Where(r => !r.IsClaimed).ToList();
            if (free.Count != 1)
            {
                return null;
            }

            var claimed = free[0] with { Owner = owner.Bare, IsPublic = request.Public, Updated = _time.GetUtcNow() };
            await _store.PutAsync(claimed, cancellationToken).ConfigureAwait(false);
            return new ClaimOutcome(claimed, NewlyClaimed: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// §Update Meta Information (the thing itself) and §Owner updating (with <see cref="UpdateRequest.Thing"/>): merges
    /// the tags, a string tag with an empty value removed. A thing's own update of an unclaimed record changes nothing
    /// (<see cref="UpdateOutcome.Disowned"/>).
    /// </summary>
    public async Task<UpdateOutcome> UpdateAsync(Jid from, UpdateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(request);
        var byOwner = request.Thing is not null && request.Thing.Bare != from.Bare;
        var target = byOwner ? request.Thing!.Bare : from.Bare;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var record = await _store.GetAsync(target, request.Node, cancellationToken).ConfigureAwait(false);
            if (record is null || (byOwner && record.Owner != from.Bare))
            {
                return UpdateOutcome.NotFound;
            }

            if (!record.IsClaimed)
            {
                return UpdateOutcome.Disowned;
            }

            var tags = record.Tags.ToDictionary(t => t.Name, StringComparer.Ordinal);
            foreach (var tag in request.Tags)
            {
                if (tag.StringValue is { Length: 0 })
                {
                    tags.Remove(tag.Name);
                }
                else
                {
                    tags[tag.Name] = tag;
                }
            }

            CheckTagCount(tags.Values);
            await _store.PutAsync(record with
            {
                Tags = [.. tags.Values.OrderBy(t => t.Name, StringComparer.Ordinal)],
                Address = byOwner ? record.Address : from,
                Updated = _time.GetUtcNow(),
            }, cancellationToken).ConfigureAwait(false);
            return UpdateOutcome.Updated;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>§Removing Thing: the owner's thing is deleted and returned (to be told <c>removed</c>); otherwise null.</summary>
    public async Task<ThingRecord?> RemoveAsync(Jid owner, ThingReference thing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(thing);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var record = await FindOwnedAsync(owner, thing, cancellationToken).ConfigureAwait(false);
            if (record is not null)
            {
                await _store.DeleteAsync(record.Thing, record.Node, cancellationToken).ConfigureAwait(false);
            }

            return record;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>§Unregistering Thing: the sender's record goes, whatever its state; the answer is always empty.</summary>
    public async Task UnregisterAsync(Jid from, ThingNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _store.DeleteAsync(from.Bare, node, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The owner's thing for a <c>disown</c>, before the thing is asked; null = item-not-found.</summary>
    public async Task<ThingRecord?> FindOwnedAsync(Jid owner, ThingReference thing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(thing);
        var record = await _store.GetAsync(thing.Thing.Bare, thing.Node, cancellationToken).ConfigureAwait(false);
        return record is not null && record.Owner == owner.Bare ? record : null;
    }

    /// <summary>
    /// §Disowning Thing, once the thing acknowledged <c>disowned</c>: unclaimed again, every tag removed and a random
    /// KEY set, so nobody can claim it by guessing before it registers anew. False when it changed meanwhile.
    /// </summary>
    public async Task<bool> CompleteDisownAsync(Jid owner, ThingRecord thing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(thing);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var record = await _store.GetAsync(thing.Thing, thing.Node, cancellationToken).ConfigureAwait(false);
            if (record is null || record.Owner != owner.Bare)
            {
                return false;
            }

            var key = MetaTag.String(MetaTagNames.Key, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
            await _store.PutAsync(record with { Owner = null, IsPublic = false, SelfOwned = false, Tags = [key], Updated = _time.GetUtcNow() },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// §Search for Public Things: claimed public things matching every operator, a page of them (offset, at most
    /// <see cref="ThingRegistryOptions.MaxSearchCount"/>), <c>more</c> when others follow. An operator on KEY finds
    /// nothing, and KEY is never returned.
    /// </summary>
    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Operators.Count == 0 || request.Operators.Any(o => o.NamesKey))
        {
            return new SearchResult([], false);
        }

        var count = Math.Min(request.MaxCount ?? Options.MaxSearchCount, Options.MaxSearchCount);
        var all = await _store.ListSearchableAsync(request.Operators, cancellationToken).ConfigureAwait(false);
        var matching = all.Where(r => request.Operators.All(o => o.Matches(r.Tags)));
        var page = matching.Skip(request.Offset).Take(count + 1).ToList();
        var things = page.Take(count)
            .Select(r => new FoundThing(r.Owner!, r.Thing, r.Node, [.. r.Tags.Where(t => !t.IsKey)]))
            .ToList();
        return new SearchResult(things, page.Count > count);
    }

    public void Dispose() => _gate.Dispose();

    private void CheckTagCount(IEnumerable<MetaTag> tags)
    {
        if (tags.Count() > Options.MaxTags)
        {
            throw new DiscoveryRequestException($"More than {Options.MaxTags} meta tags.");
        }
    }
}
