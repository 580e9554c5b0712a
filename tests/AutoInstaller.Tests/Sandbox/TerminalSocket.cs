using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace AutoInstaller.Tests.Sandbox;

/// <summary>A Jupyter terminal websocket: JSON-array frames, <c>["stdin", text]</c> out, <c>["stdout", text]</c> in.</summary>
public sealed class TerminalSocket(ClientWebSocket socket) : IAsyncDisposable
{
    private readonly StringBuilder _output = new();

    public int FramesReceived { get; private set; }

    public Task SendStdinAsync(string text, CancellationToken cancellationToken = default) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(new[] { "stdin", text }), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    public Task SendSetSizeAsync(int rows, int columns, CancellationToken cancellationToken = default) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(new object[] { "set_size", rows, columns, rows * 20, columns * 8 }), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>Runs <paramref name="command"/> and returns the output up to a marker the echo of the input cannot contain.</summary>
    public async Task<string> RunAsync(string command, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        await SendStdinAsync($"{command}\recho \"@@done\"\"-{id}@@\"\r", cancellationToken);
        var output = await ReadUntilAsync($"@@done-{id}@@", timeout, cancellationToken);
        return output;
    }

    /// <summary>Reads frames until the accumulated stdout contains <paramref name="text"/>; returns that stdout and clears it.</summary>
    public async Task<string> ReadUntilAsync(string text, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (!_output.ToString().Contains(text, StringComparison.Ordinal))
        {
            var frame = await ReceiveFrameAsync(deadline.Token)
                ?? throw new WebSocketException($"Terminal closed before '{text}' appeared; output so far: {_output}");
            if (frame[0].GetString() == "stdout")
            {
                _output.Append(frame[1].GetString());
            }
        }

        var output = _output.ToString();
        _output.Clear();
        return output;
    }

    /// <summary>The next frame as a JSON array, or null when the server closed the socket cleanly.</summary>
    public async Task<JsonElement?> ReceiveFrameAsync(CancellationToken cancellationToken = default)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        FramesReceived++;
        return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        if (socket.State == WebSocketState.Open)
        {
            try
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // The server went first.
            }
        }

        socket.Dispose();
    }
}
