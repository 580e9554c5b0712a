namespace StudioSandbox.Jupyter;

/// <summary>
/// After <c>frames</c> complete server-to-client frames the connection breaks (reads fail): the websocket drop fault.
/// </summary>
internal sealed class FrameLimitedStream(Stream inner, int frames) : InterceptingStream(inner)
{
    private readonly WebSocketFrameCounter _counter = new();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_counter.CompletedFrames >= frames)
        {
            throw new IOException($"Websocket dropped after {frames} frames (websocketDropAfterFrames fault)");
        }

        var read = await Inner.ReadAsync(buffer, cancellationToken);
        return _counter.Consume(buffer.Span[..read], stopAfterFrames: frames);
    }
}
