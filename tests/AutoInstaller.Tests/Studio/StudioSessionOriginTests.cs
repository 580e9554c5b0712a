using System.Net;
using System.Net.Sockets;
using System.Text;
using AutoInstaller.Failures;
using AutoInstaller.SageMaker;
using AutoInstaller.Studio;

namespace AutoInstaller.Tests.Studio;

/// <summary>
/// A session sends a presigned URL only to the app's own origin (a space's, from DescribeSpace): the domain's origin,
/// another space's or any other host is refused before a connection is made there; a redirect to the AWS sign-in page
/// (an expired URL) is transient, a redirect to any other host permanent and not followed.
/// </summary>
public sealed class StudioSessionOriginTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ASpacesPresignedUrlOnTheDomainsOrAnotherSpacesOriginIsRefusedBeforeAnythingIsSentThere()
    {
        await using var domain = Listener.Start(IPAddress.Parse("127.0.0.1"), redirectTo: null);
        await using var otherSpace = Listener.Start(IPAddress.Parse("127.0.0.3"), redirectTo: null);
        await using var space = Listener.Start(IPAddress.Parse("127.0.0.2"), redirectTo: null);
        using var session = new StudioSession(StudioOrigin.ForSpace($"{space.Origin}/jupyterlab/default", "us-east-1", local: true), Timeout);

        foreach (var elsewhere in new[] { domain, otherSpace })
        {
            var error = await Assert.ThrowsAsync<StudioLoginException>(() => session.LoginAsync(Presigned(elsewhere.Origin), CancellationToken.None));

            Assert.Equal(FailureKind.Permanent, error.Kind);
            Assert.Equal($"the presigned URL is for {elsewhere.Origin}, not the app's Studio origin {space.Origin}", error.Message);
        }

        Assert.Equal((0, 0, 0), (domain.Connections, otherSpace.Connections, space.Connections));
    }

    [Theory]
    [InlineData("https://d-abcdefghijkl.studio.us-east-1.sagemaker.aws")]
    [InlineData("https://zyxwvutsrq54321.studio.us-east-1.sagemaker.aws")]
    [InlineData("https://abcdefghij12345.studio.us-east-1.sagemaker.aws.attacker.example")]
    [InlineData("http://abcdefghij12345.studio.us-east-1.sagemaker.aws")]
    [InlineData("https://signin.aws.amazon.com")]
    public async Task OnRealStudioHostsOnlyTheSpacesOwnHostIsAccepted(string elsewhere)
    {
        var origin = StudioOrigin.ForSpace("https://abcdefghij12345.studio.us-east-1.sagemaker.aws/jupyterlab/default", "us-east-1", local: false);
        using var session = new StudioSession(origin, Timeout);

        var error = await Assert.ThrowsAsync<StudioLoginException>(() => session.LoginAsync(Presigned(elsewhere), CancellationToken.None));

        Assert.Equal(FailureKind.Permanent, error.Kind);
        Assert.StartsWith($"the presigned URL is for {elsewhere}, not the app's Studio origin https://abcdefghij12345.studio.us-east-1.sagemaker.aws", error.Message);
        Assert.DoesNotContain("token", error.Message);
    }

    [Fact]
    public async Task ARedirectToTheSignInPageMeansTheUrlExpiredAndIsTransient()
    {
        await using var space = Listener.Start(IPAddress.Parse("127.0.0.2"), redirectTo: "https://signin.aws.amazon.com/signin?redirect_uri=x");
        using var session = new StudioSession(StudioOrigin.ForSpace(space.Origin, "us-east-1", local: true), Timeout);

        var error = await Assert.ThrowsAsync<StudioLoginException>(() => session.LoginAsync(Presigned(space.Origin), CancellationToken.None));

        Assert.Equal(FailureKind.Transient, error.Kind);
        Assert.Equal("login redirected to the AWS sign-in page (https://signin.aws.amazon.com): the presigned URL had expired or was used", error.Message);
        Assert.Equal(1, space.Connections);
    }

    [Fact]
    public async Task ARedirectToAnyOtherHostIsPermanentAndNotFollowed()
    {
        await using var foreign = Listener.Start(IPAddress.Parse("127.0.0.3"), redirectTo: null);
        await using var space = Listener.Start(IPAddress.Parse("127.0.0.2"), redirectTo: $"{foreign.Origin}/collect");
        using var session = new StudioSession(StudioOrigin.ForSpace(space.Origin, "us-east-1", local: true), Timeout);

        var error = await Assert.ThrowsAsync<StudioLoginException>(() => session.LoginAsync(Presigned(space.Origin), CancellationToken.None));

        Assert.Equal(FailureKind.Permanent, error.Kind);
        Assert.Equal($"login redirected to {foreign.Origin}, outside the app's Studio origin {space.Origin}", error.Message);
        Assert.Equal(0, foreign.Connections);
    }

    private static PresignedUrl Presigned(string origin) => new(new Uri($"{origin}/auth?token=presigned-token-value-0123456789"));

    /// <summary>A loopback TCP listener that counts connections and answers each request with a 302 (or 200 when there is nowhere to send it).</summary>
    private sealed class Listener : IAsyncDisposable
    {
        private readonly TcpListener listener;
        private readonly Task loop;
        private int connections;

        private Listener(TcpListener listener, string? redirectTo)
        {
            this.listener = listener;
            loop = AcceptAsync(redirectTo);
        }

        public string Origin => $"http://{((IPEndPoint)listener.LocalEndpoint).Address}:{((IPEndPoint)listener.LocalEndpoint).Port}";

        public int Connections => Volatile.Read(ref connections);

        public static Listener Start(IPAddress address, string? redirectTo)
        {
            var listener = new TcpListener(address, 0);
            listener.Start();
            return new Listener(listener, redirectTo);
        }

        public async ValueTask DisposeAsync()
        {
            listener.Stop();
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        private async Task AcceptAsync(string? redirectTo)
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync();
                Interlocked.Increment(ref connections);
                var stream = client.GetStream();
                var buffer = new byte[4096];
                var request = new StringBuilder();
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer);
                    if (read == 0)
                    {
                        break;
                    }

                    request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                var answer = redirectTo is null
                    ? "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    : $"HTTP/1.1 302 Found\r\nLocation: {redirectTo}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(answer));
            }
        }
    }
}
