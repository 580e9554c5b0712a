using Amazon;
using Amazon.Runtime;
using AutoInstaller.Aws;
using AutoInstaller.Diagnostics;
using AutoInstaller.Failures;
using AutoInstaller.Jupyter;
using AutoInstaller.S3;
using AutoInstaller.SageMaker;
using AutoInstaller.Setup;
using AutoInstaller.Studio;

namespace AutoInstaller.Tests.Reliability;

/// <summary>
/// Every network call of the function against an endpoint that accepts the connection and never answers: each attempt
/// ends at its own timeout, is retried, and the failure is transient (Lambda retries the event), long before the
/// caller's deadline. The attempt timeouts are short here and the deadline long, so the outcome does not depend on
/// how fast the machine is.
/// </summary>
public sealed class HungEndpointTests : IDisposable
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private static readonly Log Quiet = new(TextWriter.Null, LogLevel.Info, Log.Text, TimeProvider.System);
    private readonly HungEndpoint hung = new();
    private readonly CancellationTokenSource deadline = new(Deadline);

    [Fact]
    public async Task SageMakerRetriesAHungAttemptAndEndsTransient()
    {
        var counter = new CountingHandler();
        var signer = new RequestSigner(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), RegionEndpoint.USEast1, "sagemaker");
        var client = new SageMakerClient(
            new HttpClient(counter) { Timeout = Timeout.InfiniteTimeSpan }, hung.Url, signer, TimeProvider.System, maxRetries: 2, AttemptTimeout);

        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            client.DescribeAppAsync(new DescribeAppRequest("d-sandbox00001", "JupyterServer", "default", "alice", null), deadline.Token));

        Assert.Equal("SageMaker DescribeApp did not answer: its last attempt got no answer within 0.3 s", error.Message);
        Assert.Equal(3, counter.Requests);
        Assert.False(deadline.IsCancellationRequested);
    }

    [Fact]
    public async Task S3RetriesAHungAttemptAndTheScriptFetchIsTransient()
    {
        var counter = new CountingHandler();
        var signer = new RequestSigner(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), RegionEndpoint.USEast1, "s3");
        var uri = S3ObjectUri.Parse("test", "s3://bucket/setup.sh");
        var source = new S3ScriptSource(uri, log => new S3Client(
            new HttpClient(counter) { Timeout = Timeout.InfiniteTimeSpan }, RegionEndpoint.USEast1, hung.Url, signer, TimeProvider.System, log, maxRetries: 1, AttemptTimeout),
            TimeProvider.System);

        var error = await Assert.ThrowsAsync<ScriptFetchException>(() => source.GetAsync(Quiet, deadline.Token));

        Assert.Equal(FailureKind.Transient, error.Kind);
        Assert.Equal("S3 GetObject s3://bucket/setup.sh did not answer: its last attempt got no answer within 0.3 s", error.Message);
        Assert.Equal(2, counter.Requests);
    }

    [Fact]
    public async Task AHungStudioLoginIsATransientLoginFailure()
    {
        var origin = StudioOrigin.Configured("test", hung.Url.GetLeftPart(UriPartial.Authority));
        using var session = new StudioSession(origin, AttemptTimeout);

        var error = await Assert.ThrowsAsync<StudioLoginException>(() =>
            session.LoginAsync(new PresignedUrl(new Uri(hung.Url, "auth?token=not-a-real-token")), deadline.Token));

        Assert.Equal(FailureKind.Transient, error.Kind);
        Assert.Equal($"Studio at {hung.Url.GetLeftPart(UriPartial.Authority)} did not answer within 0.3 s", error.Message);
        Assert.DoesNotContain("not-a-real-token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHungJupyterRestCallIsTransient()
    {
        using var http = new HttpClient { Timeout = AttemptTimeout };
        var jupyter = new JupyterClient(hung.Url, http, JupyterAuthentication.WithToken("token"));

        var error = await Assert.ThrowsAsync<JupyterApiException>(() => jupyter.GetStatusAsync(deadline.Token));

        Assert.Equal(FailureKind.Transient, error.Kind);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task AHungTerminalWebsocketConnectIsTransient()
    {
        using var http = new HttpClient { Timeout = AttemptTimeout };
        var jupyter = new JupyterClient(hung.Url, http, JupyterAuthentication.WithToken("token")) { ConnectTimeout = AttemptTimeout };

        var error = await Assert.ThrowsAsync<JupyterApiException>(() => jupyter.ConnectTerminalAsync("1", deadline.Token));

        Assert.Equal(FailureKind.Transient, error.Kind);
        Assert.Equal(("connect terminal websocket", null), (error.Operation, error.StatusCode));
        Assert.False(deadline.IsCancellationRequested);
    }

    public void Dispose()
    {
        hung.Dispose();
        deadline.Dispose();
    }
}
