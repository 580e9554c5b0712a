using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using AutoInstaller.Aws;
using AutoInstaller.Diagnostics;
using AutoInstaller.S3;
using AutoInstaller.Setup;
using AutoInstaller.Tests.Reliability;
using AutoInstaller.Tests.Sandbox;
using StudioSandbox.S3;
using Xunit.Abstractions;

namespace AutoInstaller.Tests.Pipeline;

/// <summary>
/// The whole pipeline with its script read from the sandbox's S3 for each event: a run that succeeds, a new version
/// that applies to the next run, a transient 5xx, and a matrix of failures that each end the run before anything runs.
/// </summary>
public sealed class S3ScriptPipelineTests(SandboxFixture fixture, ITestOutputHelper output) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private const string Bucket = "setup-scripts";
    private const string Counted = $"""
        #!/usr/bin/env bash
        set -euo pipefail
        # step: count
        {PipelineHarness.CountExecution}
        # step: version
        echo "script version 1"
        """;

    private readonly S3TestClient s3 = new(fixture.Host.Origin);
    private readonly PipelineHarness harness = new(fixture.Host);

    public async Task InitializeAsync()
    {
        await fixture.Host.Admin.ResetFaultsAsync();
        await s3.SetFaultsAsync(new S3FaultSettings());
        using var bucket = await s3.SendAsync(HttpMethod.Put, new Uri($"{s3.Endpoint}/{Bucket}"), [], SandboxHost.SecretAccessKey);
    }

    public async Task DisposeAsync()
    {
        await s3.SetFaultsAsync(new S3FaultSettings());
        output.WriteLine(harness.Logs);
        s3.Dispose();
    }

    [Fact]
    public async Task AScriptReadFromS3RunsAndTheResultAndLogNameItsVersion()
    {
        var versionId = await s3.PutObjectAsync(Bucket, "studio/setup.sh", Encoding.UTF8.GetBytes(Counted));

        var result = await harness.RunAsync(await harness.CreateAppAsync("s3-ok"), Source("studio/setup.sh"));

        Assert.Equal(SetupOutcome.Succeeded, result.Outcome);
        Assert.Equal(["count", "version"], result.Steps.Select(s => s.Name));
        Assert.Equal(["script version 1"], result.Steps[1].OutputTail);
        var bytes = Encoding.UTF8.GetBytes(Counted);
        var expected = new ScriptSummary("s3", $"s3://{Bucket}/studio/setup.sh", Md5(bytes), versionId, ScriptSummary.Hash(bytes), bytes.Length);
        Assert.Equal(expected, result.Script);
        Assert.Equal(1, await fixture.Host.Admin.GetExecutionCountAsync("s3-ok"));
        var fetched = LogLines().Single(l => l.GetProperty("message").GetString() == LogMessages.ScriptFetched);
        Assert.Equal((expected.Location, expected.ETag, expected.VersionId, expected.Sha256),
            (fetched.GetProperty("uri").GetString(), fetched.GetProperty("etag").GetString(), fetched.GetProperty("versionId").GetString(), fetched.GetProperty("sha256").GetString()));
        output.WriteLine($"fetch: {fetched.GetProperty("durationMs").GetInt64()} ms for {bytes.Length} bytes; run total {result.Timings.TotalMs} ms");
    }

    [Fact]
    public async Task ANewVersionOfTheObjectAppliesToTheNextRunWithoutAnyRedeployment()
    {
        await s3.PutObjectAsync(Bucket, "studio/changing.sh", Encoding.UTF8.GetBytes(Counted));
        var source = Source("studio/changing.sh");
        var eventJson = await harness.CreateAppAsync("s3-changed");
        var first = await harness.RunAsync(eventJson, source);

        var second = Encoding.UTF8.GetBytes(Counted.Replace("script version 1", "script version 2", StringComparison.Ordinal));
        var secondVersion = await s3.PutObjectAsync(Bucket, "studio/changing.sh", second);
        var next = await harness.RunAsync(PipelineHarness.WithNewEventId(eventJson), source);

        Assert.Equal((SetupOutcome.Succeeded, SetupOutcome.Succeeded), (first.Outcome, next.Outcome));
        Assert.Equal(["script version 1"], first.Steps[1].OutputTail);
        Assert.Equal(["script version 2"], next.Steps[1].OutputTail);
        Assert.Equal((secondVersion, ScriptSummary.Hash(second)), (next.Script!.VersionId, next.Script.Sha256));
        Assert.NotEqual(first.Script!.ETag, next.Script.ETag);
        Assert.Equal(2, await fixture.Host.Admin.GetExecutionCountAsync("s3-changed"));
    }

    [Fact]
    public async Task OneTransient5xxIsRetriedAndTheRunSucceeds()
    {
        await s3.PutObjectAsync(Bucket, "studio/retried.sh", Encoding.UTF8.GetBytes(Counted));
        var eventJson = await harness.CreateAppAsync("s3-retried");
        await s3.SetFaultsAsync(new S3FaultSettings { ErrorCount = 1 });

        var result = await harness.RunAsync(eventJson, Source("studio/retried.sh"));

        Assert.Equal(SetupOutcome.Succeeded, result.Outcome);
        Assert.Equal(0, (await s3.GetFaultsAsync()).ErrorCount);
        var retry = Assert.Single(LogLines(), l => l.GetProperty("message").GetString() == "S3 request failed; retrying");
        Assert.Equal($"S3 GetObject s3://{Bucket}/studio/retried.sh answered 503 SlowDown: Please reduce your request rate.", retry.GetProperty("error").GetString());
        Assert.Equal(1, await fixture.Host.Admin.GetExecutionCountAsync("s3-retried"));
    }

    /// <summary>
    /// Every way the object can be unusable, on one user whose app is InService: each run fails in stage fetch with a
    /// reason that names the s3:// URI and S3's code, nothing is delivered or run, no other script is tried; a 5xx that
    /// outlasts the retries fails the invocation so that Lambda retries it. Then the logs, results and errors of all of
    /// them (and of a run that logged in) are scanned for the sandbox's secrets and the credentials.
    /// </summary>
    [Fact]
    public async Task EachUnusableObjectFailsTheRunWithItsReasonAndRunsNothing()
    {
        const string user = "s3-refused";
        var eventJson = await harness.CreateAppAsync(user);
        await fixture.Host.SageMaker.WaitForJupyterServerStatusAsync(user, "InService", TimeSpan.FromSeconds(60));
        byte[] invalid = Encoding.UTF8.GetBytes($"# step: a\n{PipelineHarness.CountExecution}\n# step: a\necho twice\n");
        byte[] binary = [0x23, 0x20, 0xff, 0xfe, 0x0a];
        var big = Encoding.UTF8.GetBytes(PipelineHarness.CountExecution + "\n" + new string('#', S3ScriptSource.MaxBytes));
        await s3.PutObjectAsync(Bucket, "studio/ok.sh", Encoding.UTF8.GetBytes(Counted));
        await s3.PutObjectAsync(Bucket, "studio/invalid.sh", invalid);
        await s3.PutObjectAsync(Bucket, "studio/binary.sh", binary);
        await s3.PutObjectAsync(Bucket, "studio/big.sh", big);
        var rows = new List<string>();
        var evidence = new List<string>();

        async Task RefusedAsync(string what, ScriptSource source, string reason, S3FaultSettings? faults = null, TimeSpan? timeout = null)
        {
            await s3.SetFaultsAsync(faults ?? new S3FaultSettings());
            var before = await fixture.Host.Admin.GetExecutionCountAsync(user);
            var result = await harness.RunAsync(PipelineHarness.WithNewEventId(eventJson), source, timeout);
            await s3.SetFaultsAsync(new S3FaultSettings());
            var executions = await fixture.Host.Admin.GetExecutionCountAsync(user) - before;
            evidence.Add(JsonSerializer.Serialize(result, SetupJsonContext.Default.SetupResult));
            rows.Add($"{what,-34} {result.Outcome.Name(),-9} {executions,10}  {result.Reason}");
            Assert.Equal((SetupOutcome.Failed, reason, 0), (result.Outcome, result.Reason, executions));
            Assert.Empty(result.Steps);
            Assert.Null(result.Timings.WaitMs);
            Assert.Equal(source.Summary.Location, result.Script!.Location);
        }

        var prefix = $"stage fetch: S3 GetObject s3://{Bucket}";
        await RefusedAsync("404 NoSuchKey", Source("studio/missing.sh"), $"{prefix}/studio/missing.sh answered 404 NoSuchKey: The specified key does not exist.");
        await RefusedAsync("404 NoSuchBucket", Source("studio/ok.sh", bucket: "no-such-bucket"),
            "stage fetch: S3 GetObject s3://no-such-bucket/studio/ok.sh answered 404 NoSuchBucket: The specified bucket does not exist");
        await RefusedAsync("403 AccessDenied", Source("studio/ok.sh"), $"{prefix}/studio/ok.sh answered 403 AccessDenied: Access Denied",
            new S3FaultSettings { ErrorCount = 100, ErrorStatus = 403, ErrorCode = "AccessDenied", ErrorMessage = "Access Denied" });
        await RefusedAsync("403 wrong secret key", Source("studio/ok.sh", secret: "not-the-secret"),
            $"{prefix}/studio/ok.sh answered 403 SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        await RefusedAsync("403 unknown access key", Source("studio/ok.sh", accessKeyId: "AKIAUNKNOWNKEYEXAMPL"),
            $"{prefix}/studio/ok.sh answered 403 InvalidAccessKeyId: The AWS Access Key Id you provided does not exist in our records.");
        await RefusedAsync("invalid script (a step twice)", Source("studio/invalid.sh"),
            $"stage fetch: s3://{Bucket}/studio/invalid.sh (etag {Md5(invalid)}) is not a valid setup script: line 3: step 'a' appears twice");
        await RefusedAsync("not UTF-8", Source("studio/binary.sh"),
            $"stage fetch: s3://{Bucket}/studio/binary.sh (etag {Md5(binary)}) is not a valid setup script: the setup script is not UTF-8 text");
        await RefusedAsync("over 1 MiB", Source("studio/big.sh"), $"stage fetch: s3://{Bucket}/studio/big.sh is {big.Length} bytes; the limit is 1048576 bytes");
        await RefusedAsync("deadline while reading", Source("studio/ok.sh"), $"the deadline came during stage fetch of s3://{Bucket}/studio/ok.sh, before the setup started",
            new S3FaultSettings { ResponseDelayMs = 20_000 }, timeout: TimeSpan.FromSeconds(5));

        await s3.SetFaultsAsync(new S3FaultSettings { ErrorCount = 100 });
        var before = await fixture.Host.Admin.GetExecutionCountAsync(user);
        var retryable = await Assert.ThrowsAsync<SetupStageException>(() =>
            harness.RunAsync(PipelineHarness.WithNewEventId(eventJson), Source("studio/ok.sh", maxRetries: 2)));
        var attempts = 100 - (await s3.GetFaultsAsync()).ErrorCount;
        await s3.SetFaultsAsync(new S3FaultSettings());
        evidence.Add(retryable.Message);
        rows.Add($"{"503 SlowDown after the retries",-34} {"error",-9} {await fixture.Host.Admin.GetExecutionCountAsync(user) - before,10}  {retryable.Message}");
        Assert.EndsWith($"S3 GetObject s3://{Bucket}/studio/ok.sh answered 503 SlowDown: Please reduce your request rate.", retryable.Message);
        Assert.StartsWith("stage fetch for app d-sandbox00001/s3-refused/JupyterServer/default", retryable.Message);
        Assert.Equal(3, attempts);

        var loggedIn = await harness.RunAsync(PipelineHarness.WithNewEventId(eventJson), Source("studio/ok.sh"));
        Assert.Equal(SetupOutcome.Succeeded, loggedIn.Outcome);
        evidence.Add(JsonSerializer.Serialize(loggedIn, SetupJsonContext.Default.SetupResult));
        output.WriteLine($"{"case",-34} {"outcome",-9} executions  reason");
        output.WriteLine(string.Join("\n", rows));
        var leaks = await SecretScan.FindLeaksAsync(fixture.Host, evidence.Append(harness.Logs));
        output.WriteLine(leaks.Summary);
        Assert.True(leaks.Found.Count == 0, string.Join("\n", leaks.Found));
    }

    /// <summary>
    /// The script's source: the sandbox's S3 object, read with session credentials (the token is signed and must never
    /// be logged) and the function's S3 client.
    /// </summary>
    private S3ScriptSource Source(string key, string bucket = Bucket, string? secret = null, string? accessKeyId = null, int maxRetries = 6)
    {
        var region = RegionEndpoint.GetBySystemName(SandboxHost.Region);
        var credentials = new SessionAWSCredentials(accessKeyId ?? SandboxHost.AccessKeyId, secret ?? SandboxHost.SecretAccessKey, FaultScenarios.SessionToken);
        RunEvidence.Secret(RunEvidence.AwsSessionToken, FaultScenarios.SessionToken);
        var endpoint = s3.Endpoint;
        return new S3ScriptSource(S3ObjectUri.Parse("test", $"s3://{bucket}/{key}"), log =>
            new S3Client(new HttpClient { Timeout = TimeSpan.FromSeconds(30) }, region, endpoint, new RequestSigner(credentials, region, "s3"), TimeProvider.System, log, maxRetries),
            TimeProvider.System);
    }

    private static string Md5(byte[] content) => Convert.ToHexStringLower(MD5.HashData(content));

    private IEnumerable<JsonElement> LogLines() =>
        harness.Logs.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement);
}
