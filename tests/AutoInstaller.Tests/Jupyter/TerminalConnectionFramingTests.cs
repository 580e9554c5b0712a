using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using AutoInstaller.Jupyter;

namespace AutoInstaller.Tests.Jupyter;

/// <summary>
/// Framing that Jupyter itself does not produce but a proxy may: fragmented messages, a bare close, garbage.
/// The peer is a real websocket over a loopback TCP connection.
/// </summary>
public sealed class TerminalConnectionFramingTests : IAsyncLifetime
{
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromSeconds(30));
    private WebSocket server = null!;
    private TerminalConnection connection = null!;

    private CancellationToken Timeout => timeout.Token;

    public async Task InitializeAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!, Timeout);
        var accepted = await listener.AcceptAsync(Timeout);
        server = WebSocket.CreateFromStream(new NetworkStream(accepted, ownsSocket: true), new WebSocketCreationOptions { IsServer = true });
        connection = new TerminalConnection("7", WebSocket.CreateFromStream(
            new NetworkStream(client, ownsSocket: true), new WebSocketCreationOptions { IsServer = false }));
    }

    public async Task DisposeAsync()
    {
        await connection.DisposeAsync();
        server.Dispose();
        timeout.Dispose();
    }

    [Fact]
    public async Task FragmentedMessagesAreReassembled()
    {
        Assert.Equal(TerminalConnectionStatus.Connecting, connection.Status);
        await SendAsync("[\"set", endOfMessage: false);
        await SendAsync("up\", {}]", endOfMessage: true);
        var accented = Encoding.UTF8.GetBytes("é");
        await SendAsync("[\"stdout\", \"h", endOfMessage: false);
        await server.SendAsync(accented.AsMemory(0, 1), WebSocketMessageType.Text, endOfMessage: false, Timeout);
        await server.SendAsync(accented.AsMemory(1), WebSocketMessageType.Text, endOfMessage: false, Timeout);
        await SendAsync("llo\\r\\n\"]", endOfMessage: true);

        Assert.IsType<TerminalSetup>(await connection.ReceiveAsync(Timeout));
        Assert.Equal(TerminalConnectionStatus.Connected, connection.Status);
        Assert.Equal("héllo\r\n", await connection.ReadOutputAsync(Timeout));
    }

    [Fact]
    public async Task UnknownMessageTypesAreSkipped()
    {
        await SendAsync("[\"future_type\", 1, 2]", endOfMessage: true);
        await SendAsync("[\"stdout\", \"after\"]", endOfMessage: true);

        Assert.Equal("after", await connection.ReadOutputAsync(Timeout));
    }

    [Fact]
    public async Task CloseWithoutDisconnectEndsTheConnectionAsClosedByServer()
    {
        await SendAsync("[\"stdout\", \"last\"]", endOfMessage: true);
        await server.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "going away", Timeout);

        Assert.Equal(new TerminalOutput("last"), await connection.ReceiveAsync(Timeout));
        Assert.Equal(new TerminalDisconnected(TerminalDisconnectReason.ClosedByServer), await connection.ReceiveAsync(Timeout));
        Assert.Equal(new TerminalDisconnected(TerminalDisconnectReason.ClosedByServer), await connection.ReceiveAsync(Timeout));
    }

    [Fact]
    public async Task FrameThatIsNotATerminalMessageIsAProtocolError()
    {
        await SendAsync("<html>502 Bad Gateway</html>", endOfMessage: true);

        Assert.Equal(new TerminalDisconnected(TerminalDisconnectReason.ProtocolError), await connection.ReceiveAsync(Timeout));
        Assert.Equal(TerminalDisconnectReason.ProtocolError, connection.DisconnectReason);
    }

    [Fact]
    public async Task StdinAndSetSizeAreSentAsJsonArrays()
    {
        await connection.SendStdinAsync("echo \"ü\"\r", Timeout);
        await connection.SetSizeAsync(new TerminalSize(24, 80, 480, 640), Timeout);

        Assert.Equal("[\"stdin\",\"echo \\u0022\\u00FC\\u0022\\r\"]", await ReceiveAtServerAsync());
        Assert.Equal("[\"set_size\",24,80,480,640]", await ReceiveAtServerAsync());
    }

    [Fact]
    public async Task CancelledReadDoesNotEndTheConnection()
    {
        using var cancelled = new CancellationTokenSource();
        var reading = connection.ReceiveAsync(cancelled.Token);
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
        await SendAsync("[\"stdout\", \"still here\"]", endOfMessage: true);
        Assert.Equal("still here", await connection.ReadOutputAsync(Timeout));
    }

    private Task SendAsync(string text, bool endOfMessage) =>
        server.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage, Timeout);

    private async Task<string> ReceiveAtServerAsync()
    {
        var buffer = new byte[1024];
        var result = await server.ReceiveAsync(buffer, Timeout);
        Assert.True(result.EndOfMessage);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }
}
