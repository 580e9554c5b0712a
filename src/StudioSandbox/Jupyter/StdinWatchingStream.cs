namespace StudioSandbox.Jupyter;

/// <summary>
/// Passes the bytes the client sends through a <see cref="StdinFrameWatcher"/>; <c>onFirstStdin</c> runs once, when
/// the client's first stdin frame passes.
/// </summary>
internal sealed class StdinWatchingStream(Stream inner, Action onFirstStdin) : InterceptingStream(inner)
{
    private readonly StdinFrameWatcher _watcher = new();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_watcher.SawStdin && _watcher.Consume(buffer.Span))
        {
            onFirstStdin();
        }

        return Inner.WriteAsync(buffer, cancellationToken);
    }
}
