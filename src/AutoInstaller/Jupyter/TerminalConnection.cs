using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;

namespace AutoInstaller.Jupyter;

/// <summary>
/// One open websocket to a Jupyter terminal. A background loop reads every frame as it arrives (reassembling
/// fragmented messages), so the status follows the connection even between reads, and a read that is
/// cancelled leaves the connection intact. When the connection ends, for whatever reason, reads return
/// <see cref="TerminalDisconnected"/> (or <see cref="ReadOutputAsync"/> throws
/// <see cref="TerminalDisconnectedException"/>) instead of waiting for more.
/// </summary>
internal sealed class TerminalConnection : IAsyncDisposable
{
    private const int MaxMessageBytes = 4 * 1024 * 1024;

    /// <summary>
    /// At most this many messages wait to be read (terminado sends up to 64 KiB of output a message): a step that
    /// prints faster than the reader reads costs bounded memory here, and the socket waits meanwhile.
    /// </summary>
    private const int WaitingMessages = 16;
    private readonly WebSocket socket;
    private readonly Channel<TerminalMessage> received = Channel.CreateBounded<TerminalMessage>(
        new BoundedChannelOptions(WaitingMessages) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly SemaphoreSlim sending = new(1, 1);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task pump;
    private volatile bool closing;
    private volatile TerminalConnectionStatus status = TerminalConnectionStatus.Connecting;
    private TerminalDisconnectReason? disconnectReason;

    /// <summary>Takes over an open websocket to <c>terminals/websocket/&lt;name&gt;</c>.</summary>
    public TerminalConnection(string terminalName, WebSocket socket)
    {
        TerminalName = terminalName;
        this.socket = socket;
        pump = PumpAsync();
    }

    public string TerminalName { get; }

    public TerminalConnectionStatus Status => status;

    /// <summary>Why the connection ended; null while it is open.</summary>
    public TerminalDisconnectReason? DisconnectReason => status == TerminalConnectionStatus.Disconnected ? disconnectReason : null;

    /// <summary>
    /// The next message: <see cref="TerminalSetup"/>, <see cref="TerminalOutput"/>, or, once the connection
    /// has ended, <see cref="TerminalDisconnected"/> (every time).
    /// </summary>
    public async Task<TerminalMessage> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (await received.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (received.Reader.TryRead(out var message))
            {
                return message;
            }
        }

        return new TerminalDisconnected(disconnectReason!.Value);
    }

    /// <summary>The next chunk of output, skipping other messages.</summary>
    /// <exception cref="TerminalDisconnectedException">The connection has ended.</exception>
    public async Task<string> ReadOutputAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            switch (await ReceiveAsync(cancellationToken).ConfigureAwait(false))
            {
                case TerminalOutput output:
                    return output.Text;
                case TerminalDisconnected disconnected:
                    throw new TerminalDisconnectedException(TerminalName, disconnected.Reason);
            }
        }
    }

    /// <summary>
    /// Types text into the terminal (<c>\r</c> is Enter). The pty's line editor cuts a single line at about
    /// 4095 bytes, so send long input in shorter lines. Cancelling a send aborts the connection.
    /// </summary>
    /// <exception cref="TerminalDisconnectedException">The connection has ended.</exception>
    public Task SendStdinAsync(string text, CancellationToken cancellationToken) =>
        SendAsync(TerminalMessageCodec.EncodeStdin(text), cancellationToken);

    /// <exception cref="TerminalDisconnectedException">The connection has ended.</exception>
    public Task SetSizeAsync(TerminalSize size, CancellationToken cancellationToken) =>
        SendAsync(TerminalMessageCodec.EncodeSetSize(size), cancellationToken);

    /// <summary>
    /// Sends a close frame and waits for the server's answer, then releases the socket. The terminal itself
    /// keeps running on the server: delete it through <see cref="JupyterClient"/> to end it.
    /// </summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        closing = true;
        try
        {
            await sending.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (socket.State == WebSocketState.Open)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (WebSocketException)
            {
                // The connection is already gone: nothing left to close politely.
            }
            finally
            {
                sending.Release();
            }

            await stopping.CancelAsync().ConfigureAwait(false);
            await pump.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Aborts the connection if it is still open and releases the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        closing = true;
        if (!pump.IsCompleted)
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            socket.Abort();
            await pump.ConfigureAwait(false);
        }

        socket.Dispose();
    }

    private async Task SendAsync(byte[] frame, CancellationToken cancellationToken)
    {
        await sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (status == TerminalConnectionStatus.Disconnected || closing)
            {
                throw new TerminalDisconnectedException(TerminalName, disconnectReason ?? TerminalDisconnectReason.ClosedByClient);
            }

            await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException e)
        {
            throw new TerminalDisconnectedException(TerminalName, disconnectReason ?? TerminalDisconnectReason.ConnectionLost, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // The receiving side aborted the socket under this send (the connection dropped): a loss, not a cancellation.
            throw new TerminalDisconnectedException(TerminalName, disconnectReason ?? TerminalDisconnectReason.ConnectionLost, e);
        }
        finally
        {
            sending.Release();
        }
    }

    private async Task PumpAsync()
    {
        var reason = TerminalDisconnectReason.ConnectionLost;
        var frame = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(frame.GetMemory(4096), CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    reason = closing ? TerminalDisconnectReason.ClosedByClient : TerminalDisconnectReason.ClosedByServer;
                    break;
                }

                frame.Advance(result.Count);
                if (frame.WrittenCount > MaxMessageBytes)
                {
                    reason = TerminalDisconnectReason.ProtocolError;
                    break;
                }

                if (!result.EndOfMessage)
                {
                    continue;
                }

                var message = result.MessageType == WebSocketMessageType.Text ? TerminalMessageCodec.Decode(frame.WrittenSpan) : null;
                frame.ResetWrittenCount();
                if (message is TerminalDisconnected ended)
                {
                    reason = ended.Reason;
                    break;
                }

                if (message is not null && !closing)
                {
                    status = TerminalConnectionStatus.Connected;
                    await received.Writer.WriteAsync(message, stopping.Token).ConfigureAwait(false);
                }
            }
        }
        catch (JsonException)
        {
            reason = TerminalDisconnectReason.ProtocolError;
        }
        catch (Exception) when (closing)
        {
            reason = TerminalDisconnectReason.ClosedByClient;
        }
        catch (Exception)
        {
            // Whatever broke the socket (reset, abort, disposed stream), the connection is gone.
            reason = TerminalDisconnectReason.ConnectionLost;
        }
        finally
        {
            disconnectReason = reason;
            status = TerminalConnectionStatus.Disconnected;
            received.Writer.TryComplete();
        }
    }
}
