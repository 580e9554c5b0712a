using System.Net;
using System.Text;
using Amazon;
using Amazon.Runtime;
using AutoInstaller.Aws;
using AutoInstaller.Diagnostics;
using AutoInstaller.Events;
using AutoInstaller.SageMaker;
using AutoInstaller.Studio;
using Microsoft.Extensions.Time.Testing;

namespace AutoInstaller.Tests.Studio;

/// <summary>
/// The wait stage against a SageMaker that throttles DescribeApp: each throttled check is one call, not a burst of
/// retries, and a wait through more throttled answers than a call's retries allow still ends when the app is
/// InService. The clock is fake and advanced by the test; the answers are counted, not timed.
/// </summary>
public sealed class AppReadinessThrottlingTests
{
    private static readonly AppTarget App = new("0f6e2b5c-1d2e-4f3a-9b8c-7d6e5f4a3b2c", "us-east-1", "d-sandbox00001", "alice", null, "JupyterServer", "default");

    [Fact]
    public async Task TwelveThrottledChecksThenInServiceCostThirteenCallsAndTheWaitSucceeds()
    {
        var sageMaker = new ScriptedDescribeApp(throttled: 12, pending: 0);
        var time = new FakeTimeProvider();
        var log = new StringWriter();

        var checks = await WaitAsync(sageMaker, time, log);

        Assert.Equal(13, checks);
        Assert.Equal(13, sageMaker.Calls);
        Assert.Single(log.ToString().Split('\n'), line => line.Contains("DescribeApp throttled"));
        Assert.Contains("throttledChecks=12", log.ToString());
    }

    [Fact]
    public async Task ThrottledChecksAmongPendingOnesAreCountedAsChecks()
    {
        var sageMaker = new ScriptedDescribeApp(throttled: 3, pending: 4);
        var time = new FakeTimeProvider();

        var checks = await WaitAsync(sageMaker, time, new StringWriter());

        Assert.Equal(8, checks);
        Assert.Equal(8, sageMaker.Calls);
    }

    private static async Task<int> WaitAsync(ScriptedDescribeApp answers, FakeTimeProvider time, StringWriter log)
    {
        var signer = new RequestSigner(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), RegionEndpoint.USEast1, "sagemaker");
        // The attempt timeout counts fake time: an hour, so that advancing the clock never ends an attempt.
        var client = new SageMakerClient(new HttpClient(answers), new Uri("http://127.0.0.1:9/"), signer, time, attemptTimeout: TimeSpan.FromHours(1));
        var readiness = new AppReadiness(client, new Log(log, LogLevel.Info, Log.Text, time), time, () => 0.5);
        var wait = readiness.WaitForInServiceAsync(App, CancellationToken.None);
        for (var step = 0; !wait.IsCompleted && step < 100_000; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(1);
        }

        return await wait;
    }

    /// <summary>Answers DescribeApp with ThrottlingException, then Pending, then InService, as many times as told.</summary>
    private sealed class ScriptedDescribeApp(int throttled, int pending) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            var (status, body) = call <= throttled
                ? (HttpStatusCode.BadRequest, """{"__type":"com.amazon.coral.availability#ThrottlingException","message":"Rate exceeded"}""")
                : call <= throttled + pending
                    ? (HttpStatusCode.OK, """{"Status":"Pending"}""")
                    : (HttpStatusCode.OK, """{"Status":"InService"}""");
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/x-amz-json-1.1") });
        }
    }
}
