using System.Globalization;
using System.Xml.Linq;

namespace Edge.Xmpp;

/// <summary>XEP-0198 stream management: counters, acks, resumption.</summary>
public sealed partial class XmppClient
{
    private static readonly XNamespace SmNamespace = "urn:xmpp:sm:3";
    private readonly Lock _smLock = new();
    private readonly LinkedList<(uint Sequence, OutgoingStanza Stanza)> _unacked = new();
    private string? _smId;
    private bool _smResumable;
    private uint _smInbound;
    private uint _smOutbound;

    /// <summary>Stanzas sent but not yet acknowledged by the server (XEP-0198).</summary>
    public int UnacknowledgedCount
    {
        get
        {
            lock (_smLock)
            {
                return _unacked.Count;
            }
        }
    }

    private void TrackOutbound(OutgoingStanza stanza)
    {
        lock (_smLock)
        {
            _smOutbound++;
            _unacked.AddLast((_smOutbound, stanza));
        }
    }

    private void CountInbound()
    {
        lock (_smLock)
        {
            _smInbound++;
        }
    }

    /// <summary><c>&lt;a h='…'/&gt;</c>: how many stanzas we have handled on this stream.</summary>
    private XElement InboundAck()
    {
        lock (_smLock)
        {
            return new XElement(SmNamespace + "a", new XAttribute("h", _smInbound));
        }
    }

    private void Acknowledge(uint h)
    {
        lock (_smLock)
        {
            // Counters wrap at 2^32 (XEP-0198 §4): compare by signed difference.
            while (_unacked.First is { } first && (int)(h - first.Value.Sequence) >= 0)
            {
                _unacked.RemoveFirst();
            }
        }
    }

    private async Task HandleSmNonzaAsync(Session session, XElement element, CancellationToken token)
    {
        switch (element.Name.LocalName)
        {
            case "r":
                try
                {
                    await session.EnqueueAsync(InboundAck(), token).ConfigureAwait(false);
                }
                catch (XmppConnectionException) when (session.Closing)
                {
                    // A request that crossed our graceful close (ejabberd asks after everything it sends): the writer's
                    // final <a/> answers it. Failing the session here would abort the connection, racing our
                    // </stream:stream>, and leave the server waiting for a resumption.
                }

                break;
            case "a":
                if (uint.TryParse((string?)element.Attribute("h"), NumberStyles.None, CultureInfo.InvariantCulture, out var acked))
                {
                    Acknowledge(acked);
                }

                break;
        }
    }

    private async Task<bool> EnableStreamManagementAsync(Internal.XmppConnection connection, CancellationToken token)
    {
        await connection.WriteAsync(new XElement(SmNamespace + "enable", new XAttribute("resume", "true")), token).ConfigureAwait(false);
        var answer = await connection.ReadElementAsync(token).ConfigureAwait(false);
        List<OutgoingStanza> carryOver;
        lock (_smLock)
        {
            // A fresh session: IQs from the old one were failed to their callers (who retry with their own ids);
            // messages and presence still unacknowledged are sent again.
            carryOver = _unacked.Select(u => u.Stanza).Where(s => s.LocalName != "iq").ToList();
            _unacked.Clear();
            _smInbound = 0;
            _smOutbound = 0;
            _smId = null;
            _smResumable = false;
            if (answer.Name == SmNamespace + "enabled")
            {
                _smId = (string?)answer.Attribute("id");
                _smResumable = (string?)answer.Attribute("resume") is "true" or "1";
            }
        }

        if (answer.Name != SmNamespace + "enabled")
        {
            return false;
        }

        _pendingCarryOver = carryOver;
        return true;
    }

    private List<OutgoingStanza>? _pendingCarryOver;

    private async Task<Session?> TryResumeAsync(Internal.XmppConnection connection, CancellationToken token)
    {
        string? id;
        uint inbound;
        lock (_smLock)
        {
            id = _smResumable ? _smId : null;
            inbound = _smInbound;
        }

        if (id is null || BoundJid is null)
        {
            return null;
        }

        await connection.WriteAsync(new XElement(SmNamespace + "resume", new XAttribute("previd", id), new XAttribute("h", inbound)), token)
            .ConfigureAwait(false);
        var answer = await connection.ReadElementAsync(token).ConfigureAwait(false);
        if (uint.TryParse((string?)answer.Attribute("h"), NumberStyles.None, CultureInfo.InvariantCulture, out var h))
        {
            Acknowledge(h);
        }

        if (answer.Name != SmNamespace + "resumed")
        {
            int dropped;
            lock (_smLock)
            {
                dropped = _unacked.Count(u => u.Stanza.LocalName == "iq");
                _smId = null;
                _smResumable = false;
            }

            Log.ResumeRefused(_logger, dropped);
            return null;
        }

        // Resend what the server has not acknowledged, in order, before anything new; they keep their sequence numbers.
        OutgoingStanza[] resend;
        lock (_smLock)
        {
            resend = _unacked.Select(u => u.Stanza).ToArray();
        }

        // Written in few flushes of whole stanzas per TLS record (Internal.FrameWriter): a resend cut short by another
        // failure leaves the server between two stanzas, and a long one is not held whole in the buffer.
        foreach (var stanza in resend)
        {
            connection.Write(stanza);
            if (connection.BufferedBytes >= Internal.FrameWriter.FlushThresholdBytes)
            {
                await connection.FlushAsync(token).ConfigureAwait(false);
            }
        }

        if (resend.Length > 0)
        {
            connection.Write(new XElement(SmNamespace + "r"));
            await connection.FlushAsync(token).ConfigureAwait(false);
        }

        Log.Resumed(_logger, BoundJid.ToString(), resend.Length);
        return new Session(this, connection, smEnabled: true, resumed: true);
    }
}
