namespace AutoInstaller.Tests.Reliability;

/// <summary>Counts every HTTP request the client sends, before handing it to the real socket handler.</summary>
internal sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler { UseProxy = false })
{
    private int requests;

    public int Requests => Volatile.Read(ref requests);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref requests);
        return base.SendAsync(request, cancellationToken);
    }
}
