using System.Net;

namespace StudioSandbox.Jupyter;

/// <summary>
/// The content of an upgraded websocket response with its duplex stream wrapped by <c>wrap</c>: how the proxy watches
/// or breaks a terminal's traffic.
/// </summary>
internal sealed class UpgradedStreamContent(HttpContent inner, Func<Stream, Stream> wrap) : HttpContent
{
    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        wrap(await inner.ReadAsStreamAsync(cancellationToken));

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        throw new NotSupportedException("An upgraded websocket response is read as a stream");

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
