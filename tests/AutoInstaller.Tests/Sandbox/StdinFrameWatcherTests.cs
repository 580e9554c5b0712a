using System.Net.WebSockets;
using System.Text;
using StudioSandbox.Jupyter;

namespace AutoInstaller.Tests.Sandbox;

/// <summary>The watcher against frames .NET's own client websocket writes (masked, every length encoding), fed in small chunks.</summary>
public sealed class StdinFrameWatcherTests
{
    [Fact]
    public async Task SeesTheFirstStdinFrameAfterOtherFramesOfEveryLength()
    {
        var before = await ClientFramesAsync(
            "[\"set_size\",60,1024,1200,8192]",
            "[\"stdout\",\"" + new string('x', 300) + "\"]",
            "[\"other\",\"" + new string('y', 70_000) + "\"]");
        var stdin = await ClientFramesAsync("[\"stdin\",\"stty -echo\\n\"]");

        var watcher = new StdinFrameWatcher();
        var completedAt = -1;
        byte[] stream = [.. before, .. stdin];
        for (var at = 0; at < stream.Length; at += 3)
        {
            if (watcher.Consume(stream.AsSpan(at, Math.Min(3, stream.Length - at))))
            {
                completedAt = at;
            }
        }

        Assert.True(watcher.SawStdin);
        Assert.InRange(completedAt, before.Length, before.Length + 30);
    }

    [Fact]
    public async Task FramesWithoutStdinAreNotTakenForIt()
    {
        var frames = await ClientFramesAsync("[\"set_size\",60,1024,1200,8192]", "[\"stdi\"]", "stdin", "[\"stdout\",\"[\\\"stdin\\\"\"]");
        var watcher = new StdinFrameWatcher();

        Assert.False(watcher.Consume(frames));
        Assert.False(watcher.SawStdin);
    }

    /// <summary>What a client websocket writes for these text messages, as bytes on the wire.</summary>
    private static async Task<byte[]> ClientFramesAsync(params string[] messages)
    {
        var wire = new MemoryStream();
        using var socket = WebSocket.CreateFromStream(wire, new WebSocketCreationOptions { IsServer = false });
        foreach (var message in messages)
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }

        return wire.ToArray();
    }
}
