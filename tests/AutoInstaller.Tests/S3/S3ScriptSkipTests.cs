using AutoInstaller.Composition;
using AutoInstaller.Diagnostics;
using AutoInstaller.Events;
using AutoInstaller.S3;
using AutoInstaller.SageMaker;
using AutoInstaller.Setup;

namespace AutoInstaller.Tests.S3;

public sealed class S3ScriptSkipTests
{
    /// <summary>A skipped event reads no script: no S3 client, so no credentials and no connection.</summary>
    [Theory]
    [InlineData("create-app-kernelgateway.json")]
    [InlineData("create-app-failed-resource-in-use.json")]
    [InlineData("malformed.json")]
    public async Task ASkippedEventBuildsNoS3Client(string sample)
    {
        var clients = 0;
        var source = new S3ScriptSource(S3ObjectUri.Parse("S", "s3://my-bucket/setup.sh"), _ =>
        {
            clients++;
            throw new InvalidOperationException("no S3 client may be built for a skipped event");
        }, TimeProvider.System);
        var policy = new AcceptPolicy(new HashSet<string> { "d-abcdefghijkl" }, new HashSet<string> { "JupyterServer" }, "us-east-1", "123456789012");
        var options = new PipelineOptions(policy, source, TimeSpan.FromSeconds(5), null);
        var ports = new PipelinePorts(new Lazy<ISageMakerApi>(() => throw new InvalidOperationException("no SageMaker client either")), new StudioSignIn(TimeSpan.FromSeconds(30)));
        var logs = new StringWriter();

        var result = await PipelineComposition.Pipeline(options, ports, new Log(logs, LogLevel.Debug, Log.Json, TimeProvider.System), TimeProvider.System)
            .RunAsync(await File.ReadAllBytesAsync(RepoPaths.Combine("events", sample)), DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None);

        Assert.Equal(SetupOutcome.Skipped, result.Outcome);
        Assert.Null(result.Script);
        Assert.Equal(0, clients);
        Assert.DoesNotContain("S3", logs.ToString(), StringComparison.Ordinal);
    }
}
