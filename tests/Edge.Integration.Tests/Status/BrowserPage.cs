using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Edge.Integration.Tests.Status;

/// <summary>
/// A page kept open in headless Chromium, driven over the DevTools protocol on a loopback websocket
/// (<c>--remote-debugging-port=0</c>; Chromium prints the port it took): what the page's own script did after a while
/// can be read with <see cref="EvaluateAsync"/> (<c>Runtime.evaluate</c>).
/// </summary>
internal sealed class BrowserPage : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket;
    private int _id;

    private BrowserPage(Process process, string profile, ClientWebSocket socket)
    {
        _process = process;
        _profile = profile;
        _socket = socket;
    }

    public static async Task<BrowserPage> OpenAsync(Uri page, CancellationToken cancellationToken)
    {
        var profile = Directory.CreateTempSubdirectory("edge-it-chromium-").FullName;
        var start = new ProcessStartInfo(HeadlessChromium.Path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in (string[])[.. HeadlessChromium.CommonArguments(profile), "--remote-debugging-address=127.0.0.1",
                     "--remote-debugging-port=0", page.ToString()])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
        try
        {
            // "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID"
            string? line;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            while ((line = await process.StandardError.ReadLineAsync(timeout.Token)) is not null && !line.StartsWith("DevTools listening on ", StringComparison.Ordinal))
            {
            }

            var browser = new Uri(line?["DevTools listening on ".Length..] ?? throw new InvalidOperationException("chromium printed no DevTools address"));
            _ = process.StandardError.ReadToEndAsync(CancellationToken.None); // keep draining
            using var http = new HttpClient();
            JsonArray targets = [];
            for (int i = 0; i < 50 && !targets.Any(t => (string?)t!["type"] == "page"); i++)
            {
                targets = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://{browser.Authority}/json/list"), timeout.Token))!.AsArray();
                await Task.Delay(100, timeout.Token);
            }

            var target = targets.First(t => (string?)t!["type"] == "page")!;
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri((string)target["webSocketDebuggerUrl"]!), timeout.Token);
            return new BrowserPage(process, profile, socket);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            Directory.Delete(profile, recursive: true);
            throw;
        }
    }

    /// <summary>Evaluates <paramref name="expression"/> until its value differs from <paramref name="from"/>; that value, or null after <paramref name="timeout"/>.</summary>
    public async Task<string?> WaitForChangeAsync(string expression, string? from, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (await EvaluateAsync(expression, cancellationToken) is { } value && value != from)
            {
                return value;
            }

            await Task.Delay(100, cancellationToken);
        }

        return null;
    }

    /// <summary>The value of a JavaScript expression in the page, as a string.</summary>
    public async Task<string?> EvaluateAsync(string expression, CancellationToken cancellationToken)
    {
        int id = ++_id;
        var request = new JsonObject
        {
            ["id"] = id,
            ["method"] = "Runtime.evaluate",
            ["params"] = new JsonObject { ["expression"] = expression, ["returnByValue"] = true },
        };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(request.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken);
        var buffer = new byte[1 << 20];
        while (true)
        {
            int length = 0;
            WebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), cancellationToken);
                length += result.Count;
            }
            while (!result.EndOfMessage);

            var message = JsonNode.Parse(buffer.AsSpan(0, length))!;
            if ((int?)message["id"] == id)
            {
                return message["result"]?["result"]?["value"]?.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is WebSocketException or TimeoutException)
        {
        }

        _socket.Dispose();
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_profile, recursive: true);
    }
}
