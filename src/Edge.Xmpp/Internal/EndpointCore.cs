using System.Xml.Linq;
using Edge.Xmpp.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Xmpp.Internal;

/// <summary>
/// What an endpoint that keeps one stream up — <see cref="XmppClient"/>, <see cref="Component.XmppComponent"/> — does
/// the same around its sessions: options checked at construction, the stanza router and IQ tracker that outlive every
/// session, the current session and the "connected" signal, stanza ids, sending through the current session, the end
/// of a session (pending IQs failed, the reconnect decided and started, <c>Disconnected</c> raised), the reconnect loop
/// with backoff, and disposal. What the stream is (the client's SASL, bind and XEP-0198, the component's XEP-0114
/// handshake) and what happens when one starts stays with the owner.
/// </summary>
/// <typeparam name="TSession">The owner's session type.</typeparam>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "DisposeAsync, called by the owner's DisposeAsync, disposes it.")]
internal sealed class EndpointCore<TSession>
    where TSession : StreamSession
{
    private readonly Func<IXmppTransport> _transportFactory;
    private readonly string _name;
    private readonly string _idPrefix;
    private readonly CancellationTokenSource _disposing = new();
    private readonly Lock _stateLock = new();
    private TaskCompletionSource _connectedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _connected;
    private TSession? _session;
    private Task? _supervisor;
    private long _nextId;
    private int _disposed;

    /// <param name="optionErrors">What the options' <c>Validate</c> found: any error throws <see cref="ArgumentException"/>.</param>
    /// <param name="optionsKind">Names the options in that error ("Invalid {kind} options: …").</param>
    /// <param name="name">Names the endpoint in errors ("The {name} is not connected.", "… was disposed.").</param>
    /// <param name="loggerCategory">The log category (the public type's full name).</param>
    /// <param name="idPrefix">What stanza ids begin with.</param>
    /// <param name="loggerFactory">Where logs go (none if null).</param>
    /// <param name="timeProvider">The clock (the system's if null).</param>
    /// <param name="transportFactory">A new transport for each connection (TCP if null).</param>
    public EndpointCore(IReadOnlyList<string> optionErrors, string optionsKind, string name, string loggerCategory, string idPrefix,
        ILoggerFactory? loggerFactory, TimeProvider? timeProvider, Func<IXmppTransport>? transportFactory)
    {
        if (optionErrors.Count > 0)
        {
#pragma warning disable CA2208 // the owner's constructor parameter, which these errors are about
            throw new ArgumentException($"Invalid {optionsKind} options: " + string.Join(" ", optionErrors), "options");
#pragma warning restore CA2208
        }

        _name = name;
        _idPrefix = idPrefix;
        Logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(loggerCategory);
        Router = new StanzaRouter(Logger);
        Time = timeProvider ?? TimeProvider.System;
        Iqs = new IqTracker(Time);
        _transportFactory = transportFactory ?? (() => new TcpTransport());
    }

    public ILogger Logger { get; }

    public TimeProvider Time { get; }

    /// <summary>IQ handlers, message and presence handlers, disco features.</summary>
    public StanzaRouter Router { get; }

    /// <summary>Our IQ requests still waiting for their answers.</summary>
    public IqTracker Iqs { get; }

    /// <summary>The established session, or null between sessions.</summary>
    public TSession? Session => Volatile.Read(ref _session);

    /// <summary>The established session, or <see cref="XmppConnectionException"/> (NotConnected).</summary>
    public TSession Current => Volatile.Read(ref _session) ?? throw NotConnected();

    /// <summary>Cancelled when disposal begins.</summary>
    public CancellationToken Disposing => _disposing.Token;

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>A fresh stanza id.</summary>
    public string NextId() => _idPrefix + Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An IQ stanza with a fresh id: type, id, then 'from' (when given), 'to' and the payload.</summary>
    public XElement CreateIq(string type, Jid? from, Jid? recipient, XElement? payload)
    {
        var iq = new XElement(XmppNamespaces.Client + "iq", new XAttribute("type", type), new XAttribute("id", NextId()));
        if (from is not null)
        {
            iq.SetAttributeValue("from", from.ToString());
        }

        if (recipient is not null)
        {
            iq.SetAttributeValue("to", recipient.ToString());
        }

        if (payload is not null)
        {
            iq.Add(payload);
        }

        return iq;
    }

    /// <summary>A connection over a new transport, not yet connected.</summary>
    public XmppConnection NewConnection(int maxStanzaBytes) => new(_transportFactory(), maxStanzaBytes, Logger);

    public Task SendAsync(XElement stanza, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stanza);
        return Current.EnqueueAsync(stanza, cancellationToken);
    }

    public Task<IqResponse> SendIqAsync(XElement iq, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var session = Current;
        return Iqs.AskAsync(iq, NextId, session.EnqueueAsync, timeout, cancellationToken);
    }

    /// <summary>Cuts the current connection abruptly (as a network failure would).</summary>
    public void AbortConnection() => Volatile.Read(ref _session)?.Connection.Transport.Abort();

    /// <summary>Completes when connected (or throws when the endpoint has failed for good).</summary>
    public Task WaitForConnectedAsync(CancellationToken cancellationToken)
    {
        lock (_stateLock)
        {
            return _connected ? Task.CompletedTask : _connectedSignal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Marks the endpoint connected (waiters released) or not (later waiters wait for the next connection).</summary>
    public void SetConnected(bool connected)
    {
        lock (_stateLock)
        {
            SetConnectedLocked(connected);
        }
    }

    /// <summary>As <see cref="SetConnected(bool)"/>, with <paramref name="also"/> under the same lock (the owner's own state).</summary>
    public void SetConnected(bool connected, Action also)
    {
        lock (_stateLock)
        {
            also();
            SetConnectedLocked(connected);
        }
    }

    /// <summary>Ends every wait for a connection with <paramref name="cause"/>: the endpoint failed for good.</summary>
    public void FailWaiters(Exception cause)
    {
        lock (_stateLock)
        {
            _connectedSignal.TrySetException(cause);
        }
    }

    /// <summary>
    /// Makes <paramref name="session"/> the current one and marks the endpoint connected, with <paramref name="also"/>
    /// (the owner's own state) under the same lock; then starts its loops. <paramref name="onEnded"/> runs once it ends:
    /// never before this, so a session that dies at once still ends as the current one.
    /// </summary>
    public void Attach(TSession session, Action? also, Action<TSession, Exception> onEnded)
    {
        lock (_stateLock)
        {
            _session = session;
            also?.Invoke();
            SetConnectedLocked(true);
        }

        session.Start();
        _ = session.Ended.ContinueWith(t => onEnded(session, t.Result), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// The first half of a session's end: <paramref name="session"/> stops being the current one (false: it was not),
    /// every pending IQ fails with the loss, and the loss is logged unless the endpoint is being disposed.
    /// <paramref name="reconnect"/>: whether to come back (not disposing, <paramref name="autoReconnect"/>, and a
    /// cause that a retry can cure).
    /// </summary>
    public bool TryDetach(TSession session, Exception cause, bool autoReconnect, out bool reconnect, out bool disposing)
    {
        reconnect = disposing = false;
        lock (_stateLock)
        {
            if (!ReferenceEquals(_session, session))
            {
                return false;
            }

            _session = null;
            SetConnectedLocked(false);
        }

        Iqs.FailAll(new XmppConnectionException(ConnectionFailure.Socket, "The connection was lost: " + cause.Message, cause));
        disposing = _disposing.IsCancellationRequested;
        reconnect = !disposing && autoReconnect && XmppClient.IsTransient(cause);
        if (!disposing)
        {
            Log.ConnectionLost(Logger, cause.Message, cause is XmppException ? null : cause);
        }

        return true;
    }

    /// <summary>
    /// The second half: the ended session is closed (abort), <paramref name="reconnectLoop"/> starts if
    /// <paramref name="reconnect"/>, and only then is <paramref name="disconnected"/> raised: a handler that throws
    /// (logged) must not cost the endpoint its way back.
    /// </summary>
    public void FinishDetach(TSession session, Exception cause, bool reconnect, Func<CancellationToken, Task> reconnectLoop,
        object sender, EventHandler<XmppDisconnectedEventArgs>? disconnected)
    {
        _ = session.CloseAsync(graceful: false);
        if (reconnect)
        {
            _supervisor = Task.Run(() => reconnectLoop(_disposing.Token));
        }

        try
        {
            disconnected?.Invoke(sender, new XmppDisconnectedEventArgs(cause, reconnect));
        }
#pragma warning disable CA1031 // a subscriber's fault is logged, never the connection's end
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.HandlerFailed(Logger, e);
        }
    }

    /// <summary>
    /// Comes back after a lost connection: waits a backoff delay, then <paramref name="establish"/> and
    /// <paramref name="activate"/>, until it works, <paramref name="token"/> ends it, or a failure that retrying cannot
    /// cure (<paramref name="givingUp"/> runs, then every wait for a connection fails with it).
    /// </summary>
    public async Task ReconnectAsync(Func<CancellationToken, Task<TSession>> establish, Func<TSession, Task> activate,
        TimeSpan initialDelay, TimeSpan maxDelay, Action? givingUp, CancellationToken token)
    {
        var backoff = new Backoff(initialDelay, maxDelay);
        while (!token.IsCancellationRequested)
        {
            var delay = backoff.Next();
            Log.ReconnectIn(Logger, delay);
            try
            {
                await Task.Delay(delay, Time, token).ConfigureAwait(false);
                await activate(await establish(token).ConfigureAwait(false)).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (XmppClient.IsTransient(e))
            {
                Log.ConnectionLost(Logger, e.Message, null);
            }
            catch (Exception e)
            {
                Log.GivingUp(Logger, e.Message);
                givingUp?.Invoke();
                FailWaiters(e);
                return;
            }
        }
    }

    /// <summary>
    /// Disposal: a graceful close of the current session (bounded), the reconnect loop stopped, pending IQs failed;
    /// <paramref name="beforeWaitersFail"/> runs before every wait for a connection ends with
    /// <see cref="ObjectDisposedException"/>. Once only: later calls do nothing.
    /// </summary>
    public async ValueTask DisposeAsync(string typeName, Action? beforeWaitersFail)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        if (Volatile.Read(ref _session) is { } session)
        {
            await session.CloseAsync(graceful: true).ConfigureAwait(false);
        }

        if (_supervisor is not null)
        {
            try
            {
                await _supervisor.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        Iqs.FailAll(new XmppConnectionException(ConnectionFailure.NotConnected, $"The {_name} was disposed."));
        Iqs.Dispose();
        beforeWaitersFail?.Invoke();
        FailWaiters(new ObjectDisposedException(typeName));
        _disposing.Dispose();
    }

    private void SetConnectedLocked(bool connected)
    {
        _connected = connected;
        if (connected)
        {
            _connectedSignal.TrySetResult();
        }
        else if (_connectedSignal.Task.IsCompleted)
        {
            _connectedSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private XmppConnectionException NotConnected() => new(ConnectionFailure.NotConnected, $"The {_name} is not connected.");
}
